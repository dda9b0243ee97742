import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  // pdf-lib loads as one file through src/util/pdf-lib.ts; a second copy would cost 0.4 s and break its instanceof checks.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/util/pdf-lib.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@cantoo/pdf-lib', message: 'import from src/util/pdf-lib.ts (one copy, loaded as one file)' }] }] },
  },
  // CommonJS config files (dependency-cruiser reads .cjs).
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
);
