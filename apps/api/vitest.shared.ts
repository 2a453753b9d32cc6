import { fileURLToPath } from 'node:url';

import type { ViteUserConfig } from 'vitest/config';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What every API test run needs: Nest's legacy decorators with metadata, and the libs alias. */
export const apiTestBase: ViteUserConfig = {
  root: repositoryRoot,
  // Use the API's own config rather than discovering the root solution file and its references.
  tsconfig: fileURLToPath(new URL('./tsconfig.spec.json', import.meta.url)),
  oxc: {
    decorator: { legacy: true, emitDecoratorMetadata: true },
  },
  resolve: {
    alias: {
      '@collection-desk/contracts': fileURLToPath(
        new URL('../../libs/contracts/src/index.ts', import.meta.url),
      ),
    },
  },
};
