import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'tmp/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='parseFloat']", message: 'Money is integer kopecks.' },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Use node:crypto.' },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'pg', 'kysely', 'fastify', '@electric-sql/*', '../db/*', '../app/*', '../http/*'] },
      ],
    },
  },
  {
    // The cabinet runs in the browser; TypeScript checks its globals (window, document …).
    files: ['web/**/*.{ts,tsx}'],
    rules: { 'no-undef': 'off' },
  },
);
