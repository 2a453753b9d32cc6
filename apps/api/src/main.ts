// Kept free of static imports of the app: on an old Node.js the check below must run before
// anything that needs Node 24 (node:sqlite, NestJS 12) is loaded.
import { unsupportedNodeReason } from './node-version.js';

const reason = unsupportedNodeReason(process.versions.node);
if (reason) {
  process.stderr.write(`${reason}\n`);
  process.exit(1);
}

const { start } = await import('./bootstrap.js');
await start();
