// What `npm run serve` runs, read from package.json: benchmarks and the start-up test start the
// built app exactly so, without npm in between.
import { readFileSync } from 'node:fs';

/**
 * The environment settings (`NAME=value` before `node`), then the Node.js flags and the entry
 * file after `node`. Throws when `serve` has another shape.
 */
export function serveCommand(packageJson = 'package.json') {
  const { scripts } = JSON.parse(readFileSync(packageJson, 'utf8'));
  const words = scripts.serve.split(/\s+/);
  const node = words.indexOf('node');
  const settings = words.slice(0, node).map((word) => /^([A-Z_]+)=(\S+)$/.exec(word));
  if (node < 0 || settings.includes(null)) {
    throw new Error(`npm run serve should be NAME=value settings, then node: ${scripts.serve}`);
  }
  return {
    env: Object.fromEntries(settings.map(([, name, value]) => [name, value])),
    args: words.slice(node + 1),
  };
}
