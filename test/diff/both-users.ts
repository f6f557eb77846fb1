// For differential tests that run each case as root and as nobody, ours from a world-readable
// copy of the build (the worktree may be closed to nobody in CI): tlsof's and tfuser's.
import { afterAll, beforeAll } from 'vitest';
import { lineDiff } from '../zoo/diff.ts';
import { type NobodyBin, nobodyBin } from '../zoo/nobody.ts';
import { countCompared } from '../zoo/tally.ts';
import { limiter } from './tpstree-harness.ts';

export type Runner = 'root' | 'nobody';

export interface CaseOutcome {
  label: string;
  reference: string;
  ours: string;
}

/** Makes (in beforeAll) a copy of the build nobody can run (test/zoo/nobody.ts); returns a getter for it. */
export function nobodyCopy(command: string): () => NobodyBin {
  let bin: NobodyBin | undefined;
  beforeAll(async () => {
    bin = await nobodyBin([command]);
  }, 60_000);
  afterAll(() => bin?.remove());
  return () => {
    if (!bin) throw new Error(`nobodyCopy(${command}): used before beforeAll`);
    return bin;
  };
}

/**
 * Runs every case (as root and as nobody unless `only`), `concurrency` at a time, counting them
 * for `tool`; `runCase` runs the two sides of one case one after the other. Returns the failures
 * (label and diff) and every outcome.
 */
export async function compareAsBothUsers<C extends { only?: Runner }>(
  tool: string,
  cases: C[],
  runCase: (c: C, runner: Runner) => Promise<CaseOutcome>,
  concurrency: number,
): Promise<{ failures: string[]; outcomes: CaseOutcome[] }> {
  const limit = limiter(concurrency);
  const jobs: Promise<CaseOutcome>[] = [];
  for (const c of cases) {
    for (const runner of ['root', 'nobody'] as const) {
      if (c.only && c.only !== runner) continue;
      jobs.push(limit(() => runCase(c, runner)));
    }
  }
  const outcomes = await Promise.all(jobs);
  countCompared(tool, outcomes.length);
  const failures = outcomes
    .filter((o) => o.reference !== o.ours)
    .map((o) => `${o.label}\n${lineDiff(o.reference, o.ours)}`);
  return { failures, outcomes };
}
