import { describe, expect, it } from 'vitest';
import { PlainError, UsageError } from './errors.ts';
import { setKnownColumn } from './format-list.ts';
import type { Lookups } from './lists.ts';
import { parseArgs } from './parse.ts';
import type { Options } from './types.ts';

const lookups: Lookups = {
  uidOf: (name) => ({ root: 0, nobody: 65534 })[name],
  gidOf: (name) => ({ root: 0, nogroup: 65534 })[name],
  ttyDevice: (name) => ({ 'pts/3': 34819, tty1: 1025, '?': 0 })[name],
};

const KNOWN = new Set(['pid', 'ppid', 'comm', 'user', 'args', 'ni', 'stat', '%cpu', '%mem']);
setKnownColumn((key) => KNOWN.has(key));

const parse = (...argv: string[]): Options => parseArgs(argv, lookups);

/** A compact view of what a command line asks for. */
function summary(o: Options): Record<string, unknown> {
  const s = o.selection;
  const flags = (
    ['all', 'ttyNotLeader', 'notLeader', 'bsdAll', 'bsdNoTty', 'thisTerminal', 'running', 'negate'] as const
  ).filter((k) => s[k]);
  return {
    select: [
      ...flags,
      ...s.lists.map((l) => `${l.kind}=${l.values.join(',')}`),
      ...(s.quick ? [`quick=${s.quick}`] : []),
    ],
    bsd: o.bsdSeen,
    sysv: [...o.sysv].sort().join(''),
    bsdFormat: o.bsdFormat,
    format: o.format?.map(
      (f) => `${f.key}${f.width ? `:${f.width}` : ''}${f.header !== undefined ? `=${f.header}` : ''}`,
    ),
    sort: o.sort.map((k) => `${k.descending ? '-' : '+'}${k.key}`),
    threads: o.threads,
    forest: o.forest,
    headers: o.headers,
  };
}

describe('parseArgs: argv to selection, format, sort and flags', () => {
  const table: [string[], Record<string, unknown>][] = [
    [[], { select: [], bsd: false, sysv: '' }],
    [['-ef'], { select: ['all'], sysv: 'f' }],
    [['-e', '-f'], { select: ['all'], sysv: 'f' }],
    [['aux'], { select: ['bsdAll', 'bsdNoTty'], bsd: true, bsdFormat: 'u' }],
    // ps -aux: -u wants a user "x"; the BSD reading wins (observed).
    [['-aux'], { select: ['bsdAll', 'bsdNoTty'], bsd: true, bsdFormat: 'u' }],
    [['-xu'], { select: ['bsdNoTty'], bsd: true, bsdFormat: 'u' }],
    [['axjf'], { select: ['bsdAll', 'bsdNoTty'], bsdFormat: 'j', forest: true }],
    [['-p', '1,2'], { select: ['pid=1,2'] }],
    [['-p', '1 2'], { select: ['pid=1,2'] }],
    [['-p1', '-p', '2'], { select: ['pid=1', 'pid=2'] }],
    [['p', '3'], { select: ['pid=3'], bsd: true }],
    [['123'], { select: ['pid=123'], bsd: true }],
    [['--pid=4', '--ppid', '5'], { select: ['pid=4', 'ppid=5'] }],
    [['-U', 'root', '-u', 'root', 'u'], { select: ['ruid=0', 'euid=0'], bsdFormat: 'u' }],
    [['-u', '-1'], { select: ['euid=4294967295'] }],
    [['U', 'nobody'], { select: ['euid=65534'], bsd: true }],
    [['-G', 'nogroup', '--group', '0'], { select: ['rgid=65534', 'egid=0'] }],
    [['-g', '7'], { select: ['sid=7'] }],
    [['-g', 'root'], { select: ['egid=0'] }],
    [['-t', 'pts/3'], { select: ['tty=34819'] }],
    [['t'], { select: ['thisTerminal'], bsd: true }],
    [['-C', 'sleep,sh'], { select: ['comm=sleep,sh'] }],
    [['-s', '1', '--sid=2'], { select: ['sid=1', 'sid=2'] }],
    [['-q', '5'], { select: ['quick=5'] }],
    [['-N', '-p', '1'], { select: ['negate', 'pid=1'] }],
    [['--deselect', '-a'], { select: ['ttyNotLeader', 'negate'] }],
    [['-d', 'r'], { select: ['notLeader', 'running'] }],
    [['-o', 'pid,comm=Name', '-o', 'ppid:7'], { format: ['pid', 'comm=Name', 'ppid:7'] }],
    [['o', 'pid=', 'x'], { format: ['pid='], select: ['bsdNoTty'] }],
    [['--format=pid user'], { format: ['pid', 'user'] }],
    [['-o', '%p %c'], { format: ['pid', 'comm'] }],
    // observed: a list that parses as keys is keys, `%` or not; AIX only when that fails.
    [['-o', 'pid,%cpu'], { format: ['pid', '%cpu'] }],
    [['-o', '%mem %cpu=X'], { format: ['%mem', '%cpu=X'] }],
    [['-o', 'x %p'], { format: ['pid'] }],
    [['--sort', '-pid,+ppid,comm'], { sort: ['-pid', '+ppid', '+comm'] }],
    [['k', 'ni'], { sort: ['+ni'] }],
    [['-lyf'], { sysv: 'fly' }],
    [['-L'], { threads: 'L' }],
    [['-L', 'm'], { threads: 'm' }],
    [['H'], { threads: 'H', bsd: true }],
    [['--no-headers'], { headers: 'none' }],
    [['h'], { headers: 'none' }],
    [['--headers'], { headers: 'repeat' }],
  ];
  it.each(table)('%j', (argv, expected) => {
    expect(summary(parse(...argv))).toMatchObject(expected);
  });

  it('reads widths, help and version', () => {
    expect(parse('--cols', '40').columns).toBe(40);
    expect(parse('--width=50').columns).toBe(50);
    expect(parse('ww').wide).toBe(2);
    expect(parse('--help', 'list').help).toBe('list');
    expect(parse('--help').help).toBe('');
    expect(parse('-V').version).toBe(true);
  });

  const errors: [string[], string][] = [
    [['-p', 'abc'], 'process ID list syntax error'],
    [['-p', '0'], 'process ID out of range'],
    [['-p'], 'list of process IDs must follow -p'],
    [['-p', '1,,2'], 'improper list'],
    [['-u', 'nosuch'], 'user name does not exist'],
    [['-G', '-1'], 'group ID out of range'],
    [['-g', 'nosuch'], 'list of session leaders OR effective group IDs was invalid'],
    [['-t', 'nosuch'], 'TTY could not be found'],
    [['-o', 'nosuchkey'], 'unknown user-defined format specifier "nosuchkey"'],
    [['-o', 'pid:x'], 'column widths must be unsigned decimal numbers'],
    [['-o', '%p %'], 'missing AIX field descriptor'],
    [['-o', '%p %Z'], 'unknown AIX field descriptor'],
    [['-o', '%p,%c'], 'improper AIX field descriptor'],
    [['-o', 'ab%p'], 'improper AIX field descriptor'],
    [['-o', ' x%p'], 'improper AIX field descriptor'],
    [['-o', '%p %cpu'], 'improper AIX field descriptor'],
    [['--sort', ',pid'], 'improper sort list'],
    [['k'], "long sort specification must follow 'k'"],
    [['-k'], 'unsupported SysV option'],
    [['b'], 'unsupported option (BSD syntax)'],
    [['--nope'], 'unknown gnu long option'],
    [['-'], 'garbage option'],
    [['u', 'v'], 'conflicting format options'],
    [['-o', 'pid', '-O', 'comm'], 'option -O can not follow other format options'],
    [['-j', '-o', 'pid'], 'can not use output modifiers with user-defined output'],
    [['-y'], 'modifier -y without format -l makes no sense'],
    [['-L', '-T'], "thread flags conflict; can't use both -L and -T"],
    [['m', 'H'], "thread flags conflict; can't use H with m or -m"],
    [['-L', 'm', '-o', 'pid'], '-L/-T with H/m/-m and -o/-O/o/O is nonsense'],
    [['--version', 'x'], 'the option is exclusive: --version'],
  ];
  it.each(errors)('%j is an error', (argv, message) => {
    expect(() => parse(...argv)).toThrow(new UsageError(message));
  });

  it('reports quick-pid misuse without the usage block', () => {
    expect(() => parse('-q', '1', '-q', '2')).toThrow(PlainError);
    expect(() => parse('-q', '1', '-p', '2')).toThrow(
      'q/-q/--quick-pid cannot be combined with other selection options.',
    );
    expect(() => parse('-q', '1', 'f')).toThrow('q/-q/--quick-pid cannot be used together with forest type listings.');
  });
});
