// Shared by the tlsof differential tests: runs lsof and tlsof side by side, as root and as
// nobody, many cases at once. Ours runs from a world-readable copy of the build (the worktree may
// be closed to nobody in CI).
import { renameProgram } from '../zoo/compare.ts';
import { AS_NOBODY, type NobodyBin } from '../zoo/nobody.ts';
import { inProcessAllowed, run, runMain } from '../zoo/run.ts';
import { type CaseOutcome, compareAsBothUsers, nobodyCopy, type Runner } from './both-users.ts';
import { retryOnTiming } from '../zoo/tally.ts';
import { referenceVersionAsOurs } from './version.ts';

export { AS_NOBODY };
export type { CaseOutcome, Runner };

export interface LsofCase {
  name: string;
  args: string[];
  env?: Record<string, string | undefined>;
  /** Applied to both stdouts (e.g. to keep the zoo's lines of a whole-system listing). */
  normalise?: (text: string) => string;
  /** Runs only as this user (default: both). */
  only?: Runner;
  /** Written to stdin. */
  input?: string;
  /** Working directory of both runs. */
  cwd?: string;
  timeoutMs?: number;
}

/** A copy of the build nobody can run, with tlsof (made in beforeAll). */
export function tlsofCopy(): () => NobodyBin {
  return nobodyCopy('tlsof');
}

const show = (r: { stdout: string; stderr: string; status: number | null; signal: string | null }) =>
  `--- stdout\n${r.stdout}--- stderr\n${r.stderr}--- status ${r.signal ?? r.status}\n`;

/**
 * Runs every case (as root and as nobody unless `only`), `concurrency` at a time; the two sides
 * of one case run one after the other. Returns the failures (label and diff).
 */
export function compareLsofCases(
  cases: LsofCase[],
  copy: () => NobodyBin,
  { concurrency = 6 }: { concurrency?: number } = {},
): Promise<{ failures: string[]; outcomes: CaseOutcome[] }> {
  return compareAsBothUsers(
    'tlsof',
    cases,
    (c, runner) =>
      retryOnTiming(
        `tlsof ${c.name} as ${runner}: a socket missed in a table`,
        2,
        () => runCase(c, runner, copy()),
        (o) => o.reference === o.ours || unknownSockets(o.reference) === unknownSockets(o.ours),
      ),
    concurrency,
  );
}

/**
 * The sockets a listing found in no table (TYPE sock, NAME `protocol: ...`). The kernel hands
 * /proc/net/unix out a page a read, each read starting again at a position counted within a hash
 * bucket: a socket that goes away (other cases' and workers' come and go all the time) moves the
 * next read past one that stays. Seen once in CI: the zoo's bound datagram socket listed by lsof,
 * a `sock` of ours. Both tools read the table so; a case whose sides show a different number of
 * such sockets is run again once, against the run's retry budget.
 */
const unknownSockets = (text: string): number => (text.match(/protocol: |^tsock$/gm) ?? []).length;

async function runCase(c: LsofCase, runner: Runner, copy: NobodyBin): Promise<CaseOutcome> {
  const ourPath = copy.path('tlsof');
  const prefix = runner === 'nobody' ? AS_NOBODY : [];
  const opts = {
    env: c.env,
    timeoutMs: c.timeoutMs ?? 20_000,
    ...(c.input !== undefined && { input: c.input }),
    ...(c.cwd !== undefined && { cwd: c.cwd }),
  };
  const ref = await run([...prefix, 'lsof', ...c.args], opts);
  // Ours runs in-process (runner.ts, on Bun; as nobody, a runner of nobody's) where nothing but the
  // arguments reaches it (see inProcessAllowed; nor a timeout) and it ends at once (not -r/+r,
  // which sleep between cycles while the runner's in-process queue waits): the cases list only the
  // zoo's processes, never tlsof's own.
  const inProcess = inProcessAllowed(opts) && c.timeoutMs === undefined && !c.args.some((a) => /^[-+]r/.test(a));
  const our = !inProcess
    ? await run([...prefix, ourPath, ...c.args], opts)
    : runner === 'root'
      ? await runMain('tlsof', c.args, opts)
      : await copy.runMain('tlsof', c.args, opts);
  const norm = c.normalise ?? ((t: string) => t);
  const reference = show({
    ...ref,
    stdout: norm(ref.stdout),
    stderr: renameProgram(referenceVersionAsOurs(ref.stderr), 'lsof', 'tlsof'),
  });
  const mine = show({ ...our, stdout: norm(our.stdout), stderr: our.stderr.replaceAll(ourPath, 'tlsof') });
  return { label: `${runner}: tlsof ${c.name} ${JSON.stringify(c.args)}`, reference, ours: mine };
}
