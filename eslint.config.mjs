import tseslint from 'typescript-eslint';

// Entry points (resolvers, triggers) sit on top: nothing below them imports one.
const NO_ENTRY_POINTS = {
  group: ['**/resolvers', '**/resolvers/**', '**/triggers', '**/triggers/**'],
  message: 'Lower layers never import an entry point: move what you need into src/services.',
};
const FORGE_CLIENTS_OUTSIDE_THEIR_LAYER = [
  { name: '@forge/api', message: 'Call Jira through src/jira.' },
  { name: '@forge/kvs', message: 'Use src/storage.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'static/*/build/', 'coverage/', '.sandbox/', '.tmp/', 'sandbox/ui/', 'test/support/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The domain stays pure: no Forge, no I/O, no clock of its own.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@forge/*', 'node:*', 'fs', 'http', 'https'], message: 'src/domain must stay pure TypeScript.' },
            NO_ENTRY_POINTS,
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'No I/O in the domain.' }],
    },
  },
  {
    // Only src/jira talks to Jira and only src/storage to KVS; src/platform reads the invocation's own context.
    files: ['src/resolvers/**/*.ts', 'src/triggers/**/*.ts', 'src/index.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: FORGE_CLIENTS_OUTSIDE_THEIR_LAYER }] },
  },
  {
    files: ['src/services/**/*.ts', 'src/shared/**/*.ts', 'src/queue/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: FORGE_CLIENTS_OUTSIDE_THEIR_LAYER, patterns: [NO_ENTRY_POINTS] }] },
  },
  {
    files: ['src/jira/**/*.ts', 'src/storage/**/*.ts', 'src/platform/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_ENTRY_POINTS] }] },
  },
  {
    files: ['static/**/*.ts', 'static/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/src/jira/**',
                '**/src/storage/**',
                '**/src/services/**',
                '**/src/resolvers/**',
                '@forge/api',
                '@forge/kvs',
              ],
              message: 'Surfaces import only src/domain and src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
