import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** What each layer must not import (see README, "Architecture"). One message per rule. */
const layerZones = [
  {
    target: './electron/contract',
    from: [
      './electron/core',
      './electron/main',
      './electron/preload',
      './electron/worker',
      './electron/cli',
      './renderer',
    ],
    message: 'The contract is the shared vocabulary: it imports zod only.',
  },
  {
    target: './electron/core',
    from: ['./electron/main', './electron/preload', './electron/worker', './electron/cli', './renderer'],
    message: 'The core is the product and runs under plain Node: it never imports a host or the UI.',
  },
  {
    target: './electron/main',
    from: ['./electron/core', './electron/worker', './electron/cli', './renderer'],
    message: 'Main supervises and presents: it talks to the core only through the worker protocol.',
  },
  {
    target: './electron/preload',
    from: ['./electron/core', './electron/main', './electron/worker', './electron/cli', './renderer'],
    message: 'The preload exposes the contract’s WorkerApi and nothing else.',
  },
  {
    target: './renderer',
    from: ['./electron/core', './electron/main', './electron/preload', './electron/worker', './electron/cli'],
    message: 'The renderer depends only on the contract’s WorkerApi.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-electron',
      'release',
      'resources',
      'tools/models',
      '**/*.mjs',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling'],
          'newlines-between': 'always',
          alphabetize: { order: 'asc' },
        },
      ],
      'no-console': 'error',
      // winston declares its transports as classes unrelated to TransportStream: a false positive.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['electron/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'electron'], message: 'The contract imports zod only.' }] },
      ],
    },
  },
  {
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The core never imports Electron.' }] },
      ],
    },
  },
  {
    files: ['tests/**', 'vitest.config.ts', 'eslint.config.js'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
