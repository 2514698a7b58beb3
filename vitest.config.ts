import { defineConfig } from 'vitest/config';

// Two lanes that run side by side, each one file at a time. Integration tests start real PostgreSQL,
// PostgREST, ffmpeg and Whisper, so more than one file per lane would crowd these 2-core machines; but the
// fault suite spends most of its time waiting (leases running out, processes killed and restarted, storage
// stalls), and that waiting overlaps well with the other lane's work. Every test uses its own ports and
// temporary folders, so the lanes share nothing but the CPU.
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
      { test: { ...shared, name: 'main', include: ['tests/**/*.test.ts'], exclude: ['tests/faults/**'] } },
    ],
  },
});
