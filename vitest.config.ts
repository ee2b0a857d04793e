import { defineConfig } from 'vitest/config';

// `npm run test:faults` sets TRACK_FAULTS_FULL=1: the same fault, nemesis and fuzz suites at full size.
const full = process.env.TRACK_FAULTS_FULL === '1';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default there is one): most tests wait on the
    // processes, servers and browsers they start, so the suite takes about two thirds of the time.
    maxWorkers: 2,
    setupFiles: ['test/setup-fast-check.ts'],
    globalSetup: ['test/setup-postgres.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    projects: [
      { extends: true as const, test: { name: 'default', include: ['test/**/*.test.ts'] } },
      ...(full ? [{ extends: true as const, test: { name: 'faults', include: ['test/faults/**/*.test.ts'], testTimeout: 900_000, hookTimeout: 300_000 } }] : []),
    ],
  },
});
