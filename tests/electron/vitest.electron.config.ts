import { defineConfig } from 'vitest/config';

// `npm run test:electron` (tools/test-electron.mjs): every check that needs the real Electron binary.
// app-smoke.electron.ts is not one of `npm test`'s projects (their files end in .test.ts); the .test.ts
// files here skip themselves, saying why, where the binary is missing.
export default defineConfig({
  test: {
    include: ['tests/electron/**/*.electron.ts', 'tests/electron/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
