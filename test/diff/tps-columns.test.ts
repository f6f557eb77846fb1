// Differential tests of tps's columns: every specifier `ps L` lists (and the hidden ones ps
// accepts), computed on the zoo's processes and compared with /usr/bin/ps byte for byte, in UTF-8
// and in the C locale.
//
// Time is frozen: each command line runs, for ps and for tps alike, in a private mount namespace
// where /proc/uptime is a copy taken once after the zoo started (and /proc/stat a copy, its
// `btime` moved back for the start-date cases). Both tools take elapsed time from /proc/uptime
// and start dates from btime (checked by hand: a moved btime moves ps's START/LSTART), so
// %CPU, C, ETIME... of the sleeping zoo are exact and stable, and start dates on other days and
// years are real ps output, not guesses.
import { describe, expect, it } from 'vitest';
import { type Comparison, comparePair, repoRoot } from '../zoo/compare.ts';
import { zooUnderFrozenClock } from '../zoo/frozen-clock.ts';
import { run } from '../zoo/run.ts';
import { retryOnTiming } from '../zoo/tally.ts';
import type { Zoo } from '../zoo/zoo.ts';

/** Every key `ps L` lists (procps-ng 4.0.2), in its order. */
const ALL_KEYS = `%cpu %mem _left _left2 _right _right2 _unlimited _unlimited2 ag_id ag_nice args atime blocked
bsdstart bsdtime c caught cgname cgroup cgroupns class cls cmd comm command context cp cpuid cputime cputimes cuc cuu
drs dsiz egid egroup eip esp etime etimes euid euser exe f fgid fgroup flag flags fname fsgid fsgroup fsuid fsuser fuid
fuser gid group ignored intpri ipcns label lastcpu lim longtname lsession lstart luid lwp lxc m_drs m_size m_trs
machine maj_flt majflt min_flt minflt mntns netns ni nice nlwp numa oom oomadj opri ouid pagein pcpu pending pgid
pgrp pid pidns pmem policy ppid pri pri_api pri_bar pri_baz pri_foo priority psr pss rbytes rchars rgid rgroup rops
rss rssize rsz rtprio ruid ruser s sched seat sess session sgi_p sgi_rss sgid sgroup sid sig sig_block sig_catch
sig_ignore sig_pend sigcatch sigignore sigmask size slice spid stackp start start_stack start_time stat state stime
suid supgid supgrp suser svgid svgroup svuid svuser sz tgid thcount tid time timens times tname tpgid trs trss tsig
tsiz tt tty tty4 tty8 ucmd ucomm uid uid_hack uname unit user userns uss util utsns uunit vsize vsz wbytes wcbytes
wchan wchars wname wops zone`.split(/\s+/);
/** Accepted by ps, not listed by `ps L` (found by trying the names its binary holds). */
const HIDDEN_KEYS = `acflag acflg addr_1 addr alarm argc bnd cmaj_flt cmin_flt cnswap cpu ctid cursig cutime cwd emul
end_code environ inblk inblock jid jobc ktracep ktrace login logname luser m_dt m_lrs m_resident
m_share m_swap msgrcv msgsnd mwchan nivcsw nsignals nsigs nswap nvcsw nwchan osz oublk oublock p_ru
paddr poip prmgrp prmid project projid pset psxpri resident re rlink scnt scount share sl
start_code status systime taskid tdev timeout tmout tsession tsess tsid u_procp umask uprocp upr
usertime usrpri utime vm_data vm_exe vm_lib vm_lock vm_stack xstat zoneid`.split(/\s+/);

/**
 * Truly moving values even with time frozen: a proportional set size changes whenever a
 * neighbour maps or unmaps the pages it shares. Measured under a loaded machine (load 12, other
 * suites running): `ps -o pss,uss` on 7 sleeping processes every 0.25 s, 60 times, moved PSS by
 * up to 11 KiB between two runs (in 120 of 420 samples) and USS never; between ps and tps on the
 * zoo, PSS by up to 7 KiB and a perl's USS by one page (1960 -> 1956). At load 33 (the whole
 * suite beside other suites), PSS moved by up to 45 KiB between ps and tps (2514 -> 2559 on a
 * perl), USS not at all. Then once (fresh-clone CI, 2026-12-06) USS by 20 KiB and PSS by 11 on
 * one process between ps and tps (220 -> 200, 267 -> 256: pages it held alone became shared).
 * Compared with the layout exact and the values within DRIFT (compare.ts, sameLayoutWithin):
 * about twice the worst seen. Beyond it, when a process sharing pages with the zoo ends between
 * the two reads (2026-12-07, the other runtime's suite ending beside this one: every zoo PSS up,
 * by 20 KiB on small processes and 170 on a perl, USS by up to 92 KiB), a case is run again.
 */
const MOVING = ['pss', 'uss'];
const DRIFT = { PSS: 96, USS: 40 };
const STABLE = [...ALL_KEYS, ...HIDDEN_KEYS].filter((k) => !MOVING.includes(k));
/** With the real clock a young process's share can gain a digit between the two runs (9 -> 10). */
const maskNumbers = (text: string): string => text.replace(/ *[0-9]+/g, ' 9');
/** Cpu shares and elapsed times: exact with frozen time, moving in the one live case. */
const TIMING = ['pcpu', 'c', 'cp', 'util', 'cuc', 'cuu', 'etime', 'etimes', 'time', 'bsdtime'];
// etimes over a day overflows its 7 columns: last, so that the dates are compared on their own
// (the overflow is compared in 'overflowing etimes').
const START_KEYS = 'pid,start,bsdstart,stime,start_time,lstart,pcpu,c,cuu,time,etime,etimes';
/**
 * With -m ps leaves some thread-line fields unfilled; they read 0 on a fresh ps (we print 0) but
 * observed as garbage now and then (sched 382815168 on a third thread): not compared with -m.
 * wchan/wname with -m make ps 4.0.2 die of SIGSEGV mid-line: not compared (see NOTES.md).
 */
const M_UNRELIABLE = ['sched', 'wchan', 'wname'];

const SORTED_BY_OTHER = [
  '%mem',
  'trs',
  'tsiz',
  'flags',
  'sgi_p',
  'fgid',
  'fsgid',
  'pcpu',
  'c',
  'cp',
  'cuu',
  'cuc',
  'time',
  'times',
  'bsdtime',
  'etimes',
];

interface Case {
  name: string;
  args: (z: Zoo) => string[];
  env?: Record<string, string | undefined>;
  normalise?: (text: string) => string;
  /** Columns whose values may move between the runs, and by how much (see MOVING). */
  drift?: Record<string, number>;
  /** /proc/stat's btime moved back by this many seconds (and /proc/uptime forward by as many). */
  shift?: (nowSeconds: number) => number;
  /** Real /proc/uptime and /proc/stat: values move, so they are compared masked and retried (counted). */
  live?: boolean;
}

const zooPids = (z: Zoo): string => z.pids.join(',');
const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
/** Each batch ends with pid so that every key is also laid out as a non-final column. */
const batch = (keys: string[]): Case => ({
  name: `-o ${keys[0]}..${keys.at(-1)}`,
  args: (z) => ['-o', [...keys, 'pid'].join(','), '-p', zooPids(z)],
});

const hostile = (z: Zoo): string =>
  [
    z.hostileName.pid,
    z.hostileArgs.pid,
    z.longArgs.pid,
    z.spacedName.pid,
    z.longName.pid,
    z.zombie.zombie,
    z.zombie.parent,
    z.retitled.short.pid,
    z.retitled.long.pid,
    ...z.cutNames.map((c) => c.pid),
    2,
  ].join(',');

const DAY = 86400;
/** Seconds back from now to local noon on the given date (a shift landing the zoo there). */
const backTo = (now: number, at: (d: Date) => Date): number =>
  Math.round(now - at(new Date(now * 1000)).getTime() / 1000);

const SHIFTS: { name: string; shift: (now: number) => number }[] = [
  { name: 'half a day', shift: () => DAY / 2 },
  { name: '2 days', shift: () => 2 * DAY },
  { name: '40 days', shift: () => 40 * DAY },
  // Last year's 31 December: START `Dec 31`, STIME the year.
  { name: 'new year', shift: (now) => backTo(now, (d) => new Date(d.getFullYear() - 1, 11, 31, 12)) },
  { name: '400 days', shift: () => 400 * DAY },
  // A day below 10 two years back: bsdstart pads it with a blank (`Mar  3`), START with a 0.
  { name: 'early in a month', shift: (now) => backTo(now, (d) => new Date(d.getFullYear() - 2, 2, 3, 12)) },
];

const CASES: Case[] = [
  // Every key, 40 at a time, on every zoo process.
  ...chunks(STABLE, 40).map(batch),
  {
    name: 'moving memory shares',
    args: (z) => ['-o', `${MOVING.join(',')},pid`, '-p', zooPids(z)],
    drift: DRIFT,
  },
  // Every key alone and last (its own width rules: no padding, variable columns run on).
  ...chunks([...STABLE, ...MOVING], 65).map(
    (keys): Case => ({
      name: `each last: ${keys[0]}..`,
      args: (z) => ['-o', keys.map((k) => `pid,${k}`).join(','), '-p', zooPids(z)],
      drift: keys.some((k) => MOVING.includes(k)) ? DRIFT : undefined,
    }),
  ),
  // The same with the real clock: only the digits of the timing columns may differ.
  {
    name: 'live clock',
    live: true,
    args: (z) => ['-o', `${TIMING.join(',')},pid`, '-p', zooPids(z)],
    normalise: maskNumbers,
  },
  // Hostile names and arguments, both locales, last and not last, with e and c. (cmd, command,
  // ucmd, ucomm share args's and comm's code and are covered by the batches above.)
  ...[
    { LANG: 'C.UTF-8' },
    { LC_ALL: 'C' },
    { LC_ALL: 'C.UTF-8', LANG: 'C' },
    { LANG: 'C', LC_CTYPE: 'C.UTF-8' },
  ].flatMap((env): Case[] => [
    { name: `args last ${JSON.stringify(env)}`, env, args: (z) => ['-o', 'fname,comm,pid,args', '-p', hostile(z)] },
    { name: `comm last ${JSON.stringify(env)}`, env, args: (z) => ['-o', 'args,ucmd,pid,comm', '-p', hostile(z)] },
    { name: `e c ${JSON.stringify(env)}`, env, args: (z) => ['e', 'c', '-o', 'pid,comm,args', '-p', hostile(z)] },
    { name: `e ${JSON.stringify(env)}`, env, args: (z) => ['e', '-o', 'pid,args,comm', '-p', hostile(z)] },
    { name: `-H ${JSON.stringify(env)}`, env, args: (z) => ['-H', '-o', 'args', '-p', hostile(z)] },
  ]),
  // Threads named by themselves (-L, -T, H and m show each thread's name), in both locales.
  ...[{ LANG: 'C.UTF-8' }, { LC_ALL: 'C' }].flatMap((env): Case[] =>
    [
      ['-L', '-o', 'pid,tid,comm,fname,ucmd,ucomm,args'],
      ['-T', '-o', 'spid,comm,cmd,comm'],
      ['-m', '-o', 'pid,tid,comm,args'],
      ['H', '-o', 'pid,comm,fname'],
      ['-L', '--sort=comm', '-o', 'tid,comm'],
      ['-L', '-o', 'comm:5,tid,fname:4'],
      ['-L', 'c', '-o', 'tid,args'],
    ].map(
      (args): Case => ({
        name: `named threads ${args.join(' ')} ${JSON.stringify(env)}`,
        env,
        args: (z) => [...args, '-p', String(z.namedThreads.pid)],
      }),
    ),
  ),
  // Argument areas rewritten as setproctitle does, the long one over the environment's.
  ...[
    ['-o', 'pid,comm,fname,args'],
    ['e', '-o', 'pid,args'],
    ['c', '-o', 'pid,args'],
    ['-f'],
    ['ww', '-o', 'args'],
    ['--sort=args', '-o', 'pid,args:30,comm'],
  ].map(
    (args): Case => ({
      name: `retitled ${args.join(' ')}`,
      args: (z) => [...args, '-p', `${z.retitled.short.pid},${z.retitled.long.pid}`],
    }),
  ),
  {
    name: 'retitled COLUMNS=50',
    env: { COLUMNS: '50' },
    args: (z) => ['-o', 'pid,args', '-p', `${z.retitled.long.pid}`],
  },
  // Widths and headers on the columns.
  { name: 'widths', args: (z) => ['-o', 'pid:10,args:20,comm:4,user:3,group:12,wchan:30,ni', '-p', zooPids(z)] },
  { name: 'signal mask widths', args: (z) => ['-o', 'pid,pending:20,caught=XY,ignored,pid', '-p', zooPids(z)] },
  { name: 'renamed user headers', args: (z) => ['-o', 'user=LONGLONGHEADER,group=G,ruser,pid', '-p', zooPids(z)] },
  { name: 'fname narrow', args: (z) => ['-o', 'fname:3,pid,fname', '-p', zooPids(z)] },
  // ps's test columns: the samples start one later when no header line is printed.
  { name: 'test columns, no header', args: (z) => ['-o', '_left=,_left2=,_right=,_right2=,pid=', '-p', zooPids(z)] },
  {
    name: 'test columns, --no-headers',
    args: (z) => ['--no-headers', '-o', '_right,_right2,_left,pid', '-p', zooPids(z)],
  },
  { name: 'test columns, one header', args: (z) => ['-o', '_left=,_right=,pid,_left', '-p', zooPids(z)] },
  // Modifiers: numeric, cumulative, true command names, environment.
  { name: 'n', args: (z) => ['n', '-o', 'user,ruser,group,uid,tty,pid,comm', '-p', zooPids(z)] },
  { name: 'S', args: (z) => ['S', '-o', 'pid,time,bsdtime,times,pcpu,c,comm', '-p', zooPids(z)] },
  { name: 'c', args: (z) => ['c', '-o', 'pid,args,cmd,comm', '-p', zooPids(z)] },
  { name: 'e', args: (z) => ['e', '-o', 'pid,comm,fname,args', '-p', zooPids(z)] },
  // Given a width, the dash-only hidden keys show whether they align right (bnd, jid, share...).
  {
    name: 'hidden keys given widths',
    args: (z) => ['-o', `${HIDDEN_KEYS.map((k) => `${k}:6`).join(',')},pid`, '-p', zooPids(z)],
  },
  // Sort keys that do not sort by what they show (observed): %MEM by rss, TRS by vsz, F by the whole
  // flags word, P by the state letter, FGID not at all, cpu shares by the exact share and times by
  // ticks (S changes neither), etimes by the exact age.
  ...SORTED_BY_OTHER.flatMap((key): Case[] => [
    { name: `--sort=${key}`, args: (z) => ['--sort', key, '-o', `pid,${key}`, '-p', zooPids(z)] },
    { name: `--sort=-${key}`, args: (z) => ['--sort', `-${key}`, '-o', `pid,${key}`, '-p', zooPids(z)] },
  ]),
  { name: 'S --sort=time', args: (z) => ['S', '--sort', 'time,pid', '-o', 'pid,bsdtime,pcpu', '-p', zooPids(z)] },
  { name: 'S --sort=-pcpu', args: (z) => ['S', '--sort', '-pcpu', '-o', 'pid,pcpu,c', '-p', zooPids(z)] },
  // Threads: per-thread values (-L), and m's process/thread lines. Observed: with ~95 keys
  // `ps -L` dies of `free(): invalid size` (SIGABRT); 50 are fine.
  ...chunks(
    STABLE.filter((k) => !M_UNRELIABLE.includes(k)),
    50,
  ).flatMap((keys): Case[] => [
    { name: `-L ${keys[0]}..`, args: (z) => ['-L', '-o', keys.join(','), '-p', String(z.threaded.pid)] },
    { name: `-m ${keys[0]}..`, args: (z) => ['-m', '-o', keys.join(','), '-p', String(z.threaded.pid)] },
  ]),
  {
    name: '-m thread lines: priorities, cpu, io, oom',
    args: (z) => [
      '-m',
      '-o',
      'pid,tid,pri,priority,opri,pri_api,pri_foo,psr,cpuid,sgi_p,c,pcpu,rchars,rops,wchars,oom,oomadj,time,_left',
      '-p',
      `${z.threaded.pid},${z.niced}`,
    ],
  },
  { name: '-L wchan', args: (z) => ['-L', '-o', 'pid,tid,wchan,wname', '-p', String(z.threaded.pid)] },
  // Trees put their art before every command column.
  { name: 'forest commands', args: (z) => ['--forest', '-o', 'pid,fname,comm,ucmd,args', '-p', zooPids(z)] },
  // Start dates on other days and years, elapsed times over a day, in several zones and locales.
  ...SHIFTS.map(
    ({ name, shift }): Case => ({
      name: `started ${name} ago`,
      shift,
      args: (z) => ['-o', START_KEYS, '-p', zooPids(z)],
    }),
  ),
  // Zones a day apart around the date line, and one crossing midnight within the last 24 hours.
  ...[
    ['America/New_York', 0],
    ['America/New_York', 3],
    ['Asia/Kolkata', 3],
    ['Pacific/Kiritimati', 3],
  ].map(
    ([TZ, i]): Case => ({
      name: `started ${SHIFTS[Number(i)]?.name} ago, TZ=${TZ}`,
      shift: SHIFTS[Number(i)]?.shift,
      env: { TZ: String(TZ) },
      args: (z) => ['-o', START_KEYS, '-p', zooPids(z)],
    }),
  ),
  // Only C, C.utf8 and POSIX exist here (`locale -a`): the time locale cannot change the names.
  ...[{ LC_TIME: 'C.UTF-8' }, { LC_ALL: 'POSIX' }].map(
    (env): Case => ({
      name: `started 400 days ago, ${JSON.stringify(env)}`,
      shift: SHIFTS[4]?.shift,
      env,
      args: (z) => ['-o', START_KEYS, '-p', zooPids(z)],
    }),
  ),
  {
    name: 'overflowing etimes',
    shift: () => 400 * DAY,
    args: (z) => ['-o', 'pid,etime,etimes,pcpu,c,cuu', '-p', zooPids(z)],
  },
  { name: 'm over a day', shift: () => 3 * DAY, args: (z) => ['-m', '-o', START_KEYS, '-p', String(z.threaded.pid)] },
];

const TPS = `${repoRoot}/bin/tps`;

describe('tps columns vs ps', () => {
  const fixture = zooUnderFrozenClock(TPS);

  async function check(c: Case): Promise<Comparison> {
    const args = c.args(fixture.zoo);
    const opts = { env: c.env, normalise: c.normalise, drift: c.drift, timeoutMs: 30_000 };
    if (c.live) {
      // The real clock may tick between the two runs and move a digit's width: retried, counted
      // against the run's retry budget (test/zoo/tally.ts).
      return retryOnTiming(
        `tps-columns ${c.name}`,
        3,
        async () =>
          comparePair(await run(['ps', ...args], opts), await run([TPS, ...args], opts), 'ps', 'tps', TPS, opts),
        (cmp) => cmp.equal,
      );
    }
    const compare = () =>
      fixture.clock.compare(['ps', ...args], [TPS, ...args], opts, c.shift ? c.shift(fixture.clock.now) : 0);
    // Shares move past DRIFT when a process sharing the zoo's pages ends between the two reads:
    // run again (counted), as the live cases are.
    return c.drift ? retryOnTiming(`tps-columns ${c.name}`, 3, compare, (cmp) => cmp.equal) : compare();
  }

  it(`covers every key of ps L (${ALL_KEYS.length})`, async () => {
    const listed = (await run(['ps', 'L'])).stdout.split('\n').flatMap((line) => line.split(' ')[0] || []);
    expect(ALL_KEYS).toEqual(listed);
  });

  // The suite where shares are not ~0 (tps-options and tps-personality age the zoo by 1000 s):
  // the threaded perl holds 3 ticks or more over a few seconds of life, so ps's rounding shows.
  it('sees non-zero cpu shares on the young zoo', async () => {
    const args = ['-o', 'pcpu=,cp=,cuu=', '-p', zooPids(fixture.zoo)];
    const cmp = await fixture.clock.compare(['ps', ...args], [TPS, ...args], {});
    expect(cmp.diff).toBe('');
    expect(cmp.reference.stdout).toMatch(/^ *(0\.[1-9]|[1-9]\d*\.\d) /m);
  });

  // ps 4.0.2 dies of SIGSEGV on the first thread line's wchan; what it printed before is compared:
  // the process line shows `-` there, even for a sleeping process.
  it('-m wchan: the process line before ps crashes', async () => {
    const args = ['-m', '-o', 'pid,tid,wchan,wname,stat', '-p', String(fixture.zoo.niced)];
    const [ref, ours] = [await run(['ps', ...args]), await run([TPS, ...args])];
    expect(ref.signal ?? ref.status).not.toBe(0);
    const head = (text: string): string => text.split('\n').slice(0, 2).join('\n');
    expect(head(ours.stdout)).toBe(head(ref.stdout));
    expect(ours.status).toBe(0);
  });

  // Each line runs ps then tps on its own; lines run a few at a time (they only list zoo pids).
  // The Node smoke project (vitest.config.ts) takes one line in four: every line runs on Bun.
  const lines = process.env.TPROC_RUNTIME === 'node' ? CASES.filter((_, i) => i % 4 === 0) : CASES;
  describe.concurrent(`${lines.length} command lines`, () => {
    it.each(lines.map((c) => [c.name, c] as const))(
      '%s',
      async (_name, c) => {
        const cmp = await check(c);
        expect(cmp.diff).toBe('');
      },
      60_000,
    );
  });
});
