import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';

export default tseslint.config(
  { ignores: ['dist/', 'lib/', 'out/', 'node_modules/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The Office add-in rules (load before read, sync after load, no sync in a loop, isNullObject…),
    // every one an error, on the Office.js adapter: elsewhere .value and .note belong to exceljs, which
    // the rules would take for Excel proxies. The plugin's preset also brings prettier; only its rules are taken.
    files: ['src/excel/**/*.ts', 'src/taskpane/index.tsx'],
    plugins: { 'office-addins': officeAddins },
    rules: Object.fromEntries(Object.keys(officeAddins.rules).map((name) => [`office-addins/${name}`, 'error'])),
  },
  {
    // The core stays pure: no DOM, no Office, no Node.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'exceljs', 'react', 'react-dom', '../excel/*', '../xlsx/*', '../taskpane/*'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'Office', 'Excel', 'process', 'require'],
    },
  },
);
