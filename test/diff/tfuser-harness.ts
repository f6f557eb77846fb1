// Shared by the tfuser differential tests: runs fuser and tfuser side by side on the same
// processes, as root and as nobody, many cases at once. Ours runs from a world-readable copy of
// the build (the worktree may be closed to nobody in CI), the same copy for both.
import { renameProgram } from '../zoo/compare.ts';
import { AS_NOBODY } from '../zoo/nobody.ts';
import { run } from '../zoo/run.ts';
import { type CaseOutcome, compareAsBothUsers, nobodyCopy, type Runner } from './both-users.ts';

export type { CaseOutcome, Runner };

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

/** tfuser's path in a world-readable copy of the build (made in beforeAll). */
export function tfuserCopy(): () => string {
  const copy = nobodyCopy('tfuser');
  return () => copy().path('tfuser');
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

/**
 * Runs every case (as root and as nobody unless `only`), `concurrency` at a time; the two sides
 * of one case run one after the other. Returns the failures (label and diff) and every outcome.
 */
export function compareFuserCases(
  cases: FuserCase[],
  ours: () => string,
  { concurrency = 4 }: { concurrency?: number } = {},
): Promise<{ failures: string[]; outcomes: CaseOutcome[] }> {
  return compareAsBothUsers('tfuser', cases, (c, runner) => runCase(c, runner, ours()), concurrency);
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
