// @ts-check
import eslint from '@eslint/js';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'reports/',
      'coverage/',
      '.angular/',
      'data/',
      'test-results/',
      'apps/api/test/client/generated/',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    // Nest resolves constructor parameters from emitted type metadata: a type-only import
    // would erase the very class used as the injection token.
    files: ['apps/api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Features depend on ports; only the storage folder (and the module that binds it) knows
    // the adapters. class-validator's IsOptional lets null through: see common/validation/presence.
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/storage/**', 'apps/api/src/app.module.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/storage/*', '**/storage/**', '!**/storage/storage.module.js'],
              message: 'Features use repository ports; only StorageModule binds the adapters.',
            },
          ],
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message:
                'IsOptional also skips null: use Optional or OptionalNullable (common/validation/presence).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/src/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message:
                'IsOptional also skips null: use Optional or OptionalNullable (common/validation/presence).',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'apps/api/**/*.spec.ts',
      'apps/api/test/**/*.ts',
      'apps/admin-e2e/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      // Tests and benchmarks read loosely typed JSON from HTTP responses.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\.)', message: 'libs/contracts is framework-free: it imports nothing.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/admin/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      // Angular's Validators are static functions meant to be passed around unbound.
      '@typescript-eslint/unbound-method': 'off',
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'cd', style: 'camelCase' },
      ],
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'cd', style: 'kebab-case' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/api/**', '**/api/src/**'],
              message: 'The admin app never imports the API.',
            },
            {
              group: ['@nestjs/*', 'class-validator', 'class-transformer'],
              message: 'Server-only packages stay out of the browser bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/admin/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [eslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
);
