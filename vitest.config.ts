import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Counts the differential cases per tool and the retries on timing (test/zoo/tally.ts).
    globalSetup: ['test/zoo/tally-global.ts'],
    setupFiles: ['test/zoo/tally-setup.ts'],
  },
});
