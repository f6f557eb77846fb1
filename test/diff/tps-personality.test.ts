// Differential tests of $PS_PERSONALITY's standard formats: every personality that changes a
// format (and a few that change nothing) × the format options, each compared with /usr/bin/ps on
// the zoo's processes, with the same environment.
//
// Time is frozen as in tps-options.test.ts: ps and tps both run in a private mount namespace where
// /proc/uptime and /proc/stat are copies taken once after the zoo started, aged by SHIFT seconds,
// so C, %CPU and the start times of the zoo are the same for both runs.
import { describe, expect, it } from 'vitest';
import { type Comparison, type CompareOptions, repoRoot } from '../zoo/compare.ts';
import { zooUnderFrozenClock } from '../zoo/frozen-clock.ts';
import type { Zoo } from '../zoo/zoo.ts';

interface Case {
  name: string;
  args: (z: Zoo) => string[];
  /** Listings of more than the zoo: keep only the zoo's lines. */
  filter?: boolean;
  personality: string;
}

const PERSONALITIES = ['linux', 'bsd', 'gnu', 'debian', 'sunos4', 'tru64', 'irix', 'old', 'aix', 'os390', 'compaq'];
/** Aliases of the above, the name's case, and personalities that change no format: a few flags. */
const BRIEFLY = ['digital', 'sgi', 'BSD', 'posix', 'svr4', '390', 's390', 'hp', 'sco'];
const FEW_FLAGS = ['', '-l', '-f', '-j', '-lf', 'l', 'j', 'u'];

/** Format options, each run with `-p <zoo>`. */
const FLAGS = [
  '',
  '-l',
  '-f',
  '-F',
  '-j',
  '-ly',
  '-lf',
  '-lF',
  '-jf',
  '-lj',
  '-jlf',
  '-c',
  '-cf',
  '-cl',
  '-cj',
  '-clf',
  '-ycl',
  '-P',
  '-Pf',
  '-Pl',
  '-y',
  '-M',
  '-Mf',
  '-Ml',
  '-fH',
  '-L',
  '-Lf',
  '-Ll',
  '-Lj',
  '-Llf',
  '-Lfc',
  '-T',
  '-Tf',
  '-Tl',
  'l',
  'j',
  'u',
  's',
  'v',
  'X',
  'x',
];

/** Options that list more than the zoo (-p adds to them): filtered. */
const WIDE = new Set(['x', '-T', '-Tf', '-Tl']);

const p = (z: Zoo): string => z.pids.join(',');

/** observed: ps crashes (SIGSEGV) printing WCHAN with threads listed, as BSD `M` does here. */
const CRASHES = new Set(['-Ml']);
const dashAsBsd = (personality: string): boolean => ['bsd', 'old'].includes(personality.toLowerCase());

const CASES: Case[] = [...PERSONALITIES, ...BRIEFLY].flatMap((personality) => [
  ...(BRIEFLY.includes(personality) ? FEW_FLAGS : FLAGS)
    .filter((f) => !(dashAsBsd(personality) && CRASHES.has(f)))
    .map(
      (f): Case => ({
        name: `${personality} ${f || 'default'}`,
        personality,
        args: (z) => [...(f ? f.split(' ') : []), '-p', p(z)],
        filter: WIDE.has(f),
      }),
    ),
  { name: `${personality} -e`, personality, args: () => ['-e'], filter: true },
]);

/**
 * hp's UNIX -x: the name columns show the arguments. Elsewhere the UNIX reading refuses -x and
 * the second reading takes it as BSD x, which lists more than the zoo.
 */
const UNIX_X = [
  '-x',
  '-xf',
  '-lx',
  '-x c -o pid,comm,ucmd,ucomm,fname,args',
  '-x e -o pid,comm',
  '-x --forest -o pid,comm',
];
/**
 * svr4's, sysv's and sco's UNIX -x is -y: where -y is refused (no -l), the second reading takes
 * the line as BSD, which lists more than the zoo.
 */
const UNIX_X_AS_Y = ['-x -l', '-lx', '-x -lF', '-x -lcj', '-x -lP', '-x -F', '-x -f', '-x -o pid,comm'];
/** BSD formats with SysV modifiers: a personality's own -j refuses them; its l loses CPU to -c. */
const BSD_MODIFIED = ['u -j', 'l -c', 'l -jcy', 'v -L', 'v -Lj', 'j -j', 'l -l', 'u -jy'];

/** Each of `flags` (blank-separated options) under each personality, on the zoo's pids. */
const grid = (personalities: string[], flags: string[], filter?: (personality: string) => boolean): Case[] =>
  personalities.flatMap((personality) =>
    flags.map(
      (f): Case => ({
        name: `${personality} ${f}`,
        personality,
        args: (z) => [...f.split(' '), '-p', p(z)],
        filter: filter?.(personality) ?? false,
      }),
    ),
  );

CASES.push(...grid(['gnu', 'tru64', 'sunos4', 'bsd', 'os390'], BSD_MODIFIED));
CASES.push(...grid(['hp', 'HPUX', 'linux'], UNIX_X, (personality) => personality === 'linux'));
CASES.push(...grid(['svr4', 'SysV', 'sco'], UNIX_X_AS_Y, () => true));

// Where -j is a format of its own, it conflicts with a user format instead of modifying it.
CASES.push(
  ...['gnu', 'debian', 'tru64', 'os390', 'linux'].map(
    (personality): Case => ({
      name: `${personality} -j -o`,
      personality,
      args: (z) => ['-j', '-o', 'pid', '-p', p(z)],
    }),
  ),
);

// -y without -l is accepted beside a format of the personality's own, and changes nothing.
CASES.push(...grid(['gnu', 'debian', 'tru64', 'os390'], ['-y -F', '-y -f', '-y -j', '-yjf', '-y -c -f']));

const TPS = `${repoRoot}/bin/tps`;
/** Seconds the frozen clock is moved on (uptime) and back (btime). */
const SHIFT = 1000;

describe('tps PS_PERSONALITY formats against ps', () => {
  const fixture = zooUnderFrozenClock(TPS);

  async function check(c: Case): Promise<Comparison> {
    const args = c.args(fixture.zoo);
    const opts: CompareOptions & { timeoutMs: number } = {
      env: { PS_PERSONALITY: c.personality },
      timeoutMs: 30_000,
    };
    if (c.filter) opts.filterPids = fixture.zoo.pids;
    return fixture.clock.compare(['ps', ...args], [TPS, ...args], opts, SHIFT);
  }

  const seen = new Set<string>();
  for (const c of CASES) {
    if (seen.has(c.name)) throw new Error(`duplicate case ${c.name}`);
    seen.add(c.name);
  }
  describe.concurrent('zoo listings', () => {
    for (const c of CASES) {
      it(c.name, async () => {
        const cmp = await check(c);
        expect(cmp.diff, `PS_PERSONALITY=${c.personality} tps ${c.args(fixture.zoo).join(' ')}`).toBe('');
      }, 60_000);
    }
  });
});
