// vitest setupFiles: when a test file ends, writes what it compared (tally.ts) where the global
// teardown (tally-global.ts) finds it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { takeTally } from './tally.ts';

afterAll(() => {
  const dir = inject('tallyDir');
  const tally = takeTally();
  if (!dir || (Object.keys(tally.compared).length === 0 && tally.retries.length === 0)) return;
  const name = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`;
  writeFileSync(join(dir, name), JSON.stringify(tally));
});

declare module 'vitest' {
  export interface ProvidedContext {
    tallyDir: string;
  }
}
