import { defineConfig } from 'vitest/config';

/** Run a second time with the commands on Node (TPROC_RUNTIME=node): a smoke subset. */
const NODE_SMOKE = [
  'test/core/runtime.test.ts',
  'test/diff/tkill.test.ts',
  'test/diff/tpidof.test.ts',
  'test/diff/tps-columns.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Counts the differential cases per tool and the retries on timing (test/zoo/tally.ts).
    globalSetup: ['test/zoo/tally-global.ts'],
    setupFiles: ['test/zoo/tally-setup.ts'],
    projects: [
      { extends: true, test: { name: 'bun', include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { extends: true, test: { name: 'node', include: NODE_SMOKE, env: { TPROC_RUNTIME: 'node' } } },
    ],
  },
});
