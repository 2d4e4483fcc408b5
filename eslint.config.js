import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const entryPoints = {
  group: ['**/functions/**', '**/infra/**'],
  message: 'shared/ must not depend on entry points',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdk.out/',
      'dist/',
      '.vks/',
      'coverage/',
      'test-artifacts/',
      'functions/api/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Tests read JSON answers of many shapes; typing each one would add noise, not safety.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The bin is plain JavaScript run by Node.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [entryPoints] }] },
  },
  {
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', 'hono', 'hono/*', '@hono/*', 'node:fs', 'node:fs/*'],
              message: 'the domain has no I/O',
            },
            entryPoints,
          ],
        },
      ],
    },
  },
);
