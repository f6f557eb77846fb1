// Runs bin/tproc on the zoo as root and as nobody. As nobody, tproc runs from a world-readable
// copy of the build (test/zoo/nobody.ts: the multi-call executable, the worktree may be closed to
// nobody in CI).
import { afterAll, beforeAll } from 'vitest';
import { AS_NOBODY, type NobodyBin, nobodyBin } from '../zoo/nobody.ts';
import { type Run, type RunOptions, run } from '../zoo/run.ts';

export type Runner = 'root' | 'nobody';

/** Makes (in beforeAll) a world-readable copy of the build; returns a getter for tproc's path in it. */
export function tprocCopy(): () => string {
  let copy: NobodyBin | undefined;
  beforeAll(async () => {
    copy = await nobodyBin(['tproc']);
  }, 60_000);
  afterAll(() => copy?.remove());
  return () => {
    if (!copy) throw new Error('tprocCopy: the copy was not made');
    return copy.path('tproc');
  };
}

export function runTproc(tproc: string, runner: Runner, args: string[], opts: RunOptions = {}): Promise<Run> {
  const prefix = runner === 'nobody' ? AS_NOBODY : [];
  return run([...prefix, tproc, ...args], { timeoutMs: 30_000, ...opts });
}

/** Parses stdout as JSON, failing with the run's output when it is not. */
export function json(r: Run): unknown {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (status ${r.status}):\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr}`);
  }
}
