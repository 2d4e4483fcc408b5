import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', '.vks/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/functions/**', '**/infra/**'], message: 'shared/ must not depend on entry points' }] },
      ],
    },
    files: ['shared/**/*.ts'],
  },
  {
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*', 'hono', 'hono/*', '@hono/*', 'node:fs', 'node:fs/*'], message: 'the domain has no I/O' },
            { group: ['**/functions/**', '**/infra/**'], message: 'shared/ must not depend on entry points' },
          ],
        },
      ],
    },
  },
);
