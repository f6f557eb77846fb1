// Differential tests of tps's command line: syntax, selection, standard formats, -o, sorting,
// trees, width, headers and errors, each compared with /usr/bin/ps on the zoo's processes.
//
// Time is frozen as in tps-columns.test.ts: ps and tps both run in a private mount namespace
// where /proc/uptime and /proc/stat are copies taken once after the zoo started, so C, %CPU and
// ETIME of the zoo processes are the same for both runs instead of moving in between. The copies
// also age the machine by SHIFT seconds (uptime later, btime earlier, as tps-columns does for its
// dates): the zoo is then ~1000 s old and its cpu shares ~0.0, the same for every run whatever
// the zoo's start cost. Shares that are not ~0 are tps-columns.test.ts's business (young zoo) and
// tps-cpu-sweep.test.ts's (ps's rounding, pinned).
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Comparison, type CompareOptions, repoRoot } from '../zoo/compare.ts';
import { zooUnderFrozenClock } from '../zoo/frozen-clock.ts';
import type { Zoo } from '../zoo/zoo.ts';

interface Case {
  name: string;
  args: (z: Zoo) => string[];
  /** Listings of every process: keep only the zoo's lines. */
  filter?: boolean;
  env?: Record<string, string | undefined>;
  /** Run on a pseudo-terminal set up by this stty command line (e.g. `cols 60`). */
  tty?: string;
  /**
   * Lists processes picked by the default selection (same user, same terminal) unfiltered: run
   * alone, since concurrently running cases' ps and tps would be listed too.
   */
  alone?: boolean;
  /** `--info`: its two version lines are ps's own; everything else must match byte for byte. */
  info?: boolean;
  /** Run in ONE_CHAR_DIR, which holds the one-character names `A` (a file) and `N` (/dev/null). */
  inOneCharDir?: boolean;
}

const ONE_CHAR_DIR = mkdtempSync(join(tmpdir(), 'tproc-one-char-'));
writeFileSync(join(ONE_CHAR_DIR, 'A'), '');
symlinkSync('/dev/null', join(ONE_CHAR_DIR, 'N'));

/**
 * observed: ps --info names procps-ng and its compiler where tps names tproc and node: those two
 * lines become placeholders (on a terminal they come on stdout, with \r\n).
 */
const infoVersions = (text: string): string =>
  text
    .replace(/^(procps-ng version 4\.0\.2|tproc version 0\.1\.0)(\r?)$/m, 'VERSION$2')
    .replace(/^Compiled with: (glibc 2\.36, gcc 12\.2|node \d+\.\d+\.\d+)(\r?)$/m, 'COMPILED$2');

const quote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;

/** argv that runs `command args` on a fresh pseudo-terminal after `stty <settings>`. */
const onTty = (settings: string, command: string, args: string[]): string[] => [
  'script',
  '-qec',
  `stty ${settings}; exec ${[command, ...args].map(quote).join(' ')}`,
  '/dev/null',
];

const p = (z: Zoo): string => z.pids.join(',');
const family = (z: Zoo): string => [z.family.parent, ...z.family.children, z.family.grandchild].join(',');
const withZoo =
  (...args: string[]) =>
  (z: Zoo) => [...args, '-p', p(z)];
const plain =
  (...args: string[]) =>
  () =>
    args;

const CASES: Case[] = [
  // Standard formats on the zoo.
  ...[
    '',
    '-f',
    '-F',
    '-l',
    '-ly',
    '-j',
    '-jf',
    '-jl',
    '-jF',
    '-c',
    '-cf',
    '-cl',
    '-P',
    '-Pf',
    '-Pl',
    '-M',
    '-Mf',
    '-lf',
    '-lF',
    '-lFy',
    '-FP',
    '-lFP',
    '-lFyP',
    '-jFPc',
  ].map((f): Case => ({ name: `format ${f || 'default'}`, args: (z) => [...(f ? [f] : []), '-p', p(z)] })),
  ...['l', 'j', 's', 'u', 'v', 'X', 'Z', 'x', 'u Z', 'l H'].map(
    (f): Case => ({ name: `BSD format ${f}`, args: (z) => [...f.split(' '), '-p', p(z)], filter: f === 'x' }),
  ),
  ...['-f x', '-l x', '-j x', '-F x', '-lyf x'].map(
    (f): Case => ({ name: `SysV format with BSD ${f}`, args: (z) => [...f.split(' '), '-p', p(z)], filter: true }),
  ),
  // Threads.
  ...['-L', '-Lf', '-LF', '-Ll', '-Lj', '-T', '-Tf', '-Tl', '-m', 'm', 'H', '-L u', '-T u', '-L l'].map(
    (f): Case => ({ name: `threads ${f}`, args: (z) => [...f.split(' '), '-p', String(z.threaded.pid)] }),
  ),
  // -o and friends.
  { name: '-o pid,comm', args: withZoo('-o', 'pid,comm') },
  { name: '-o empty headers', args: withZoo('-o', 'pid=,comm=') },
  { name: '-o renamed headers', args: withZoo('-o', 'pid=X,comm=Y') },
  { name: '-o long header widens', args: withZoo('-o', 'pid=LONGHEADER,ppid') },
  { name: '-o widths', args: withZoo('-o', 'pid:3,comm:5,ppid') },
  // %MEM and CP are printed 4 and 3 wide whatever the width: no overflow is taken back.
  { name: '-o narrow pmem cp', args: withZoo('-o', 'vsz:4,pmem,cp,pid,pmem:1,cp:1,pid') },
  // fname shows at most 8 cells and takes no more room than that, whatever its width.
  { name: '-o fname:20,pid', args: withZoo('-o', 'fname:20,pid,fname=LONGHEADERLONG,ni') },
  { name: '-o pid,fname:3', args: withZoo('-o', 'pid,fname:3') },
  { name: 'f -o fname:12,ni', args: (z) => ['f', '-o', 'fname:12,ni,fname:5,pid', '-p', family(z)] },
  { name: '-o comm first', args: withZoo('-o', 'comm,pid') },
  { name: '-o args cut when not last', args: withZoo('-o', 'args,pid') },
  { name: '-o args:12 not last', args: withZoo('-o', 'args:12,pid') },
  { name: 'several -o', args: withZoo('-o', 'pid', '-o', 'ppid,comm') },
  { name: 'blank-separated -o', args: withZoo('-o', 'pid ppid comm') },
  { name: 'BSD o', args: withZoo('o', 'pid,stat,comm') },
  { name: '--format', args: withZoo('--format', 'pid,user,comm') },
  { name: '--format=', args: (z) => [`--format=pid,comm`, `--pid=${p(z)}`] },
  { name: '-O comm', args: withZoo('-O', 'comm') },
  { name: 'O comm', args: withZoo('O', 'comm') },
  { name: '-O then -o', args: withZoo('-O', 'comm', '-o', 'pid') },
  { name: 'AIX %p %c %a', args: withZoo('-o', '%p %c %a') },
  { name: 'AIX gaps', args: withZoo('-o', '%p  %C %x') },
  { name: 'AIX literal prefix', args: withZoo('-o', 'x%p') },
  // Several -o lists: joined as written after an AIX list, with a blank before one after others.
  ...[
    ['-o', 's', '-o', '%p %P'],
    ['-o', '%p', '-o', 's,comm'],
    ['-o', '%p', '-o', '%P %c'],
    ['-o', 's', '-o', 'x%p'],
    ['-o', 'stat', '-o', '  %p', '-o', 'pid'],
  ].map((args): Case => ({ name: `AIX joined ${args.join(' ')}`, args: withZoo(...args) })),
  { name: 'quick pid', args: (z) => ['-q', String(z.stopped), '-o', 'pid,comm'] },
  { name: 'quick pids keep their order', args: (z) => ['-q', `${z.niced},${z.stopped},${z.niced}`] },
  // -e, -A, -a, -d, a and x are ignored beside -q; T is refused; r still filters.
  ...[['-e'], ['-A'], ['-a'], ['-d'], ['a'], ['x'], ['T'], ['r'], ['-dq']].map(
    (flags): Case => ({
      name: `quick pid ${flags.join(' ')}`,
      args: (z) => [...flags, '-q', `${z.niced},${z.stopped}`],
    }),
  ),
  { name: '--context', args: withZoo('--context') },
  // Sorting.
  { name: '--sort -pid', args: withZoo('--sort', '-pid', '-o', 'pid,comm') },
  { name: '--sort=comm,-pid', args: withZoo('--sort=comm,-pid', '-o', 'pid,ppid,comm') },
  { name: 'k ppid', args: withZoo('k', 'ppid', '-o', 'pid,ppid') },
  { name: '--sort +ni', args: withZoo('--sort', '+ni,pid', '-o', 'pid,ni,comm') },
  { name: '--sort user', args: withZoo('--sort', 'user,pid', '-o', 'pid,user,comm') },
  { name: '--sort -comm', args: withZoo('--sort', '-comm', '-o', 'pid,comm') },
  { name: '--sort tty,start_time', args: withZoo('--sort', 'tty,start_time', '-o', 'pid,tty,comm') },
  { name: '--sort -rss,vsz', args: withZoo('--sort=-rss,vsz', '-o', 'pid,comm') },
  { name: '--sort args', args: withZoo('--sort=args', '-o', 'pid,args') },
  { name: '--sort stat', args: withZoo('--sort=stat,pid', '-o', 'pid,stat') },
  // pri and pri_api sort by the kernel's priority, backwards to what they show; label, context
  // and zone never find two rows equal (descending reverses, later keys go unread).
  ...['pri', '-pri', 'pri_api,pid', '-label,pid', 'label,-pid', '-zone', 'ni,-context', '-ni,label,-pid'].map(
    (keys): Case => ({ name: `--sort ${keys}`, args: withZoo(`--sort=${keys}`, '-o', 'pid,ni,pri,comm') }),
  ),
  { name: 'BSD O letters', args: withZoo('-o', 'pid,ppid,comm', 'O', '-Pp') },
  { name: 'BSD O letter as first option', args: withZoo('O', 'p') },
  // -f with a user format conflicts: read again as BSD, -f is then the forest f.
  { name: '-f -o (BSD f o)', args: (z) => ['-f', '-o', 'pid,ppid,comm', '-p', family(z)] },
  { name: '-o --format -f', args: (z) => ['--format', 'pid,comm', '-f', '-p', family(z)] },
  { name: 'error -f -o pid -C sleep', args: plain('-f', '-o', 'pid', '-C', 'sleep') },
  // -c modifies a standard format only: with -o the line is read again as BSD (c, BSD selection).
  { name: '-o -c (BSD o c)', args: plain('-o', 'pid,comm', '-c'), alone: true },
  { name: '-o -c -p', args: withZoo('-o', 'pid,comm,args', '-c') },
  { name: 'error -o pid -c -N', args: plain('-o', 'pid', '-c', '-N') },
  // observed: a SysV and a BSD format conflict before -c finds no PRI to replace.
  { name: 'error -f -c j', args: plain('-f', '-c', 'j') },
  { name: 'error -c -l s', args: plain('-c', '-l', 's') },
  { name: 'error -F -c j', args: plain('-F', '-c', 'j') },
  { name: 'error gnu -c -f v', args: plain('-c', '-f', 'v'), env: { PS_PERSONALITY: 'gnu' } },
  { name: 'error -f --format pid -u root', args: plain('-f', '--format', 'pid', '-u', 'root') },
  // ps settles O after the whole line: a k or --sort anywhere makes it a format, a forest makes
  // its P a conflict; the first bad format or sort option in the line is the one blamed.
  ...[
    ['O', 'c', 'k', 'pid'],
    ['O', 'c', '--sort=pid'],
    ['k', 'pid', 'O', 'c'],
    ['O', 'T', 'O', 'c'],
  ].map((args): Case => ({ name: `O settled ${args.join(' ')}`, args: withZoo(...args) })),
  ...[
    ['O', 'P', 'f'],
    ['O', 'cP', '-H'],
    ['O', 'P', '-o', 'zzz', 'f'],
    ['-o', 'zzz', 'O', 'P', 'f'],
    ['-o', 'pid', 'O', 'P', 'f'],
    ['O', 'P', 'f', 'k', 'zzz'],
    ['-o', 'pid', 'k', 'pid', 'O', 'T'],
    ['k', 'pid', 'O', 'zzz'],
    ['k', 'pid', 'k', 'pid', '--bogus'],
    ['-o', 'pid', '-O', 'pid', 'k', 'zzz'],
    ['-o', 'zzz', 'k', 'pid', 'k', 'pid'],
  ].map((args): Case => ({ name: `error ${args.join(' ')}`, args: plain(...args) })),
  { name: 'k with f', args: (z) => ['f', 'k', '-pid', '-p', family(z)] },
  // Trees.
  { name: 'f on the family', args: (z) => ['f', '-p', family(z)] },
  { name: '--forest -o', args: (z) => ['--forest', '-o', 'pid,ppid,comm', '-p', family(z)] },
  { name: '-H on the family', args: (z) => ['-H', '-p', family(z)] },
  { name: '-fH', args: (z) => ['-fH', '-p', family(z)] },
  { name: 'axjf', args: plain('axjf'), filter: true },
  { name: '-ejH', args: plain('-ejH'), filter: true },
  // Under --sort a tree keeps, of each process's children, the run from the first one listed.
  {
    name: 'tree --sort=pid -H',
    args: (z) => ['--sort=pid', '-H', '-o', 'pid,ppid,comm', '-p', `${family(z)},${p(z)}`],
  },
  { name: 'tree --sort=-pid --forest', args: (z) => ['--sort=-pid', '--forest', '-p', `${family(z)},${p(z)}`] },
  {
    name: 'tree --sort=-comm -H',
    args: (z) => ['--sort=-comm', '-H', '-o', 'pid,ppid,comm', '-p', `${family(z)},${p(z)}`],
  },
  {
    name: 'tree --sort=ppid f',
    args: (z) => ['--sort=ppid', 'f', '-o', 'pid,ppid,comm', '-p', `${family(z)},${p(z)}`],
  },
  { name: 'tree k -start_time f', args: (z) => ['k', '-start_time', 'f', '-p', family(z)] },
  // Width and headers.
  { name: 'COLUMNS=60 -f', args: withZoo('-f'), env: { COLUMNS: '60' } },
  // e: the blank before the environment is left out when it would end the cut line (the zoo's
  // sleeps at 12 and 13 columns, other commands at the other widths).
  ...['10', '11', '12', '13', '14', '16', '20', '24'].map(
    (cols): Case => ({
      name: `COLUMNS=${cols} e -o pid,comm`,
      args: withZoo('e', '-o', 'pid,comm'),
      env: { COLUMNS: cols },
    }),
  ),
  ...['17', '18', '19', '23', '30'].map(
    (cols): Case => ({
      name: `COLUMNS=${cols} e -o pid,args`,
      args: withZoo('e', '-o', 'pid,args'),
      env: { COLUMNS: cols },
    }),
  ),
  { name: 'COLUMNS=30 -f', args: withZoo('-f'), env: { COLUMNS: '30' } },
  { name: '--cols 40 -o pid,args', args: withZoo('--cols', '40', '-o', 'pid,args') },
  { name: '--width=20 -o pid,ppid,args', args: withZoo('--width=20', '-o', 'pid,ppid,args') },
  // Past 131072 columns: a line per stderr complaint; the command text stops at 131071 bytes.
  { name: '--cols 131073', args: withZoo('--cols', '131073', '-o', 'pid,args') },
  { name: '--cols 140000', args: withZoo('--cols', '140000', '-o', 'pid,pid,pid,args') },
  { name: 'COLUMNS=140000', args: withZoo('-o', 'pid,pid,args'), env: { COLUMNS: '140000' } },
  // observed: ps writes at most 144 blanks before a text, an empty one included, and makes up those
  // it left out before the next texts (144 at most at a time).
  ...[
    'pid:300,pid',
    'pid:300',
    'args:300,comm',
    'comm:300=,comm:300=,pid',
    'pid:145=,comm:200=,pid',
    'pid,comm:500,pid:300,args',
    'f:146=,_right=',
    'cgroup:154=X,_left,fname:370,pgid:155',
    'blocked:300=,pid',
  ].map((format): Case => ({ name: `-o ${format}`, args: withZoo('-o', format) })),
  // observed: a header wider than an explicit width overflows it; the values keep the width.
  { name: 'header over an explicit width', args: withZoo('-o', 'ni:2=NICENESS,pid:2=ABCDEF,comm:2=COMMAND,pid') },
  { name: 'ww e', args: withZoo('ww', 'e', '-o', 'pid,args') },
  { name: 'w with COLUMNS', args: withZoo('w', '-f'), env: { COLUMNS: '50' } },
  // Signal masks shrink to 32 bits when the 16-digit line takes more screen rows than the short.
  ...['40', '80', '103', '104'].flatMap((cols) =>
    [['s'], ['s', '-L'], ['-o', 'pending,pid'], ['-o', 'pending=ABCDEFGHIJKL,blocked:20,pid']].map(
      (args): Case => ({
        name: `COLUMNS=${cols} ${args.join(' ')}`,
        args: (z) => [...args, '-p', `${p(z)},${z.threaded.pid}`],
        env: { COLUMNS: cols },
      }),
    ),
  ),
  { name: 'ww with COLUMNS', args: withZoo('ww', '-f'), env: { COLUMNS: '50' } },
  { name: '--no-headers', args: withZoo('--no-headers', '-f') },
  { name: 'h', args: withZoo('h') },
  { name: '--no-heading', args: withZoo('--no-heading', '-o', 'pid') },
  // On a terminal: its width, 80 when it reports none, w = 132, COLUMNS over the terminal.
  { name: 'tty 60 columns -f', args: withZoo('-f'), tty: 'cols 60 rows 40' },
  { name: 'tty 0 columns -f', args: withZoo('-f'), tty: 'cols 0 rows 0' },
  { name: 'tty w', args: withZoo('w', '-o', 'pid,args'), tty: 'cols 60' },
  { name: 'tty ww', args: withZoo('ww', '-o', 'pid,args'), tty: 'cols 60' },
  { name: 'tty COLUMNS', args: withZoo('-o', 'pid,args'), tty: 'cols 60', env: { COLUMNS: '45' } },
  // Selections by terminal list every process on one: run alone, or another case's `script`
  // session (its stty, a non-leader on a terminal) is listed by one side and gone for the other,
  // and the statuses differ (observed: ps -a 0, tps -a 1, nothing of the zoo's on either).
  { name: 'tty a', args: plain('a', '-o', 'pid,tty,stat,comm'), tty: 'cols 100', filter: true, alone: true },
  { name: 'tty -a', args: plain('-a', '-o', 'pid,tty,comm'), tty: 'cols 100', filter: true, alone: true },
  { name: 'tty T', args: plain('T', '-o', 'pid,tty,comm'), tty: 'cols 100', filter: true, alone: true },
  // Environment.
  { name: 'PS_PERSONALITY=bsd', args: plain(), env: { PS_PERSONALITY: 'bsd' }, alone: true },
  { name: 'PS_PERSONALITY=bsd -p', args: withZoo(), env: { PS_PERSONALITY: 'bsd' } },
  // BSD e (environments) with the BSD selection: every terminal, the test's own ones too.
  { name: 'PS_PERSONALITY=bsd -e', args: plain('-e'), env: { PS_PERSONALITY: 'bsd' }, filter: true },
  { name: 'PS_PERSONALITY=gnu -p', args: withZoo(), env: { PS_PERSONALITY: 'gnu' } },
  { name: 'PS_PERSONALITY=linux -p', args: withZoo(), env: { PS_PERSONALITY: 'linux' } },
  { name: 'PS_PERSONALITY=posix -e', args: plain('-e'), env: { PS_PERSONALITY: 'posix' }, filter: true },
  { name: 'PS_FORMAT', args: withZoo(), env: { PS_FORMAT: 'pid,ppid,comm' } },
  { name: 'PS_FORMAT under -f', args: withZoo('-f'), env: { PS_FORMAT: 'pid,ppid,comm' } },
  { name: 'PS_FORMAT bad', args: withZoo(), env: { PS_FORMAT: 'pid,bogus' } },
  { name: 'PS_FORMAT AIX', args: withZoo(), env: { PS_FORMAT: '%p %c' } },
  // observed: --headers repeats the header line even when every header is empty (a blank line).
  // Selected with -p: the line numbers where headers repeat depend on the whole listing.
  { name: 'LINES with --headers', args: withZoo('--headers', '-o', 'pid='), env: { LINES: '7' } },
  { name: 'LINES with --headers, empty headers', args: withZoo('--headers', '-o', 'comm=,pid='), env: { LINES: '4' } },
  {
    name: 'PS_PERSONALITY=bsd h, empty header',
    args: withZoo('h', '-o', 'pid='),
    env: { PS_PERSONALITY: 'bsd', LINES: '5' },
  },
  { name: '--headers --lines', args: (z) => ['--headers', '--lines', '4', '-o', 'pid,comm', '-p', p(z)] },
  { name: 'nothing selected', args: plain('-p', '4194303') },
  { name: 'nothing selected, no header', args: plain('--no-headers', '-p', '4194303') },
  { name: '-L with m', args: (z) => ['-L', 'm', '-p', String(z.threaded.pid)] },
  { name: '-m -o threads', args: (z) => ['-m', '-o', 'pid,lwp,stat,comm', '-p', String(z.threaded.pid)] },
  // Selection.
  { name: '-e', args: plain('-e'), filter: true },
  { name: '-A', args: plain('-A'), filter: true },
  { name: 'aux', args: plain('aux'), filter: true },
  { name: 'ax', args: plain('ax'), filter: true },
  { name: '-aux', args: plain('-aux'), filter: true },
  { name: '-d', args: plain('-d', '-o', 'pid,sid,comm'), filter: true },
  { name: '-a', args: plain('-a', '-o', 'pid,tty,comm'), filter: true },
  { name: 'a', args: plain('a'), filter: true },
  { name: 'x', args: plain('x'), filter: true },
  { name: 'T', args: plain('T', '-o', 'pid,comm'), filter: true },
  { name: 'r', args: plain('r'), alone: true },
  { name: '-N', args: (z) => ['-N', '-p', p(z), '-o', 'pid,comm'], filter: true },
  // -N negates what BSD r leaves: every process but the listed ones that run.
  { name: 'r -N', args: (z) => ['r', '-N', '-p', p(z), '-o', 'pid,stat,comm'], filter: true },
  { name: '-N r -e', args: () => ['-N', 'r', '-e', '-o', 'pid,comm'], filter: true },
  { name: 'r --deselect a', args: () => ['r', '--deselect', 'a', '-o', 'pid,comm'], filter: true },
  { name: '--deselect', args: (z) => ['--deselect', '--pid', p(z), '-o', 'pid,comm'], filter: true },
  { name: '-u nobody', args: plain('-u', 'nobody', '-o', 'pid,user,comm'), filter: true },
  { name: '-U root -u root u', args: plain('-U', 'root', '-u', 'root', 'u'), filter: true },
  { name: '-G nogroup', args: plain('-G', 'nogroup', '-o', 'pid,group'), filter: true },
  { name: '--group 65534', args: plain('--group', '65534', '-o', 'pid,comm'), filter: true },
  // observed: after -N, an unknown name or a number out of range is no error; numbers keep their
  // low 32 bits (4294967296 is root), names and numbers beyond a long select nobody.
  { name: '-N -u unknown', args: plain('-N', '-u', 'no-such-user', '-o', 'pid,user,comm'), filter: true },
  { name: '--deselect -G unknown', args: plain('--deselect', '-G', 'no-such-group', '-o', 'pid,comm'), filter: true },
  { name: '-N -u 4294967296', args: plain('-N', '-u', '4294967296', '-o', 'pid,user,comm'), filter: true },
  { name: '-N U huge', args: plain('-N', 'U', '-99999999999999999999', '-o', 'pid,comm'), filter: true },
  { name: '-N -g -1', args: plain('-N', '-g', '-1', '-o', 'pid,comm'), filter: true },
  { name: '-o pid -N -aux', args: plain('-o', 'pid', '-N', '-aux'), filter: true },
  { name: '-t pty', args: (z) => ['-t', z.pty.tty, '-o', 'pid,tty,comm'] },
  { name: 't pty', args: (z) => ['t', z.pty.tty] },
  { name: '--tty pty', args: (z) => ['--tty', z.pty.tty, '-f'] },
  // observed: a bare number is /dev/pts/N before /dev/ttyN, and `co` reaches /dev/console.
  { name: '-t pty number', args: (z) => ['-t', z.pty.tty.replace('pts/', ''), '-o', 'pid,tty,comm'] },
  { name: 't co', args: plain('t', 'co', '-o', 'pid,tty,comm') },
  // observed: a one-character name is last looked for in the working directory, and anything
  // there selects the processes without a terminal.
  { name: 't A in its directory', args: plain('t', 'A', '-o', 'pid,tty,comm'), inOneCharDir: true, filter: true },
  { name: '-t N in its directory', args: plain('-t', 'N', '-o', 'pid,tty,comm'), inOneCharDir: true, filter: true },
  { name: 'error -t Q in a directory', args: plain('-t', 'Q'), inOneCharDir: true },
  { name: 'error -t AN in a directory', args: plain('-t', 'AN'), inOneCharDir: true },
  { name: '-t null,pty', args: (z) => ['-t', `null,${z.pty.tty}`, '-o', 'pid,tty,comm'] },
  { name: '-s sid', args: (z) => ['-s', String(z.pty.child), '-o', 'pid,sid,comm'] },
  { name: '--sid', args: (z) => [`--sid=${z.pty.child}`] },
  { name: '-g sid', args: (z) => ['-g', String(z.pty.child)] },
  { name: '--ppid', args: (z) => ['--ppid', String(z.family.parent), '-o', 'pid,ppid,comm'] },
  { name: '-C sleep', args: plain('-C', 'sleep', '-o', 'pid,comm'), filter: true },
  // observed: -C compares the first 15 bytes of each name with the name as shown in the locale.
  { name: '-C long name', args: (z) => ['-C', z.longName.name, '-o', 'pid,comm'] },
  { name: '-C shown name', args: plain('-C', 'zq?é,zq.??', '-o', 'pid,comm') },
  { name: '-C shown name, C locale', args: plain('-C', 'zq?é,zq.??', '-o', 'pid,comm'), env: { LC_ALL: 'C' } },
  { name: '-C raw name', args: (z) => ['-C', z.hostileName.comm, '-o', 'pid,comm'] },
  { name: '-p blank list', args: (z) => ['-p', z.pids.join(' ')] },
  { name: '-p repeated', args: (z) => ['-p', String(z.stopped), '-p', String(z.niced)] },
  { name: 'BSD p', args: (z) => ['p', String(z.niced)] },
  { name: 'BSD bare pid', args: (z) => [String(z.niced)] },
  { name: 'union -p and --ppid', args: (z) => ['-p', String(z.stopped), '--ppid', String(z.family.parent)] },
  { name: '-p with r', args: withZoo('r') },
  // Course notes.
  { name: 'notes: ps a', args: plain('a'), filter: true },
  { name: 'notes: fo user,...', args: plain('fo', 'user,ppid,pid,pgid,sid,comm,stat'), filter: true },
  { name: 'notes: axu', args: plain('axu'), filter: true },
  { name: 'notes: -xu', args: plain('-xu'), filter: true },
  { name: 'notes: xf', args: plain('xf'), filter: true },
  { name: 'notes: -ef', args: plain('-ef'), filter: true },
  { name: 'notes: ps', args: plain(), filter: true },
  { name: 'notes: wchat error', args: plain('-eo', 'pid,tid,class,rtprio,ni,pri,psr,pcpu,stat,wchat:14,comm') },
  {
    name: 'notes: axo stat,...',
    args: plain('axo', 'stat,euid,ruid,tty,tpgid,sess,pgrp,ppid,pid,pcpu,comm'),
    filter: true,
  },
  { name: 'notes: -eo pid,tt,...', args: plain('-eo', 'pid,tt,user,fname,tmout,f,wchan'), filter: true },
  { name: 'notes: -aN --format', args: plain('-aN', '--format', 'cmd,pid,user,ppid'), filter: true },
  // Errors.
  ...[
    ['-p', 'abc'],
    ['-p', '0'],
    ['-p'],
    ['-p', '1,,2'],
    ['-q', '1', '-q', '2'],
    ['-q', '1', '-p', '1'],
    ['-q', '1', '-N'],
    ['-q', '1', 'f'],
    ['-u', 'no-such-user'],
    ['-u', 'no-such-user', '-N'],
    ['-G', 'no-such-group'],
    ['-g', 'abc'],
    ['-t', 'no-such-tty'],
    ['-t', 'shm'],
    ['-t', '/tmp'],
    ['t', 'null/x'],
    ['-s', '0'],
    ['-o', 'foo'],
    ['-o', 'pid:0'],
    ['-o', ',pid'],
    ['-o', '%p %'],
    ['-o', '%p %Z'],
    ['-o', '%p,%c'],
    ['--sort=foo'],
    ['--sort', 'pid,,ppid'],
    ['k'],
    ['-Q'],
    ['B'],
    ['W'],
    ['--foo'],
    ['-'],
    ['l', 'j'],
    ['u', '-o', 'pid'],
    ['-o', 'pid', 'u'],
    ['-l', '-o', 'pid'],
    ['-j', '-o', 'pid'],
    ['-y'],
    ['-y', '-f'],
    ['-L', '-T'],
    ['-L', 'm'],
    ['m', 'H'],
    ['-o', 'pid', '-O', 'comm'],
    ['--pid'],
    ['--cols'],
    ['--version', 'x'],
    ['-C'],
    ['--headers', '--no-headers'],
    ['h', 'h'],
    ['-m', 'm'],
    ['-e', '-p'],
    ['o'],
    ['O'],
    ['-O'],
    ['t', ''],
    ['--forest=1'],
    ['--headers=x'],
    ['--no-header=1'],
    ['--version=1'],
    ['--sort', 'pid', '--sort', 'ppid'],
    ['k', 'pid', 'O', 'p'],
    ['-s', '-1', '-o', 'pid'],
    ['-xu', '-o', 'pid'],
    ['-V', '-k'],
    ['V', 'x'],
    ['--info', 'x'],
    ['--context', 'u'],
    ['--context', '-o', 'pid'],
    ['-#'],
  ].map((args): Case => ({ name: `error ${args.join(' ')}`, args: () => args })),
  // --info: a dump on stderr; the personality's format names and number, screen size, terminal.
  { name: '--info', args: plain('--info'), info: true },
  ...['bsd', 'BSD', 'old', 'gnu', 'debian', 'linux', 'tru64', 'digital', 'compaq', 'sunos4', 'aix'].map(
    (personality): Case => ({
      name: `--info PS_PERSONALITY=${personality}`,
      args: plain('--info'),
      env: { PS_PERSONALITY: personality },
      info: true,
    }),
  ),
  ...['irix', 'sgi', 'hp', 'hpux', 'sco', 'svr4', 'sysv', '390', 'os390', 's390', 'posix', 'unix98', 'foo', ''].map(
    (personality): Case => ({
      name: `--info PS_PERSONALITY=${personality || '(empty)'}`,
      args: plain('--info'),
      env: { PS_PERSONALITY: personality },
      info: true,
    }),
  ),
  ...[
    { CMD_ENV: 'bsd' },
    { PS_PERSONALITY: '', CMD_ENV: 'tru64' },
    { PS_PERSONALITY: 'linux', CMD_ENV: 'bsd' },
    { I_WANT_A_BROKEN_PS: '', PS_PERSONALITY: 'linux' },
    { PS_PERSONALITY: 'irix', _XPG: '1' },
    { CMD_ENV: 'sgi', _XPG: '0' },
    { COLUMNS: '100', LINES: '50' },
    { COLUMNS: '0x10', LINES: '010' },
    { COLUMNS: ' +50', LINES: '50 ' },
    { COLUMNS: '131072', LINES: '131071' },
    { COLUMNS: '8', LINES: '1' },
    { COLUMNS: '3', PS_PERSONALITY: 'bsd' },
  ].map(
    (env): Case => ({
      name: `--info ${Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
      args: plain('--info'),
      env,
      info: true,
    }),
  ),
  { name: '--info on a terminal', args: plain('--info'), tty: 'cols 60 rows 40', info: true },
  { name: '--info on a 0x30 terminal', args: plain('--info'), tty: 'cols 0 rows 30', info: true },
  { name: '--info on a 5x1 terminal', args: plain('--info'), tty: 'cols 5 rows 1', info: true },
  {
    name: '--info on a terminal, COLUMNS too wide',
    args: plain('--info'),
    tty: 'cols 60 rows 40',
    env: { COLUMNS: '131072', LINES: '7' },
    info: true,
  },
  ...[['aux', '--info'], ['--info', '--info'], ['-e', '--info'], ['--info=1']].map(
    (args): Case => ({ name: `error ${args.join(' ')}`, args: () => args }),
  ),
  // The screen-size warning, once per reading of the command line.
  ...[
    ['-p', '1', '-o', 'pid'],
    ['-h', '-p', '1', '-o', 'pid'],
    ['-Q'],
    ['-y'],
    ['-q', '1', '-N'],
    ['--help', 's'],
    ['L'],
  ].flatMap((args) =>
    [{ COLUMNS: '5' }, { LINES: '1', PS_PERSONALITY: 'bsd' }].map(
      (env): Case => ({
        name: `bogus screen ${Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')} ${args.join(' ')}`,
        args: () => args,
        env,
      }),
    ),
  ),
  // BSD V and L stand alone, letters and all.
  ...[['xV'], ['Vx'], ['xL'], ['-xL']].map((args): Case => ({ name: `error ${args.join(' ')}`, args: () => args })),
  { name: 'error PS_PERSONALITY=bsd -V', args: plain('-V'), env: { PS_PERSONALITY: 'bsd' } },
  // Personalities named by $CMD_ENV and $I_WANT_A_BROKEN_PS, and irix cancelled by $_XPG.
  { name: 'CMD_ENV=bsd u', args: withZoo('u'), env: { CMD_ENV: 'bsd' } },
  { name: 'I_WANT_A_BROKEN_PS -l', args: withZoo('-l'), env: { I_WANT_A_BROKEN_PS: '' } },
  { name: 'irix with _XPG -l', args: withZoo('-l'), env: { PS_PERSONALITY: 'irix', _XPG: '1' } },
  { name: 'CMD_ENV=irix -l', args: withZoo('-l'), env: { CMD_ENV: 'irix' } },
  // observed: under bsd and the tru64 family BSD h repeats the header, as --headers.
  ...['bsd', 'tru64', 'old'].map(
    (personality): Case => ({
      name: `PS_PERSONALITY=${personality} h`,
      args: withZoo('h', '-o', 'pid,comm'),
      env: { PS_PERSONALITY: personality, LINES: '4' },
    }),
  ),
  { name: 'tty --headers pages', args: withZoo('--headers', '-o', 'pid,comm'), tty: 'rows 5 cols 100' },
  { name: 'tty 5x1 bogus', args: withZoo('-o', 'pid'), tty: 'rows 1 cols 5' },
  { name: 'tty COLUMNS too wide', args: withZoo('-o', 'pid,args'), tty: 'cols 60', env: { COLUMNS: '131072' } },
  // A UNIX reading refused by its whole-line checks is read again as BSD (`-T -H` is `T H`), but
  // not past a bare BSD argument (`-T f`); that second reading's m is the memory format.
  // BSD formats take the SysV modifiers: -j adds PGID SID, -c CLS PRI (l only; an internal error
  // elsewhere), -y drops l's F; threads place LWP and SPID around them.
  // (observed: ps crashes, SIGSEGV, on l with -m.)
  ...['j', 'l', 's', 'u', 'v', 'X'].flatMap((f) =>
    ['-j', '-c', '-y', '-jc', '-Lj', '-Tj', '-jm', f]
      .filter((m) => !(f === 'l' && m === '-jm'))
      .map((m): Case => ({ name: `BSD ${f} ${m}`, args: (z) => [f, m, '-p', `${p(z)},${z.threaded.pid}`] })),
  ),
  // Format conflicts are found after the whole line: a later bad option is blamed first.
  { name: 'error u s', args: withZoo('u', 's') },
  { name: '-n -H (BSD n H)', args: withZoo('-n', '-H'), filter: true },
  // With a format of the user's, -c shows the name in the argument columns.
  { name: '-c -o args', args: withZoo('-c', '-o', 'pid,args,cmd') },
  { name: '-c -O args', args: withZoo('-c', '-O', 'args') },
  { name: 'error u s -Q', args: withZoo('u', 's', '-Q') },
  { name: 'error u -o pid -Q', args: withZoo('u', '-o', 'pid', '-Q') },
  { name: 'error -o pid uQ', args: withZoo('-o', 'pid', 'uQ') },
  // So are bad format and sort specifiers (first in line order), then a misplaced -O.
  ...[
    ['-o', 'foo', '-Q'],
    ['--sort=foo', '-Q'],
    ['-o', 'foo', '--sort=bar'],
    ['--sort=bar', '-o', 'foo'],
    ['u', '-o', 'foo'],
    ['-o', 'foo', '-O', 'bar'],
    ['-o', 'pid', '-O', 'foo'],
    ['-o', 'pid', '-O', 'pid', '-Q'],
    ['O', 'foo'],
    ['-o', 'pid', 'O', 'foo'],
    ['O', 'foo', '-Q'],
    ['-o', 'foo', '-p', 'abc'],
    ['-o', 'foo', '-y'],
    ['-o', '-p', '1,2'],
    ['-f', '-o', 'pid', 'x'],
    ['-o', 'pid', '-f', 'c'],
    ['-f', '-o', 'pid', '1'],
    // -n is unsupported in 4.0.2 (read again as BSD); -a and -d conflict with BSD a and x.
    ['-n', 'foo'],
    ['x', '-a'],
    ['-a', 'a'],
    ['-d', 'x'],
    ['o', 'pid', '-c'],
    ['-c', '-o', 'pid', 'e'],
    // The thread flags are checked before whatever the parser found along the line.
    ['-o', 'zzz', '-L', '-T'],
    ['k', 'zzz', '-L', '-T'],
    ['-o', 'zzz', '-H', '-m'],
    ['u', 's', '-L', '-T'],
    ['-f', '-o', 'pid', 'x', '-L', '-T'],
    ['-o', 'pid', '-c', 'x', '-L', '--forest'],
    // Threads beside a tree, then the thread flags among themselves.
    ['-L', '-T', '--forest'],
    ['H', 'm', '--forest'],
    ['m', '-m', '--forest'],
    ['-L', 'H', '-o', 'pid', '--forest'],
    // -L/-T with H/m/-m and a user format (-O and O as well): after the format errors.
    ['-o', 'pid', '-L', '-m', '-f'],
    ['-o', 'zzz', '-L', '-m'],
    ['-o', 'pid', '-j', '-L', '-m'],
    ['u', '-o', 'pid', '-L', '-m'],
    ['-o', 'pid', '-L', '-m', '--context'],
    ['-q', '1', '-q', '2', '-o', 'pid', '-L', '-m'],
    ['-L', 'H', '-O', 'pid'],
    ['-O', 'pid', '-T', 'H'],
    ['-L', '-m', 'O', 'pid'],
    // --info is refused as soon as it is read beside anything else.
    ['-L', '-T', '--info'],
    ['--info', '--forest', '-L'],
    ['--info', '--bogus'],
    ['--bogus', '--info'],
    ['--info', '-p', 'abc'],
    ['--info', '--help'],
    // -q is checked after every format error; its own complaints end ps in either reading.
    ['-q', '1', '-q', '2', '-o', 'zzz'],
    ['-q', '1', '-q', '2', '-L', '-T'],
    ['-q', '1', '-q', '2', '-j', '-o', 'pid'],
    ['-q', '1', '-q', '2', 'l', '-o', 'pid'],
    ['-q', '1', '-q', '2', 'u', '-f'],
    ['-q', '1', '-q', '2', '-f', '-o', 'pid'],
    ['-q', '1', '-q', 'abc'],
    ['-q', '1', '-p', '1', '-q', '2'],
    ['-q', '1', '-e', '-f', '-o', 'pid'],
    ['-q', '1', '-m', '--forest'],
    ['-q', '1', '-T', '--forest'],
    ['-q', '1', 'k', 'pid', '--forest'],
    ['-q', '1', '-N', '--forest'],
    ['-q', '1', '-N', 'k', 'pid'],
    ['-q', '1', '--forest', '-y'],
    // With BSD letters too, -f, -l and --context with -o conflict before -c is a modifier.
    ['-l', '-c', '-o', 'pid', 'x'],
    ['--context', '-c', '-o', 'pid', 'x'],
  ].map((argv): Case => ({ name: `error ${argv.join(' ')}`, args: plain(...argv) })),
  ...[
    ['--info', '-x'],
    ['-x', '--info'],
  ].map(
    (argv): Case => ({
      name: `error debian ${argv.join(' ')}`,
      args: plain(...argv),
      env: { PS_PERSONALITY: 'debian' },
    }),
  ),
  // List items: numbers as C's strtol reads them in base 0, tabs as separators.
  { name: 'list: hex pid', args: (z) => ['-p', `0x${z.niced.toString(16)}`, '-o', 'pid,comm'] },
  { name: 'list: octal pid', args: (z) => ['-p', `0${z.niced.toString(8)}`, '-o', 'pid,comm'] },
  { name: 'list: tab-separated', args: (z) => ['-p', `${z.niced}\t${z.stopped}`, '-o', 'pid,comm'] },
  { name: 'list: hex quick pid', args: (z) => ['-q', `0X${z.stopped.toString(16)}`] },
  { name: 'list: hex ppid', args: (z) => ['--ppid', `0x${z.family.parent.toString(16)}`, '-o', 'pid,ppid'] },
  { name: 'list: -g 0 is group root', args: plain('-g', '0', '-o', 'pid,egid'), filter: true },
  { name: 'list: hex uid', args: plain('-u', '0x0', '-o', 'pid,euid'), filter: true },
  ...[
    ['-p', '08'],
    ['-U', '-1'],
    ['-U', '0xffffffff'],
    ['-G', '4294967295'],
    ['--sid', '1\t'],
    ['-g', '08'],
  ].map((argv): Case => ({ name: `error list ${argv.join(' ')}`, args: plain(...argv) })),
  // --help answers as soon as it is read, whatever follows or waits for the end of the line.
  ...[
    ['k', 'zzz', '--help'],
    ['-o', 'zzz', '--help'],
    ['--help', '-o', 'zzz'],
    ['-q', '1', '-q', '2', '--help'],
    ['X', '--context', '--help'],
    ['-L', '-T', '--help'],
  ].map((argv): Case => ({ name: `help ${argv.join(' ')}`, args: plain(...argv) })),
  // Sorted, m, -m, -L and -T show one line per process; BSD H keeps the threads.
  ...['-m', 'm', '-L', '-T', 'H', '-Lf'].map(
    (f): Case => ({ name: `sorted threads ${f}`, args: (z) => [f, '--sort=-pid', '-p', `${p(z)}`] }),
  ),
  { name: '-T -H', args: plain('-T', '-H'), filter: true },
  { name: '-TH -p', args: withZoo('-TH'), filter: true },
  { name: 'error -T f', args: plain('-T', 'f') },
  { name: 'error -T -H x', args: plain('-T', '-H', 'x') },
  { name: 'error -x x', args: plain('-x', 'x') },
  { name: 'error -u x', args: plain('-u', 'x') },
  { name: 'error -aux e', args: plain('-aux', 'e') },
  { name: 'error -a#', args: plain('-a#') },
  { name: 'error PS_PERSONALITY=bsd -#', args: plain('-#'), env: { PS_PERSONALITY: 'bsd' } },
  { name: '-xm', args: plain('-xm'), filter: true },
  { name: '--forest -m', args: (z) => ['--forest', '-m', '-p', family(z)] },
  { name: '-m -H', args: withZoo('-m', '-H') },
  { name: 'error -m f', args: plain('-m', 'f') },
  // BSD m: memory format (old, gnu, debian), memory sort (bsd), threads (others).
  ...['old', 'gnu', 'debian', 'bsd', 'linux', 'tru64'].map(
    (personality): Case => ({
      name: `PS_PERSONALITY=${personality} m`,
      args: (z) => ['m', '-o', 'pid,rss,comm', '-p', p(z)],
      env: { PS_PERSONALITY: personality },
    }),
  ),
  {
    name: 'PS_PERSONALITY=gnu m H',
    args: (z) => ['m', 'H', '-p', String(z.threaded.pid)],
    env: { PS_PERSONALITY: 'gnu' },
  },
  { name: 'PS_PERSONALITY=old m format', args: withZoo('m'), env: { PS_PERSONALITY: 'old' } },
  { name: 'PS_PERSONALITY=bsd m sorts', args: withZoo('m'), env: { PS_PERSONALITY: 'bsd' } },
  { name: 'error PS_PERSONALITY=gnu m u', args: plain('m', 'u'), env: { PS_PERSONALITY: 'gnu' } },
  { name: 'error PS_PERSONALITY=bsd m k', args: plain('m', 'k', 'pid'), env: { PS_PERSONALITY: 'bsd' } },
  // --context: its own format; -j, -L, -T, -M add to it, -c finds no PRI, -f -l -F conflict.
  ...['-j', '-M', '-jM', '-y', '-P', '-m'].map(
    (f): Case => ({ name: `--context ${f}`, args: withZoo('--context', f) }),
  ),
  ...['-L', '-T', '-Lj', '-LM'].map(
    (f): Case => ({ name: `--context ${f}`, args: (z) => ['--context', f, '-p', String(z.threaded.pid)] }),
  ),
  { name: '--context -f (BSD f)', args: (z) => ['--context', '-f', '-p', family(z)] },
  { name: '--context --forest', args: (z) => ['--context', '--forest', '-p', family(z)] },
  ...[['-c'], ['-l'], ['-F'], ['-jf'], ['-O', 'pid'], ['-fy'], ['-fL']].map(
    (f): Case => ({ name: `error --context ${f.join(' ')}`, args: () => ['--context', ...f] }),
  ),
  // -M/-Z, -j, -y, -P and -c refuse a format of the user's, -O's too, and -f makes that a
  // conflict. ps then reads the line again: `-M -o pid` is BSD `M o pid`, threads.
  ...[
    ['-M', '-o', 'pid,tid,lwp,comm'],
    ['-o', 'pid,nlwp', '-M'],
    ['-M', '-O', 'tid'],
    ['-M', '--format', 'pid,args'],
    ['-M', '-o', 'pid,tid', '-c'],
    ['-M', '-o', 'pid,tid', '--no-headers'],
    ['-M', '-o', 'pid,tid', '--sort=-pid'],
    ['-O', 'tid', '-f'],
    ['-O', 'args', '-f'],
  ].map((args): Case => ({ name: args.join(' '), args: (z) => [...args, '-p', `${p(z)},${z.threaded.pid}`] })),
  { name: '-T -o pid,tid -c (BSD T)', args: withZoo('-T', '-o', 'pid,tid', '-c'), filter: true },
  ...[
    ['o', 'pid', '-M'],
    ['-o', 'pid', '-Z'],
    ['-M', '-o', 'pid', '-L'],
    ['-M', '-o', 'pid', '--forest'],
    ['-M', '-o', 'pid', 'x'],
    ['-M', '-o', 'pid', '-u', 'root'],
    ['-o', 'pid', '-f', '-M'],
    ['-o', 'pid', '-f', '-y'],
    ['-o', 'pid', '-f', '-P'],
    ['-O', 'tid', '-y'],
    ['-O', 'tid', '-j'],
    ['-O', 'tid', '-P'],
    ['-O', 'tid', '-Z'],
    ['-O', 'tid', '-l'],
    ['-O', 'tid', '-F'],
    ['-O', 'tid', '-f', '-L'],
    ['-m', '-o', 'pid', '-c'],
    ['-L', '-o', 'pid', '-c'],
    ['-m', '-O', 'tid', '-c'],
  ].map((args): Case => ({ name: `error ${args.join(' ')}`, args: () => args })),
  // BSD O reads sort letters first (c is the arguments), a format only when they fail.
  ...[['O', 'c'], ['O', '-c'], ['O', 'cp'], ['O', 's'], ['O', 'tt'], ['--sort=vsize'], ['--sort=-_left']].map(
    (args): Case => ({ name: args.join(' '), args: (z) => [...args, '-o', 'pid,vsz,comm', '-p', p(z)] }),
  ),
  // observed: etime sorts by the time elapsed (youngest first), not by the start time.
  { name: '--sort=etime', args: withZoo('--sort=etime,pid', '-o', 'pid,comm') },
  { name: '--sort=-etime', args: withZoo('--sort=-etime,pid', '-o', 'pid,comm') },
  // The old id lists: `ps 123`, `ps -123` (a process group), `ps +123` (a session), to the end.
  { name: 'ids: pids', args: (z) => [String(z.niced), String(z.stopped)] },
  { name: 'ids: process group', args: (z) => [`-${z.pty.child}`] },
  { name: 'ids: session', args: (z) => [`+${z.pty.child}`] },
  { name: 'ids: mixed', args: (z) => [String(z.niced), `-${z.pty.child}`, ` 0x${z.stopped.toString(16)}`] },
  { name: 'ids: after options', args: (z) => ['-o', 'pid,pgid,sid,comm', `-${z.pty.child}`, `+${z.pty.child}`] },
  { name: 'ids: -N', args: (z) => ['-N', `-${z.pty.child}`, String(z.niced)], filter: true },
  { name: 'ids: -e', args: (z) => ['-e', `-${z.pty.child}`], filter: true },
  { name: 'ids: none', args: plain('-4194303') },
  { name: 'ids: ++', args: (z) => [`++${z.pty.child}`] },
  ...[['-1', 'x'], ['1,2'], ['-1', '-o', 'pid'], ['+'], ['+-1'], ['-1', ''], ['-0'], ['-1x'], ['-99999999999']].map(
    (args): Case => ({ name: `error ids ${args.join(' ')}`, args: () => args }),
  ),
  // Help.
  ...['', 's', 'list', 'o', 'threads', 'm', 'all', 'a', 'bogus'].map(
    (section): Case => ({ name: `--help ${section}`, args: () => ['--help', ...(section ? [section] : [])] }),
  ),
];

const TPS = `${repoRoot}/bin/tps`;
/** Seconds the frozen clock is moved on (uptime) and back (btime). */
const SHIFT = 1000;

describe('tps options against ps', () => {
  const fixture = zooUnderFrozenClock(TPS);
  afterAll(() => rmSync(ONE_CHAR_DIR, { recursive: true, force: true }));

  async function check(c: Case): Promise<Comparison> {
    const args = c.args(fixture.zoo);
    const opts: CompareOptions & { timeoutMs: number; listsItself?: boolean } = {
      env: c.env ?? {},
      timeoutMs: 30_000,
      listsItself: c.alone === true || c.info === true,
    };
    if (c.filter) opts.filterPids = fixture.zoo.pids;
    if (c.inOneCharDir) opts.cwd = ONE_CHAR_DIR;
    if (c.info) {
      // Each side runs on a pseudo-terminal of its own: the minor numbers differ.
      const pty = (text: string): string => (c.tty ? text.replace(/^(EUID=\d+ TTY=136,)\d+ /m, '$1N ') : text);
      opts.normalise = (text) => pty(infoVersions(text));
      opts.normaliseStderr = infoVersions;
    }
    const ref = c.tty ? onTty(c.tty, 'ps', args) : ['ps', ...args];
    const ours = c.tty ? onTty(c.tty, TPS, args) : [TPS, ...args];
    return fixture.clock.compare(ref, ours, opts, SHIFT);
  }

  const seen = new Set<string>();
  for (const c of CASES) {
    if (seen.has(c.name)) throw new Error(`duplicate case ${c.name}`);
    seen.add(c.name);
  }
  const expectSame = async (c: Case) => {
    const cmp = await check(c);
    expect(cmp.diff, `tps ${c.args(fixture.zoo).join(' ')}`).toBe('');
  };
  // Every other case lists only the zoo's processes (by pid, or filtered): they run a few at a time.
  describe.concurrent('zoo listings', () => {
    for (const c of CASES.filter((c) => !c.alone)) it(c.name, () => expectSame(c), 60_000);
  });
  describe.sequential('default selection', () => {
    for (const c of CASES.filter((c) => c.alone)) it(c.name, () => expectSame(c), 60_000);
  });
});
