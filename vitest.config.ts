import { defineConfig } from 'vitest/config';

// One run for every suite: unit tests are fast; integration tests start real PostgreSQL, PostgREST,
// ffmpeg and Whisper, so files run one at a time on these 2-core machines.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
