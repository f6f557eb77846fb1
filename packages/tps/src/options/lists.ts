import { type Stats, statSync } from 'node:fs';
import { UsageError } from './errors.ts';
import type { ListKind, SelectionList } from './types.ts';

/** Name lookups a list needs; main.ts passes the system's, tests their own. */
export interface Lookups {
  uidOf(name: string): number | undefined;
  gidOf(name: string): number | undefined;
  /**
   * Device number of a terminal given as ps accepts it (`pts/3`, `/dev/tty1`, `tty1`, `?`);
   * `'not a tty'` when the name is found but is no character device.
   */
  ttyDevice(name: string): number | 'not a tty' | undefined;
}

const INT_MAX = 0x7fffffff;

/**
 * C's strtol in base 0 over the whole text (leading blanks, a sign, 0x hex, 0 octal); undefined
 * when anything else is left. Like strtol, the empty text reads as 0.
 */
export function cInteger(text: string): number | undefined {
  if (text === '') return 0;
  const m = /^[\t\n\v\f\r ]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2] as string;
  const n = /^0[xX]/.test(digits)
    ? Number.parseInt(digits.slice(2), 16)
    : Number.parseInt(digits, digits.startsWith('0') ? 8 : 10);
  return m[1] === '-' ? -n : n;
}

/** The kind an old-style id argument selects, by its first character. */
const ID_KINDS: Record<string, 'pgid' | 'sid'> = { '-': 'pgid', '+': 'sid' };

/**
 * The old `ps 123` / `ps -123` / `ps +123` lists (observed): from the first argument that starts
 * with a digit, a `+`, or a dash and a digit, every argument is one number: a process ID, after
 * `-` a process group, after `+` a session; what follows the sign is read by C's strtol (`ps 1 x`,
 * `ps 1,2`, `ps +x` are syntax errors; `ps ++1` is session 1, `ps +-1` and `ps 1 ''` out of range).
 */
export function parseIdArguments(args: readonly string[]): SelectionList[] {
  const lists: Record<'pid' | 'pgid' | 'sid', number[]> = { pid: [], pgid: [], sid: [] };
  for (const arg of args) {
    const kind = ID_KINDS[arg[0] ?? ''] ?? 'pid';
    const n = cInteger(kind === 'pid' ? arg : arg.slice(1));
    if (n === undefined) throw new UsageError('process ID list syntax error');
    if (n < 1 || n > INT_MAX) throw new UsageError('process ID out of range');
    lists[kind].push(n);
  }
  return (['pid', 'pgid', 'sid'] as const)
    .filter((k) => lists[k].length > 0)
    .map((kind) => ({ kind, values: lists[kind] }));
}

/** Splits on commas, blanks and tabs; an empty item anywhere is an "improper list" (observed). */
export function splitList(arg: string): string[] {
  const items = arg.split(/[, \t]/);
  if (items.some((item) => item === '')) throw new UsageError('improper list');
  return items;
}

// observed: every number in a list is read as C's strtol reads it in base 0 (`-p 0x10` is 16,
// `-p 010` is 8, `-p 08` a syntax error, `-u 08` a user name).
/** A process, session or group id (observed: 1 to INT_MAX). */
function pid(item: string): number {
  const n = cInteger(item);
  if (n === undefined) throw new UsageError('process ID list syntax error');
  if (n < 1 || n > INT_MAX) throw new UsageError('process ID out of range');
  return n;
}

/** observed: uids and gids run from 0 to 4294967294; (uid_t)-1, as -1 or 0xffffffff, is out of range. */
const ID_MAX = 0xfffffffe;

function user(item: string, lookups: Lookups): number {
  const n = cInteger(item);
  if (n !== undefined) {
    if (n > ID_MAX || n < 0) throw new UsageError('user ID out of range');
    return n + 0; // -0 is uid 0
  }
  const uid = lookups.uidOf(item);
  if (uid === undefined) throw new UsageError('user name does not exist');
  return uid;
}

function group(item: string, lookups: Lookups): number {
  const n = cInteger(item);
  if (n !== undefined) {
    if (n > ID_MAX || n < 0) throw new UsageError('group ID out of range');
    return n + 0;
  }
  const gid = lookups.gidOf(item);
  if (gid === undefined) throw new UsageError('group name does not exist');
  return gid;
}

function tty(item: string, lookups: Lookups): number {
  const dev = lookups.ttyDevice(item);
  if (dev === undefined) throw new UsageError('TTY could not be found');
  if (dev === 'not a tty') throw new UsageError('list member was not a TTY');
  return dev;
}

/** Parses one list argument for `kind`; errors carry ps's messages. */
export function parseList(kind: ListKind, arg: string, lookups: Lookups): SelectionList {
  if (kind === 'sidOrEgroup') {
    // man ps: -g selects sessions, else effective groups. observed: the list is read as sessions
    // first, then as groups when that fails (`-g 0` is group root, `-g 2147483648` group 2147483648).
    try {
      const items = splitList(arg);
      try {
        return { kind: 'sid', values: items.map(pid) };
      } catch {
        return { kind: 'egid', values: items.map((item) => group(item, lookups)) };
      }
    } catch {
      throw new UsageError('list of session leaders OR effective group IDs was invalid');
    }
  }
  return { kind, values: values(kind, splitList(arg), lookups) };
}

function values(kind: ListKind, items: string[], lookups: Lookups): (number | string)[] {
  switch (kind) {
    case 'pid':
    case 'ppid':
      return items.map(pid);
    case 'sid':
    case 'pgid':
      return items.map(pid);
    case 'euid':
    case 'ruid':
      return items.map((item) => user(item, lookups));
    case 'egid':
    case 'rgid':
      return items.map((item) => group(item, lookups));
    case 'tty':
      return items.map((item) => tty(item, lookups));
    case 'comm':
    case 'sidOrEgroup':
      return items;
  }
}

/** Resolves a terminal name to its device number through /dev, the way ps accepts names. */
export function ttyDeviceFromDev(name: string): number | 'not a tty' | undefined {
  // observed: `?` and `-` select processes without a terminal.
  if (name === '?' || name === '-') return 0;
  // observed (ps 4.0.2): a relative name is tried in this order, and the first path that exists
  // decides, whatever it is: `0` is /dev/pts/0 before /dev/tty0, `shm` "not a TTY". The last
  // candidate turns `co` into /dev/console (and `a` into /dev/ansole).
  const candidates = name.startsWith('/')
    ? [name]
    : [`/dev/pts/${name}`, `/dev/${name}`, `/dev/tty${name}`, `/dev/pty${name}`, `/dev/${name}nsole`];
  for (const path of candidates) {
    let st: Stats;
    try {
      st = statSync(path);
    } catch {
      continue; // observed: any failure (ENOENT, ENOTDIR, EACCES) moves on to the next candidate
    }
    return st.isCharacterDevice() ? linuxDev(st.rdev) : 'not a tty';
  }
  return undefined;
}

/** Node's rdev is the glibc dev_t; /proc/<pid>/stat tty_nr packs major/minor the kernel way. */
function linuxDev(rdev: number): number {
  const major = Math.floor(rdev / 256) & 0xfff;
  const minor = (rdev & 0xff) | (Math.floor(rdev / 4096) & 0xfff00);
  return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
}
