// One lint for the whole tree: typescript-eslint's recommended rules, the type-aware ones that catch real bugs
// (a promise nobody awaits), type-only imports kept type-only, and no import cycles. Formatting is Prettier's.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/test-output/**', 'frontend/src/api/schema.d.ts', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } }, 'import-x/extensions': ['.ts', '.js'] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' },
      ],
      // `any` is confined to the few places pg rows and third-party types demand it, each marked
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Nest injects by the constructor's parameter types: with decorator metadata on, the rule keeps those imports as values
    files: ['backend/**/*.ts'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
  },
  {
    // compiled as part of the backend's program, with no tsconfig of their own
    files: ['gis-data/**/*.ts', 'migrations/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['backend/tsconfig.json'] } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        document: 'readonly',
        window: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        URLSearchParams: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        require: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
);
