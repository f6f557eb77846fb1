// Runs bin/tproc on the zoo as root and as nobody. As nobody, tproc runs from a world-readable
// copy of its dist files and koffi (the worktree may be closed to nobody in CI).
import { chmodSync, cpSync, mkdtempSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { removeDir } from '../zoo/cleanup.ts';
import { repoRoot } from '../zoo/compare.ts';
import { type Run, type RunOptions, run } from '../zoo/run.ts';

export const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
export type Runner = 'root' | 'nobody';

function chmodTree(path: string): void {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    chmodSync(full, 0o755);
    if (entry.isDirectory()) chmodTree(full);
  }
}

/** Makes (in beforeAll) a world-readable copy of tproc; returns a getter for its path. */
export function tprocCopy(): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tproc-umbrella-'));
    chmodSync(dir, 0o755);
    cpSync(join(repoRoot, 'packages/tproc/dist'), join(dir, 'dist'), { recursive: true });
    const koffi = realpathSync(join(repoRoot, 'packages/tproc/node_modules/koffi'));
    cpSync(join(koffi, '..'), join(dir, 'node_modules'), { recursive: true, dereference: true });
    chmodTree(dir);
    symlinkSync('dist/tproc.cjs', join(dir, 'tproc'));
  });
  afterAll(() => removeDir(dir));
  return () => join(dir, 'tproc');
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
