/** A worker for background-priority's test: lowers its own priority and reports the result. */
import { register } from 'node:module';
import { parentPort } from 'node:worker_threads';

register('./typescript-hooks.mjs', import.meta.url);

const { yieldToRequests } = await import('./background-priority.js');

parentPort!.postMessage(yieldToRequests());
