import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { pidNamespacePool } from './test/zoo/pidns-pool.ts';

/**
 * Run a second time with the commands on Node (TPROC_RUNTIME=node): a smoke subset. The handover
 * to Node (runtime), signals through koffi (tkill, -q too) and a quarter of the column lines.
 */
const NODE_SMOKE = ['test/core/runtime.test.ts', 'test/diff/tkill.test.ts', 'test/diff/tps-columns.test.ts'];

/** Test files that need a module graph of their own. */
const ISOLATED = ['test/core/lazy-tables.test.ts', 'test/core/reader-library.test.ts'];

export default defineConfig({
  test: {
    // Each worker in a PID namespace of its own (test/zoo/pidns-pool.ts): a file sees no other
    // worker's processes, so two run side by side even on 2 cores (vitest's default there is one).
    pool: pidNamespacePool,
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    // A worker process runs file after file (no fresh process and module graph per file: ~0.5 s
    // each): the test files share no state but the module cache, whose tables are read-only. Only
    // ISOLATED, which watches tables being built, needs modules fresh.
    isolate: false,
    hookTimeout: 60_000,
    // Counts the differential cases per tool and the retries on timing (test/zoo/tally.ts).
    globalSetup: ['test/zoo/tally-global.ts'],
    setupFiles: ['test/zoo/tally-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'bun', include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ISOLATED },
      },
      { extends: true, test: { name: 'bun-isolated', include: ISOLATED, isolate: true } },
      { extends: true, test: { name: 'node', include: NODE_SMOKE, env: { TPROC_RUNTIME: 'node' } } },
    ],
  },
});
