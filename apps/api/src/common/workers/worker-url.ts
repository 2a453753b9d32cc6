/**
 * The URL of a worker module beside the calling one. Under the test runner the caller is
 * TypeScript source and so is its worker (Node strips the types); the build has both as `.js`.
 */
export function siblingWorker(name: string, callerUrl: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}
