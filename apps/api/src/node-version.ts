export const MINIMUM_NODE_MAJOR = 24;

/**
 * Returns why this Node.js cannot run the API, or null when it can. npm scripts put the
 * project's own Node 24 first on PATH; a lower major means that install step was skipped.
 */
export function unsupportedNodeReason(version: string): string | null {
  const major = Number(version.split('.')[0]);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return null;
  return (
    `Collection Desk needs Node.js ${MINIMUM_NODE_MAJOR} or newer (it uses the built-in node:sqlite), ` +
    `but this is Node.js ${version}. Run it through npm (npm start), which uses the Node.js ` +
    `${MINIMUM_NODE_MAJOR} installed by the "node" package in node_modules, or install Node.js ` +
    `${MINIMUM_NODE_MAJOR} (see .nvmrc).`
  );
}
