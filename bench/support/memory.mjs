import { readFileSync, writeFileSync } from 'node:fs';

/** Peak resident memory of a process since it started or since `resetPeakRss` (Linux). */
export const peakRssMb = (pid) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Starts a new peak from the present resident memory, to measure one phase alone (Linux). */
export const resetPeakRss = (pid) => writeFileSync(`/proc/${pid}/clear_refs`, '5');
