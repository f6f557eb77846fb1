import { describe, expect, it } from 'vitest';
import { PlainError, UsageError } from './errors.ts';
import { cInteger, type Lookups } from './lists.ts';
import { parseArgs, type Readings, resolvePersonality } from './parse.ts';
import type { Options } from './types.ts';

const KNOWN = new Set(['pid', 'ppid', 'comm', 'user', 'args', 'ni', 'stat', '%cpu', '%mem']);

const lookups: Lookups = {
  uidOf: (name) => ({ root: 0, nobody: 65534 })[name],
  gidOf: (name) => ({ root: 0, nogroup: 65534 })[name],
  ttyDevice: (name) => ({ 'pts/3': 34819, tty1: 1025, '?': 0, shm: 'not a tty' as const })[name],
  knownColumn: (key) => KNOWN.has(key),
  sortable: () => true,
};

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
    // Numbers are read as C's strtol reads them in base 0; tabs separate too.
    [['-u', '0x10'], { select: ['euid=16'] }],
    [['-p', '010\t0x10'], { select: ['pid=8,16'] }],
    [['-g', '0'], { select: ['egid=0'] }],
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
    // observed: after -N, unknown names select nobody ((uid_t)-1) and numbers keep their low 32 bits.
    [['-N', '-u', 'nosuch,0x100000001'], { select: ['negate', 'euid=4294967295,1'] }],
    [['--deselect', '-G', '-1', '-g', 'nosuch'], { select: ['negate', 'rgid=4294967295', 'egid=4294967295'] }],
    [['-N', '-U', '-18446744073709551617,-4294967296'], { select: ['negate', 'ruid=4294967295,0'] }],
    [['-N', '-aux'], { select: ['ttyNotLeader', 'negate', 'euid=4294967295'] }],
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
    // The old id lists: every argument from the first one on; -n a process group, +n a session.
    [['123', '0x10', '-7', '+8'], { select: ['pid=123,16', 'pgid=7', 'sid=8'], bsd: true }],
    [['-12'], { select: ['pgid=12'], bsd: true }],
    [['-e', '-12', ' 010'], { select: ['all', 'pid=8', 'pgid=12'] }],
    [['++3'], { select: ['sid=3'] }],
    // The whole-line checks are part of the UNIX reading: -T -H is BSD `T H`, --forest -m BSD `m`.
    [['-T', '-H'], { select: ['thisTerminal'], threads: 'H', bsd: true }],
    [['--forest', '-m'], { bsdFormat: 'm', forest: true, threads: undefined }],
    // observed: --context -f conflicts, and BSD `f` is a forest.
    [['--context', '-f'], { forest: true, sysv: '' }],
    [['-xm'], { bsdFormat: 'm', select: ['bsdNoTty'] }],
    [['m'], { threads: 'm' }],
    [['M'], { threads: 'm' }],
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
    [['-p', '08'], 'process ID list syntax error'],
    [['-U', '-1'], 'user ID out of range'],
    [['-U', '0xffffffff'], 'user ID out of range'],
    [['-G', '4294967295'], 'group ID out of range'],
    [['-p', '0'], 'process ID out of range'],
    [['-p'], 'list of process IDs must follow -p'],
    [['-p', '1,,2'], 'improper list'],
    [['-u', 'nosuch'], 'user name does not exist'],
    [['-G', '-1'], 'group ID out of range'],
    [['-g', 'nosuch'], 'list of session leaders OR effective group IDs was invalid'],
    [['-t', 'nosuch'], 'TTY could not be found'],
    [['-t', 'tty1,shm'], 'list member was not a TTY'],
    [['-u', 'nosuch', '-N'], 'user name does not exist'],
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
    [['xV'], 'the option is exclusive: V'],
    [['1', 'x'], 'process ID list syntax error'],
    [['1,2'], 'process ID list syntax error'],
    [['-1', '-o', 'pid'], 'process ID list syntax error'],
    [['+'], 'process ID out of range'],
    [['+-1'], 'process ID out of range'],
    [['-1', ''], 'process ID out of range'],
    [['-2147483648'], 'process ID out of range'],
    // No second reading past a bare BSD argument: the first error stands.
    [['-x', 'x'], 'must set personality to get -x option'],
    [['-T', 'f'], 'thread display conflicts with forest display'],
    [['-u', 'x'], 'user name does not exist'],
    [['-#'], 'garbage option'],
    [['-a#'], 'unsupported SysV option'],
    [['--context', '-jf'], 'conflicting format options'],
    [['--context', '-l'], 'conflicting format options'],
    [['--context', '-O', 'pid'], 'conflicting format options'],
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

describe('personalities', () => {
  const withPersonality = (name: string, ...argv: string[]): Options => parseArgs(argv, lookups, name);
  it('takes $I_WANT_A_BROKEN_PS, then $PS_PERSONALITY, then $CMD_ENV; $_XPG cancels irix', () => {
    expect(resolvePersonality({})).toEqual({ name: 'unknown', key: '' });
    expect(resolvePersonality({ PS_PERSONALITY: 'BSD', CMD_ENV: 'gnu' })).toEqual({ name: 'BSD', key: 'bsd' });
    expect(resolvePersonality({ PS_PERSONALITY: '', CMD_ENV: 'gnu' })).toEqual({ name: 'gnu', key: 'gnu' });
    expect(resolvePersonality({ I_WANT_A_BROKEN_PS: '', PS_PERSONALITY: 'linux' })).toEqual({
      name: 'old',
      key: 'old',
    });
    expect(resolvePersonality({ PS_PERSONALITY: 'sgi', _XPG: '1x' })).toEqual({ name: 'sgi', key: '' });
    expect(resolvePersonality({ PS_PERSONALITY: 'sgi', _XPG: '01' })).toEqual({ name: 'sgi', key: 'sgi' });
  });
  it('gives BSD m and h their personal meanings', () => {
    expect(summary(withPersonality('bsd', 'm'))).toMatchObject({ sort: ['+rss'], threads: undefined });
    expect(summary(withPersonality('gnu', 'm'))).toMatchObject({ bsdFormat: 'm' });
    expect(summary(withPersonality('old', '-m'))).toMatchObject({ bsdFormat: 'm' });
    expect(summary(withPersonality('linux', 'm'))).toMatchObject({ threads: 'm' });
    expect(summary(withPersonality('tru64', 'h'))).toMatchObject({ headers: 'repeat' });
    expect(summary(withPersonality('old', 'h'))).toMatchObject({ headers: 'none' });
    expect(() => withPersonality('bsd', '-V')).toThrow(new UsageError('the option is exclusive: V'));
    expect(withPersonality('hp', '-x').commandAsArgs).toBe(true);
    expect(withPersonality('hpux', '-fx').commandAsArgs).toBe(true);
    expect(withPersonality('linux', '-x')).toMatchObject({ commandAsArgs: false, bsdSeen: true });
  });
  it('counts the readings of the command line', () => {
    const count = (personality: string, ...argv: string[]): number => {
      const readings: Readings = { count: 0 };
      try {
        parseArgs(argv, lookups, personality, readings);
      } catch {}
      return readings.count;
    };
    expect(count('', '-e')).toBe(1);
    expect(count('', '-aux')).toBe(2);
    expect(count('', '-y')).toBe(2);
    expect(count('', '-q', '1', '-N')).toBe(1);
    expect(count('bsd', 'ax')).toBe(2);
  });
});

describe('cInteger: strtol in base 0 over the whole text', () => {
  it.each([
    ['12', 12],
    ['0x1f', 31],
    ['010', 8],
    [' +5', 5],
    ['-3', -3],
    ['', 0],
    ['08', undefined],
    ['5 ', undefined],
    ['1e2', undefined],
    ['0x', undefined],
  ] as const)('%j', (text, value) => {
    expect(cInteger(text)).toBe(value);
  });
});
