// Builds the API, then runs benchmarks from bench/: all of them, or the one named first.
// Usage: npm run bench [-- <name> [args...]]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const [only, ...args] = process.argv.slice(2);
const benches = readdirSync('bench')
  .filter((file) => file.endsWith('.bench.mjs'))
  .filter((file) => !only || file === `${only}.bench.mjs`);
if (benches.length === 0) {
  console.error(`No benchmark named ${only}; see bench/*.bench.mjs`);
  process.exit(2);
}

const run = (command, commandArgs) =>
  spawnSync(command, commandArgs, { stdio: 'inherit' }).status ?? 1;
if (run('npx', ['nest', 'build', 'api']) !== 0) process.exit(1);
let failed = 0;
for (const bench of benches) {
  console.log(`\n## ${bench}`);
  if (run(process.execPath, [`bench/${bench}`, ...args]) !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
