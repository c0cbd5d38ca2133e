import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The layers of src/ (what may import what) are checked by dependency-cruiser: npm run lint:layers.
  { ignores: ['node_modules/', 'data/', 'dist/', 'tmp/', 'web/dist/', 'web/dist-guest/'] },
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
    // One place reads the environment and checks it at start (src/config.ts); the rest reads config.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from src/config.ts (config.xxx); add a new variable there and to the README table.' },
      ],
    },
  },
  {
    // The cabinet runs in the browser; TypeScript checks its globals (window, document …).
    files: ['web/**/*.{ts,tsx}'],
    rules: { 'no-undef': 'off' },
  },
);
