// Differential tests of tpstree: every option, pairs of options, widths, line drawing, highlight,
// colour, hostile names and arguments, and every error, each compared with /usr/bin/pstree on
// subtrees of the zoo (never the whole system, which changes between the two runs).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Comparison, compare, expectSame } from '../zoo/compare.ts';
import { startZoo, type Zoo } from '../zoo/zoo.ts';
import { CONCURRENCY, limiter } from './tpstree-harness.ts';

interface Case {
  name: string;
  args: (z: Zoo) => string[];
  env?: Record<string, string | undefined>;
  normalise?: (text: string) => string;
}

/** The first line, up to the first child of init (the rest changes between two runs). */
const firstLine = (text: string): string => text.replace(/^(\S+?)[-+`|].*/s, '$1');

const fam = (z: Zoo): string => String(z.family.parent);
const on =
  (...opts: string[]) =>
  (z: Zoo) => [...opts, fam(z)];
const plain =
  (...args: string[]) =>
  () =>
    args;

const CASES: Case[] = [
  // One option at a time on the family (sh → 3 × sleep + sh → sleep).
  ...['', '-p', '-c', '-a', '-A', '-U', '-G', '-l', '-n', '-g', '-u', '-t', '-T', '-Z', '-S', '-s'].map(
    (o): Case => ({ name: `family ${o || 'default'}`, args: o ? on(o) : on() }),
  ),
  // Pairs.
  ...[
    '-pa',
    '-Ap',
    '-cn',
    '-su',
    '-gc',
    '-gp',
    '-Zp',
    '-Za',
    '-Zu',
    '-au',
    '-ag',
    '-np',
    '-Up',
    '-Ga',
    '-Ua',
    '-al',
    '-cT',
  ].map((o): Case => ({ name: `family ${o}`, args: on(o) })),
  // Long options.
  { name: 'long options', args: on('--arguments', '--show-pids', '--uid-changes', '--numeric-sort') },
  { name: 'long options 2', args: on('--compact-not', '--show-pgids', '--hide-threads', '--thread-names') },
  { name: 'long options 3', args: on('--vt100', '--long', '--security-context', '--ns-changes') },
  { name: 'long options 4', args: on('--unicode', '--ascii', '--show-parents') },
  { name: 'abbreviated long option', args: on('--arg', '--show-pi') },
  // Threads.
  ...['', '-p', '-t', '-T', '-a', '-c', '-Z', '-n', '-tp'].map(
    (o): Case => ({ name: `threads ${o || 'default'}`, args: (z) => [...(o ? [o] : []), String(z.threaded.pid)] }),
  ),
  // Ancestors of a grandchild.
  { name: '-s grandchild', args: (z) => ['-s', String(z.family.grandchild)] },
  { name: '-sp grandchild', args: (z) => ['-sp', String(z.family.grandchild)] },
  { name: '-sa grandchild', args: (z) => ['-sal', String(z.family.grandchild)] },
  // Awkward processes.
  { name: 'hostile name', args: (z) => [String(z.hostileName.pid)] },
  { name: 'hostile name -a', args: (z) => ['-a', String(z.hostileName.pid)] },
  { name: 'hostile args -a', args: (z) => ['-a', String(z.hostileArgs.pid)] },
  { name: 'hostile args -al', args: (z) => ['-al', String(z.hostileArgs.pid)] },
  // pstree -l reads 8,192 bytes of the argument area; without -l, as many as the line is wide.
  { name: 'long args -al', args: (z) => ['-al', String(z.longArgs.pid)] },
  { name: 'long args -a', args: (z) => ['-a', String(z.longArgs.pid)] },
  { name: 'COLUMNS=9000 long args -a', args: (z) => ['-a', String(z.longArgs.pid)], env: { COLUMNS: '9000' } },
  { name: 'spaced name -p', args: (z) => ['-p', String(z.spacedName.pid)] },
  { name: 'long name -a', args: (z) => ['-a', String(z.longName.pid)] },
  { name: 'zombie', args: (z) => [String(z.zombie.parent)] },
  { name: 'zombie -ap', args: (z) => ['-ap', String(z.zombie.parent)] },
  { name: 'pty -a', args: (z) => ['-a', String(z.pty.script)] },
  // One tree of threads named by themselves ({name} with -t), argument areas rewritten as
  // setproctitle does, and names cut inside a multi-byte character, in both locales.
  ...['', '-p', '-t', '-pt', '-at', '-ptc', '-tn', '-tl', '-al', '-T'].flatMap((o): Case[] =>
    [{}, { LC_ALL: 'C' }].map((env) => ({
      name: `renamed ${o || 'default'} ${JSON.stringify(env)}`,
      args: (z) => [...(o ? [o] : []), String(z.renamedParent)],
      env,
    })),
  ),
  { name: 'COLUMNS=30 renamed -pt', args: (z) => ['-pt', String(z.renamedParent)], env: { COLUMNS: '30' } },
  { name: 'COLUMNS=60 renamed -a', args: (z) => ['-a', String(z.renamedParent)], env: { COLUMNS: '60' } },
  { name: 'nobody -u', args: (z) => ['-u', String(z.nobody)] },
  { name: 'nobody -su', args: (z) => ['-su', String(z.nobody)] },
  { name: 'user without processes', args: plain('bin') },
  { name: 'user without processes -s', args: plain('-s', 'bin') },
  { name: 'user without processes -pu', args: plain('-pu', 'bin') },
  { name: 'user without processes -a', args: plain('-a', 'bin') },
  // Widths.
  ...[1, 5, 9, 10, 16, 20, 25, 40].map(
    (w): Case => ({ name: `COLUMNS=${w}`, args: on(), env: { COLUMNS: String(w) } }),
  ),
  ...[15, 20, 25, 30, 40].map((w): Case => ({ name: `COLUMNS=${w} -a`, args: on('-a'), env: { COLUMNS: String(w) } })),
  { name: 'COLUMNS=30 -p', args: on('-p'), env: { COLUMNS: '30' } },
  { name: 'COLUMNS=18 -U', args: on('-U'), env: { COLUMNS: '18' } },
  { name: 'COLUMNS=25 -G', args: on('-G'), env: { COLUMNS: '25' } },
  { name: 'COLUMNS=30 hostile args', args: (z) => ['-a', String(z.hostileArgs.pid)], env: { COLUMNS: '30' } },
  { name: 'COLUMNS=40 threads -p', args: (z) => ['-p', String(z.threaded.pid)], env: { COLUMNS: '40' } },
  { name: 'COLUMNS not a number', args: on(), env: { COLUMNS: '20x' } },
  { name: 'COLUMNS with blanks', args: on(), env: { COLUMNS: ' 20' } },
  { name: 'COLUMNS=20 -l', args: on('-l'), env: { COLUMNS: '20' } },
  // Highlight and colour.
  { name: '-H xterm', args: (z) => ['-H', String(z.family.grandchild), fam(z)], env: { TERM: 'xterm' } },
  { name: '-H linux', args: (z) => ['-pH', String(z.family.grandchild), fam(z)], env: { TERM: 'linux' } },
  // -s draws the ancestors above the operand; they are highlighted too.
  {
    name: '-s -H grandchild',
    args: (z) => ['-s', '-H', String(z.family.grandchild), String(z.family.grandchild)],
    env: { TERM: 'xterm' },
  },
  { name: '-s -H parent', args: (z) => ['-s', '-H', fam(z), String(z.family.grandchild)], env: { TERM: 'xterm' } },
  ...[['-h', '-h'], ['-H', '1', '-h'], ['-h', '-H', '1'], ['-H', '1', '-H', '1'], ['-hh']].map(
    (args): Case => ({ name: `error ${args.join(' ')}`, args: (z) => [...args, fam(z)] }),
  ),
  { name: '-H dumb', args: (z) => ['-H', String(z.family.grandchild), fam(z)], env: { TERM: 'dumb' } },
  { name: '-H without TERM', args: (z) => ['-H', fam(z), fam(z)], env: { TERM: undefined } },
  { name: '-H unknown TERM', args: (z) => ['-H', fam(z), fam(z)], env: { TERM: 'nosuchterm' } },
  { name: '-h elsewhere', args: on('-h'), env: { TERM: 'xterm' } },
  { name: '-C age', args: on('-C', 'age') },
  { name: '--color=age -p', args: on('--color=age', '-p') },
  { name: '-C age -H', args: (z) => ['-Cage', '-H', fam(z), fam(z)], env: { TERM: 'xterm' } },
  // Escapes past a narrow cut: observed, a name that starts just after the `+` keeps its pair.
  ...['4', '6', '10', '12', '13'].map(
    (w): Case => ({ name: `COLUMNS=${w} -C age`, args: on('-C', 'age'), env: { COLUMNS: w } }),
  ),
  { name: 'COLUMNS=4 -c -C age', args: on('-c', '-Cage'), env: { COLUMNS: '4' } },
  { name: 'COLUMNS=9 -c -C age', args: on('-c', '-Cage'), env: { COLUMNS: '9' } },
  { name: 'COLUMNS=11 -G -C age', args: on('-G', '-Cage'), env: { COLUMNS: '11' } },
  { name: 'COLUMNS=21 -G -C age', args: on('-G', '-Cage'), env: { COLUMNS: '21' } },
  { name: 'COLUMNS=3 -a -C age', args: on('-a', '-Cage'), env: { COLUMNS: '3' } },
  {
    name: 'COLUMNS=10 -H',
    args: (z) => ['-H', String(z.family.grandchild), fam(z)],
    env: { COLUMNS: '10', TERM: 'xterm' },
  },
  {
    name: 'COLUMNS=5 -apH',
    args: (z) => ['-apH', String(z.family.grandchild), fam(z)],
    env: { COLUMNS: '5', TERM: 'xterm' },
  },
  { name: '-apH', args: (z) => ['-apH', String(z.family.grandchild), fam(z)], env: { TERM: 'xterm' } },
  { name: '-a -C age', args: on('-a', '-C', 'age') },
  // -H checks the terminal as it is read, before a later bad option or operand.
  { name: '-H bad TERM then bad option', args: plain('-H', '1', '-X'), env: { TERM: 'nosuchterm' } },
  { name: '-H bad TERM then unknown user', args: plain('-H', '1', 'nosuchuser'), env: { TERM: 'nosuchterm' } },
  { name: 'bad option then -H bad TERM', args: plain('-X', '-H', '1'), env: { TERM: 'nosuchterm' } },
  // Operands and errors.
  { name: 'unknown pid', args: plain('99999999') },
  // -s 0 draws init's whole tree: only its root line is stable between two runs.
  { name: '-s 0', args: plain('-s', '0'), normalise: firstLine },
  { name: '-sp 4294967296', args: plain('-sp', '4294967296'), normalise: firstLine },
  { name: '-s unknown pid', args: plain('-s', '99999999') },
  { name: 'unknown user', args: plain('nosuchuser') },
  { name: 'user-like number', args: plain('+5') },
  { name: 'pid with junk', args: plain('1x') },
  { name: 'two operands', args: plain('1', '2') },
  { name: 'invalid option', args: plain('-X') },
  { name: '--help', args: plain('--help') },
  { name: '-C without value', args: plain('-C') },
  { name: '-C foo', args: on('-C', 'foo') },
  { name: '-N without value', args: plain('-N') },
  { name: '-N foo', args: on('-N', 'foo') },
  { name: '-H without value', args: plain('-H') },
  { name: '-H abc', args: on('-H', 'abc') },
  { name: '--long=3', args: plain('--long=3') },
  { name: 'ambiguous --a', args: plain('--a') },
  { name: 'ambiguous --s', args: plain('--s') },
  { name: 'unrecognized --foo=bar', args: plain('--foo=bar') },
  { name: '--color without value', args: plain('--color') },
  { name: '-V', args: plain('-V') },
  { name: '--version', args: plain('--version') },
  { name: '-V before a bad option', args: plain('-V', '-X') },
  { name: 'bad option before -V', args: plain('-X', '-V') },
  { name: 'operand before options', args: (z) => [fam(z), '-p'] },
  { name: 'after --', args: (z) => ['--', fam(z)] },
];

describe('tpstree against pstree', () => {
  let zoo: Zoo;
  const results = new Map<string, Promise<Comparison>>();
  beforeAll(async () => {
    zoo = await startZoo();
    // Every comparison starts now, a few at a time; each test awaits its own.
    const limit = limiter(CONCURRENCY);
    for (const c of CASES) {
      const args = c.args(zoo);
      const result = limit(() =>
        compare(['pstree', ...args], ['tpstree', ...args], { env: c.env, normalise: c.normalise }),
      );
      result.catch(() => {});
      results.set(c.name, result);
    }
  });
  afterAll(async () => {
    await Promise.allSettled(results.values());
    await zoo?.stop();
  });

  for (const c of CASES) {
    it(c.name, async () => {
      expectSame(await results.get(c.name)!);
    });
  }
});
