// Shared by the tfuser differential tests: runs fuser and tfuser side by side on the same
// processes, as root and as nobody, many cases at once. As nobody, ours runs from a world-readable
// copy of its dist files and koffi (the worktree may be closed to nobody in CI).
import { chmodSync, cpSync, mkdtempSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { removeDir } from '../zoo/cleanup.ts';
import { renameProgram, repoRoot } from '../zoo/compare.ts';
import { lineDiff } from '../zoo/diff.ts';
import { run } from '../zoo/run.ts';
import { limiter } from './tpstree-harness.ts';

export const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];

export type Runner = 'root' | 'nobody';

export interface FuserCase {
  name: string;
  args: string[];
  /** Runs only as this user (default: both). */
  only?: Runner;
  /** Written to stdin. */
  input?: string;
  /** Working directory of both tools (default: /). */
  cwd?: string;
  /** Words before the tool (as root, before any setpriv): e.g. nsenter into a mount namespace. */
  enter?: string[];
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** stderr into stdout, one pipe for both: the order of their writes shows. */
  merged?: boolean;
}

/** Makes (in beforeAll) a world-readable copy of tfuser; returns a getter for its path. */
export function tfuserCopy(): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tproc-tfuser-'));
    chmodSync(dir, 0o755);
    // Timestamps kept: the code cache is valid only for a bundle of the same size and mtime.
    cpSync(join(repoRoot, 'packages/tfuser/dist'), join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
    const koffi = realpathSync(join(repoRoot, 'packages/tfuser/node_modules/koffi'));
    // koffi finds its native package beside itself (node_modules/@koromix/...).
    cpSync(join(koffi, '..'), join(dir, 'node_modules'), { recursive: true, dereference: true });
    chmodTree(dir);
    // Run through a link named tfuser, as bin/tfuser is, so that it names itself so.
    symlinkSync('dist/tfuser.cjs', join(dir, 'tfuser'));
  });
  afterAll(() => removeDir(dir));
  return () => join(dir, 'tfuser');
}

function chmodTree(path: string): void {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    chmodSync(full, 0o755);
    if (entry.isDirectory()) chmodTree(full);
  }
}

/**
 * What truly differs between two runs: the descriptors of processes this machine's supervisor
 * runs (pid 1 here: as root every one of its descriptors gives `Cannot stat file /proc/1/fd/N:
 * Permission denied`, and it opens and closes them all the time). A run of such lines for one
 * process and one error becomes one line with `*` for the descriptor.
 */
export function collapseFdErrors(stderr: string): string {
  const out: string[] = [];
  let last = '';
  for (const line of stderr.split(/(?<=\n)/)) {
    const m = /^Cannot stat file \/proc\/(\d+)\/fd\/\d+: (.*)$/s.exec(line);
    if (!m) {
      out.push(line);
      last = '';
      continue;
    }
    const key = `Cannot stat file /proc/${m[1]}/fd/*: ${m[2]}`;
    if (key !== last) out.push(key);
    last = key;
  }
  return out.join('');
}

const show = (r: { stdout: string; stderr: string; status: number | null; signal: string | null }) =>
  `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}--- status ${r.signal ?? r.status}\n`;

export interface CaseOutcome {
  label: string;
  reference: string;
  ours: string;
}

/**
 * Runs every case (as root and as nobody unless `only`), `concurrency` at a time; the two sides
 * of one case run one after the other. Returns the failures (label and diff) and every outcome.
 */
export async function compareFuserCases(
  cases: FuserCase[],
  ours: () => string,
  { concurrency = 4 }: { concurrency?: number } = {},
): Promise<{ failures: string[]; outcomes: CaseOutcome[] }> {
  const limit = limiter(concurrency);
  const jobs: Promise<CaseOutcome>[] = [];
  for (const c of cases) {
    for (const runner of ['root', 'nobody'] as const) {
      if (c.only && c.only !== runner) continue;
      jobs.push(limit(() => runCase(c, runner, ours())));
    }
  }
  const outcomes = await Promise.all(jobs);
  const failures = outcomes
    .filter((o) => o.reference !== o.ours)
    .map((o) => `${o.label}\n${lineDiff(o.reference, o.ours)}`);
  return { failures, outcomes };
}

async function runCase(c: FuserCase, runner: Runner, ourPath: string): Promise<CaseOutcome> {
  const prefix = [...(c.enter ?? []), ...(runner === 'nobody' ? AS_NOBODY : [])];
  const opts = {
    env: c.env,
    cwd: c.cwd ?? '/',
    timeoutMs: c.timeoutMs ?? 20_000,
    ...(c.input !== undefined && { input: c.input }),
  };
  const tool = (path: string) => (c.merged ? ['sh', '-c', 'exec "$0" "$@" 2>&1', path] : [path]);
  const ref = await run([...prefix, ...tool('fuser'), ...c.args], opts);
  const our = await run([...prefix, ...tool(ourPath), ...c.args], opts);
  const reference = show({ ...ref, stderr: collapseFdErrors(renameProgram(ref.stderr, 'fuser', 'tfuser')) });
  const mine = show({ ...our, stderr: collapseFdErrors(our.stderr.replaceAll(ourPath, 'tfuser')) });
  return { label: `${runner}: tfuser ${c.name} ${JSON.stringify(c.args)}`, reference, ours: mine };
}
