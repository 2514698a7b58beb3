import { defineConfig } from 'vitest/config';

// Two projects, run as two lanes side by side by `npm test` (concurrently): the fault suite and the rest.
// Within a lane files run one at a time, since integration tests start real PostgreSQL, PostgREST, ffmpeg and
// Whisper on these 2-core machines; but the fault suite spends much of its time waiting (leases running out,
// processes killed and restarted, storage stalls), which overlaps well with the other lane's work. Every test
// uses its own ports and temporary folders, so the lanes share nothing but the CPU. (One vitest process runs
// its projects in one pool, one file at a time here, hence two processes.) tests/electron needs the Electron
// binary and runs by `npm run test:electron` only, never skipped inside `npm test`.
const shared = {
  pool: 'forks',
  fileParallelism: false,
  testTimeout: 120_000,
  hookTimeout: 120_000,
} as const;

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      { test: { ...shared, name: 'faults', include: ['tests/faults/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'main',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/faults/**', 'tests/electron/**'],
        },
      },
    ],
  },
});
