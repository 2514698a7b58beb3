import { defineConfig } from 'vitest/config';

// `npm run test:electron` only (tools/test-electron.mjs): needs the real Electron binary, so it is not
// one of `npm test`'s projects (their files end in .test.ts; this one in .electron.ts).
export default defineConfig({
  test: { include: ['tests/electron/**/*.electron.ts'], testTimeout: 300_000, hookTimeout: 120_000 },
});
