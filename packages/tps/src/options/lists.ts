import { COMM_BYTES, deviceAt, pathExists } from '@tproc/core';
import type { KnownColumn } from './format-list.ts';
import type { Sortable } from './sort-list.ts';
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
  /** Whether a format key names a column (aliases included). */
  knownColumn: KnownColumn;
  /** Whether a key can be sorted on. */
  sortable: Sortable;
}

const INT_MAX = 0x7fffffff;

/**
 * C's strtol in base 0 over the whole text (leading blanks, a sign, 0x hex, 0 octal), exactly
 * (beyond a long too); undefined when anything else is left. Like strtol, the empty text reads as 0.
 */
function cLong(text: string): bigint | undefined {
  if (text === '') return 0n;
  const m = /^[\t\n\v\f\r ]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2] as string;
  const n = BigInt(/^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits);
  return m[1] === '-' ? -n : n;
}

/** cLong as a Number (inexact beyond 2^53, which every caller refuses as out of range). */
export function cInteger(text: string): number | undefined {
  const n = cLong(text);
  return n === undefined ? undefined : Number(n);
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
/** (uid_t)-1: no process has it (man 2 setresuid: -1 means "unchanged"). */
const NO_ID = 0xffffffff;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * A uid or gid by number or name. observed: after -N/--deselect, ps takes whatever it read:
 * a number that fits a long is cut to its low 32 bits (`-N -u 4294967296` deselects root), and
 * an unknown name or a number beyond a long selects nobody, where it is an error otherwise.
 */
function identity(item: string, find: (name: string) => number | undefined, what: 'user' | 'group', negated: boolean) {
  const n = cLong(item);
  if (n !== undefined) {
    if (n >= 0n && n <= ID_MAX) return Number(n);
    if (!negated) throw new UsageError(`${what} ID out of range`);
    return n >= LONG_MIN && n <= LONG_MAX ? Number(BigInt.asUintN(32, n)) : NO_ID;
  }
  const id = find(item);
  if (id !== undefined) return id;
  if (!negated) throw new UsageError(`${what} name does not exist`);
  return NO_ID;
}

function tty(item: string, lookups: Lookups): number {
  const dev = lookups.ttyDevice(item);
  if (dev === undefined) throw new UsageError('TTY could not be found');
  if (dev === 'not a tty') throw new UsageError('list member was not a TTY');
  return dev;
}

/**
 * Parses one list argument for `kind`; errors carry ps's messages. `negated`: -N or --deselect came
 * earlier on the line (see identity).
 */
export function parseList(kind: ListKind, arg: string, lookups: Lookups, negated = false): SelectionList {
  if (kind === 'sidOrEgroup') {
    // man ps: -g selects sessions, else effective groups. observed: the list is read as sessions
    // first, then as groups when that fails (`-g 0` is group root, `-g 2147483648` group 2147483648).
    try {
      const items = splitList(arg);
      try {
        return { kind: 'sid', values: items.map(pid) };
      } catch {
        return { kind: 'egid', values: items.map(groupReader(lookups, negated)) };
      }
    } catch {
      throw new UsageError('list of session leaders OR effective group IDs was invalid');
    }
  }
  return { kind, values: splitList(arg).map(itemReader(kind, lookups, negated)) };
}

const userReader = (lookups: Lookups, negated: boolean) => (item: string) =>
  identity(item, (name) => lookups.uidOf(name), 'user', negated);
const groupReader = (lookups: Lookups, negated: boolean) => (item: string) =>
  identity(item, (name) => lookups.gidOf(name), 'group', negated);

function itemReader(
  kind: Exclude<ListKind, 'sidOrEgroup'>,
  lookups: Lookups,
  negated: boolean,
): (item: string) => number | string {
  switch (kind) {
    case 'pid':
    case 'ppid':
    case 'sid':
    case 'pgid':
      return pid;
    case 'euid':
    case 'ruid':
      return userReader(lookups, negated);
    case 'egid':
    case 'rgid':
      return groupReader(lookups, negated);
    case 'tty':
      return (item: string) => tty(item, lookups);
    case 'comm':
      // observed: -C compares the first 15 bytes of a name (comm's length, man 5 proc).
      return (item: string) => Buffer.from(item, 'utf8').subarray(0, COMM_BYTES).toString('latin1');
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
    // observed: any failure (ENOENT, ENOTDIR, EACCES) moves on to the next candidate
    const found = deviceAt(path);
    if (found === 'not a device') return 'not a tty';
    if (found) return found.ttyNr;
  }
  // observed (strace): a one-character name is then looked for in the working directory, and
  // anything found there, /dev/null included, selects processes without a terminal.
  if (Buffer.byteLength(name) === 1 && pathExists(name)) return 0;
  return undefined;
}
