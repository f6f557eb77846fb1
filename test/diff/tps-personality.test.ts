// Differential tests of $PS_PERSONALITY's standard formats: every personality that changes a
// format (and a few that change nothing) × the format options, each compared with /usr/bin/ps on
// the zoo's processes, with the same environment.
//
// Time is frozen as in tps-options.test.ts: ps and tps both run in a private mount namespace where
// /proc/uptime and /proc/stat are copies taken once after the zoo started, aged by SHIFT seconds,
// so C, %CPU and the start times of the zoo are the same for both runs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Comparison, type CompareOptions, comparePair, repoRoot } from '../zoo/compare.ts';
import { writeFrozenClockWrapper } from '../zoo/frozen-clock.ts';
import { run } from '../zoo/run.ts';
import { startZoo, type Zoo } from '../zoo/zoo.ts';

interface Case {
  name: string;
  args: (z: Zoo) => string[];
  /** Listings of more than the zoo: keep only the zoo's lines. */
  filter?: boolean;
  personality: string;
}

const PERSONALITIES = ['linux', 'bsd', 'gnu', 'debian', 'sunos4', 'tru64', 'irix', 'old', 'aix'];
/** Aliases of the above, the name's case, and personalities that change no format: a few flags. */
const BRIEFLY = ['digital', 'sgi', 'BSD', 'posix', 'svr4'];
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

const TPS = `${repoRoot}/bin/tps`;
/** Seconds the frozen clock is moved on (uptime) and back (btime). */
const SHIFT = 1000;

describe('tps PS_PERSONALITY formats against ps', () => {
  let zoo: Zoo;
  let dir: string;
  /** `frozen UPTIME STAT cmd args...`: runs cmd with those files over /proc/uptime and /proc/stat. */
  let wrapper: string;
  /** Copies of /proc/uptime (as read, and 0.37 s later) and of /proc/stat. */
  let clocks: [string, string][];
  beforeAll(async () => {
    zoo = await startZoo();
    dir = mkdtempSync(join(tmpdir(), 'tps-personality-'));
    wrapper = writeFrozenClockWrapper(dir);
    const [up = 0, idle = 0] = readFileSync('/proc/uptime', 'utf8').trim().split(' ').map(Number);
    const stat = join(dir, 'stat');
    writeFileSync(
      stat,
      readFileSync('/proc/stat', 'utf8').replace(/^btime (\d+)$/m, (_, bt: string) => `btime ${Number(bt) - SHIFT}`),
    );
    clocks = [0, 0.37].map((later, i): [string, string] => {
      const file = join(dir, `uptime-${i}`);
      writeFileSync(file, `${(up + SHIFT + later).toFixed(2)} ${idle.toFixed(2)}\n`);
      return [file, stat];
    });
  }, 60_000);
  afterAll(async () => {
    await zoo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function check(c: Case): Promise<Comparison> {
    const args = c.args(zoo);
    const opts: CompareOptions & { timeoutMs: number } = {
      env: { PS_PERSONALITY: c.personality },
      timeoutMs: 30_000,
    };
    if (c.filter) opts.filterPids = zoo.pids;
    // Observed (see tps-columns.test.ts): for a few lifetimes ps's C/%CPU come out one above
    // cpu*1000/lifetime; a clock frozen 0.37 s later gives other lifetimes, a real error shows in
    // both.
    let cmp: Comparison | undefined;
    for (const [up, st] of clocks) {
      const reference = await run([wrapper, up, st, 'ps', ...args], opts);
      const our = await run([wrapper, up, st, TPS, ...args], opts);
      cmp = comparePair(reference, our, 'ps', 'tps', TPS, opts);
      if (cmp.equal) break;
    }
    return cmp as Comparison;
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
        expect(cmp.diff, `PS_PERSONALITY=${c.personality} tps ${c.args(zoo).join(' ')}`).toBe('');
      }, 60_000);
    }
  });
});
