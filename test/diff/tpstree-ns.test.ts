// Differential tests of `tpstree -N TYPE` (and -S across namespaces) against /usr/bin/pstree.
//
// -N ignores the PID/USER operand and always draws from pid 1, so these cases cannot be cut down
// to a zoo subtree. Instead the processes live in a PID namespace of their own (pid 1 there is a
// shell that starts them in assorted namespaces), and each command runs in that namespace's mount
// namespace (so /proc lists exactly those processes) but as pid 1 of a fresh sibling PID namespace:
// the command does not see itself, both commands see the same processes, and the ns link that
// pstree checks first, /proc/<getpid()>/ns/TYPE, is that of the zoo's pid 1.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Comparison, comparePair, expectSame, repoRoot } from '../zoo/compare.ts';
import { Keeper } from '../zoo/keeper.ts';
import { childrenOf, readStat, waitFor } from '../zoo/proc.ts';
import { reachableNodeBuild } from '../zoo/reachable.ts';
import { run } from '../zoo/run.ts';
import { CONCURRENCY, limiter } from './tpstree-harness.ts';

const forever = 'sleep 100000';
const asNobody = 'setpriv --reuid=nobody --regid=nogroup --clear-groups';
/** Pid 1 of the zoo. Its first child (pid 2) is owned by nobody: see the `nobody` runner. */
const ZOO_SCRIPT = `
${asNobody} ${forever} &
unshare --net ${forever} &
unshare --uts --ipc sh -c '${forever} & unshare --net ${forever} & exec ${forever}' &
unshare --net sh -c '${forever} & ${forever} & nsenter --net=/proc/1/ns/net ${forever} & wait' &
unshare --mount --cgroup --time --fork ${forever} &
unshare --user --pid --fork ${forever} &
unshare --net ${asNobody} sh -c '${forever} & exec ${forever}' &
sh -c 'sleep 0 & exec ${forever}' &
unshare --net sh -c 'sleep 0 & exec ${forever}' &
unshare --net perl -e 'use threads; threads->create(sub { sleep 100000 }) for 1..2; sleep 100000' &
unshare --uts sh -c '${forever} & exec ${forever}' &
unshare --uts sh -c '${forever} & exec ${forever}' &
echo started
read line
`;
/** Once every process of ZOO_SCRIPT has exec'd: its sleeps (2 of them zombies) and perl's threads. */
const SLEEPS = 20;
const ZOMBIES = 2;

interface NsZoo {
  /** Host pid of the zoo's pid 1. */
  init: number;
  keeper: Keeper;
}

function descendants(pid: number): number[] {
  const all: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    for (const c of childrenOf(p)) {
      all.push(c);
      stack.push(c);
    }
  }
  return all;
}

async function startNsZoo(): Promise<NsZoo> {
  const keeper = new Keeper('tproc-tpstree-ns-');
  try {
    const unshare = keeper.start(
      ['unshare', '--pid', '--fork', '--kill-child', '--mount-proc', 'sh', '-c', ZOO_SCRIPT],
      {
        stdin: 'pipe',
        endOnStdinClose: true,
      },
    );
    await unshare.nextLine();
    const init = childrenOf(unshare.pid)[0];
    if (init === undefined) throw new Error('no pid 1 in the namespace zoo');
    await waitFor(
      () => {
        const stats = descendants(init).map(readStat);
        const sleeps = stats.filter((s) => s?.comm.toString() === 'sleep');
        const perl = stats.find((s) => s?.comm.toString() === 'perl');
        return (
          sleeps.length === SLEEPS &&
          sleeps.filter((s) => s?.state === 'Z').length === ZOMBIES &&
          perl?.numThreads === 3
        );
      },
      'the namespace zoo to settle',
      10_000,
    );
    return { init, keeper };
  } catch (err) {
    await keeper.stop();
    throw err;
  }
}

type Runner = 'sibling' | 'nobody' | 'outside';

/** How a command runs against the zoo's /proc (see the top of the file). */
function wrap(runner: Runner, init: number, argv: string[]): string[] {
  const mountNs = ['nsenter', '--mount', '--target', String(init)];
  if (runner === 'outside') return [...mountNs, ...argv];
  if (runner === 'sibling') return [...mountNs, 'unshare', '--pid', '--fork', ...argv];
  // pid 2 in the sibling namespace, so the ns link checked first is that of the zoo's pid 2 (nobody).
  return [...mountNs, 'unshare', '--pid', '--fork', 'sh', '-c', `${asNobody} "$@" & wait $!`, 'sh', ...argv];
}

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string | undefined>;
  runner?: Runner;
}

const TYPES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'];

const CASES: Case[] = [
  ...TYPES.flatMap((t): Case[] => [
    { name: `-N ${t}`, args: ['-N', t] },
    { name: `-N ${t} -p`, args: ['-N', t, '-p'] },
  ]),
  ...['-pn', '-a', '-c', '-pS', '-pu', '-pT', '-t', '-pg', '-l', '-U', '-G', '-Z', '-C age', '-ap', '-cn'].map(
    (o): Case => ({ name: `-N net ${o}`, args: ['-N', 'net', ...o.split(' ')] }),
  ),
  { name: '-N uts -pS', args: ['-N', 'uts', '-pS'] },
  { name: '-N user -pS', args: ['-N', 'user', '-pS'] },
  { name: '-S without -N', args: ['-pS'] },
  { name: '--ns-sort=ipc -p', args: ['--ns-sort=ipc', '-p'] },
  { name: '--ns-sort uts -A', args: ['--ns-sort', 'uts', '-A'] },
  { name: 'pid operand ignored', args: ['-N', 'net', '-p', '3'] },
  { name: 'user operand ignored', args: ['-N', 'net', 'nobody'] },
  { name: 'unknown pid ignored', args: ['-N', 'net', '99999'] },
  { name: 'unknown user', args: ['-N', 'net', 'nosuchuser'] },
  { name: '-s with a pid', args: ['-N', 'net', '-sp', '4'] },
  { name: '-s with pid 1', args: ['-N', 'uts', '-s', '1'] },
  { name: '-s with pid 0', args: ['-N', 'uts', '-ps', '0'] },
  { name: 'pid 0 without -s', args: ['-N', 'uts', '0'] },
  { name: '-s with an unknown pid', args: ['-N', 'net', '-s', '99999'] },
  { name: '-s with a user', args: ['-N', 'net', '-s', 'nobody'] },
  { name: '-N twice', args: ['-N', 'pid', '-N', 'net'] },
  ...[6, 12, 13, 14, 16, 20, 30].map(
    (w): Case => ({ name: `COLUMNS=${w}`, args: ['-N', 'net'], env: { COLUMNS: String(w) } }),
  ),
  { name: 'COLUMNS=20 -a', args: ['-N', 'net', '-a'], env: { COLUMNS: '20' } },
  { name: 'COLUMNS=24 -p', args: ['-N', 'net', '-p'], env: { COLUMNS: '24' } },
  { name: 'COLUMNS=22 -G', args: ['-N', 'uts', '-G'], env: { COLUMNS: '22' } },
  { name: 'COLUMNS=22 -U', args: ['-N', 'uts', '-U'], env: { COLUMNS: '22' } },
  { name: '-H', args: ['-N', 'net', '-pH', '4'], env: { TERM: 'xterm' } },
  { name: '-h', args: ['-N', 'uts', '-h'], env: { TERM: 'xterm' } },
  // As nobody: processes whose ns links cannot be read are left out, their children start trees.
  { name: 'nobody -N net -p', args: ['-N', 'net', '-p'], runner: 'nobody' },
  { name: 'nobody -N user', args: ['-N', 'user'], runner: 'nobody' },
  { name: 'nobody -N uts -pn', args: ['-N', 'uts', '-pn'], runner: 'nobody' },
  // Outside the zoo's PID namespace, our own ns link is not in its /proc.
  { name: 'own ns link missing', args: ['-N', 'uts'], runner: 'outside' },
  { name: 'own ns link missing, then a bad option', args: ['-N', 'net', '-X'], runner: 'outside' },
  { name: 'a bad option, then -N', args: ['-X', '-N', 'net'], runner: 'outside' },
  { name: 'own ns link missing, then a bad type', args: ['-N', 'ipc', '-N', 'foo'], runner: 'outside' },
  { name: 'own ns link missing, then -V', args: ['-N', 'uts', '-V'], runner: 'outside' },
  { name: 'no -N outside', args: ['-p', '1'], runner: 'outside' },
];

describe('tpstree -N against pstree', () => {
  let zoo: NsZoo;
  const results = new Map<string, Promise<Comparison>>();
  // Every runner leaves the command outside the PID namespace whose /proc it sees, so /proc/self
  // names nothing: Bun (1.4.5) aborts there before any of our code runs (it needs /proc/self), so
  // these cases run the Node build. nobody cannot reach dist/ when the checkout lies in a private
  // directory: it runs a copy.
  const ourPath = `${repoRoot}/dist/tproc/node/tpstree.cjs`;
  beforeAll(async () => {
    const nobodysPath = reachableNodeBuild('tpstree');
    zoo = await startNsZoo();
    // Every comparison starts now, a few at a time; each test awaits its own.
    const limit = limiter(CONCURRENCY);
    for (const c of CASES) {
      const runner = c.runner ?? 'sibling';
      const result = limit(async () => {
        const reference = await run(wrap(runner, zoo.init, ['pstree', ...c.args]), { env: c.env });
        const path = runner === 'nobody' ? nobodysPath : ourPath;
        const ours = await run(wrap(runner, zoo.init, [process.execPath, path, ...c.args]), { env: c.env });
        return comparePair(reference, ours, 'pstree', 'tpstree', path);
      });
      result.catch(() => {});
      results.set(c.name, result);
    }
  }, 20_000);
  afterAll(async () => {
    await Promise.allSettled(results.values());
    await zoo?.keeper.stop();
  });

  for (const c of CASES) {
    it(c.name, async () => {
      expectSame(await results.get(c.name)!);
    });
  }
});
