import { defineConfig, type UserConfig } from '@hey-api/openapi-ts';

/** The generated TypeScript client the API tests drive (`npm run openapi` writes it). */
export const clientGeneration = {
  input: 'apps/api/openapi.json',
  output: { path: 'apps/api/test/client/generated', importFileExtension: '.js' },
} satisfies UserConfig;

export default defineConfig(clientGeneration);
