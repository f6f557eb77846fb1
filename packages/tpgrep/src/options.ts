import { type LongOption, procpsSignalNumber } from '@tproc/core';

export type Mode = 'pgrep' | 'pkill';

export const NAMESPACES = ['ipc', 'mnt', 'net', 'pid', 'user', 'uts'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface Options {
  mode: Mode;
  delimiter: string;
  listName: boolean;
  listFull: boolean;
  inverse: boolean;
  lightweight: boolean;
  count: boolean;
  full: boolean;
  ignoreCase: boolean;
  newest: boolean;
  oldest: boolean;
  exact: boolean;
  echo: boolean;
  ignoreAncestors: boolean;
  logPidfile: boolean;
  older?: number;
  pgroups?: number[];
  groups?: number[];
  parents?: number[];
  sessions?: number[];
  terminals?: string[];
  euids?: number[];
  uids?: number[];
  runstates?: string;
  pidfile?: string;
  /** What the pidfile holds, read once the options are parsed. */
  pidfilePids?: number[];
  cgroups?: string[];
  ns?: number;
  nslist?: Namespace[];
  signal: number;
  queue?: number;
  pattern?: string;
}

export const LONG_OPTIONS: LongOption[] = [
  { name: 'signal', has: 'required', key: 'SIGNAL' },
  { name: 'count', has: 'none', key: 'c' },
  { name: 'cgroup', has: 'required', key: 'CGROUP' },
  { name: 'delimiter', has: 'required', key: 'd' },
  { name: 'list-name', has: 'none', key: 'l' },
  { name: 'list-full', has: 'none', key: 'a' },
  { name: 'full', has: 'none', key: 'f' },
  { name: 'pgroup', has: 'required', key: 'g' },
  { name: 'group', has: 'required', key: 'G' },
  { name: 'ignore-case', has: 'none', key: 'i' },
  { name: 'newest', has: 'none', key: 'n' },
  { name: 'oldest', has: 'none', key: 'o' },
  { name: 'older', has: 'required', key: 'O' },
  { name: 'parent', has: 'required', key: 'P' },
  { name: 'session', has: 'required', key: 's' },
  { name: 'terminal', has: 'required', key: 't' },
  { name: 'euid', has: 'required', key: 'u' },
  { name: 'uid', has: 'required', key: 'U' },
  { name: 'inverse', has: 'none', key: 'v' },
  { name: 'lightweight', has: 'none', key: 'w' },
  { name: 'exact', has: 'none', key: 'x' },
  { name: 'pidfile', has: 'required', key: 'F' },
  { name: 'logpidfile', has: 'none', key: 'L' },
  { name: 'echo', has: 'none', key: 'e' },
  { name: 'ns', has: 'required', key: 'NS' },
  { name: 'nslist', has: 'required', key: 'NSLIST' },
  { name: 'queue', has: 'required', key: 'q' },
  { name: 'runstates', has: 'required', key: 'r' },
  { name: 'ignore-ancestors', has: 'none', key: 'A' },
  { name: 'help', has: 'none', key: 'h' },
  { name: 'version', has: 'none', key: 'V' },
];

/** Reads option arguments, failing as pgrep fails (a usage error, a message naming the value). */
export interface ArgReaders {
  /** A comma-separated list; an empty argument is a usage error. */
  list<T>(arg: string, item: (text: string) => T): T[];
  number(text: string, message: string): number;
  uid(text: string): number;
  gid(text: string): number;
  quietUsage(): never;
}

/** What one option does; the key is LONG_OPTIONS's (the short letter, or a name). */
export interface OptionRule {
  /** The fields it sets, from its argument ('' for a switch). */
  take?: (arg: string, read: ArgReaders) => Partial<Options>;
  /** It selects processes by itself: no pattern is needed then. */
  criterion?: true;
  /**
   * What a second one does (observed, the first second one wins: `-i -i -n -n` is help,
   * `-n -n -i -i` a usage error).
   */
  repeated?: 'help' | 'usage';
  /** Prints its text and ends the command. */
  exit?: 'help' | 'version';
}

export const OPTION_RULES: Record<string, OptionRule> = {
  // observed: after a digit anything goes, as atoi reads it (`--signal 9.5` is 9, `4294967305` is
  // 9); otherwise a whole number or a name as `-SIGNAL` takes it (` 9` works, ` 9x` does not).
  SIGNAL: { take: (a) => ({ signal: /^\d/.test(a) ? atoi(a) : procpsSignalNumber(a) }) },
  d: { take: (a) => ({ delimiter: a }) },
  l: { take: () => ({ listName: true }) },
  a: { take: () => ({ listFull: true }) },
  v: { take: () => ({ inverse: true }), repeated: 'usage' },
  w: { take: () => ({ lightweight: true }) },
  c: { take: () => ({ count: true }) },
  f: { take: () => ({ full: true }) },
  i: { take: () => ({ ignoreCase: true }), repeated: 'help' },
  n: { take: () => ({ newest: true }), repeated: 'usage' },
  o: { take: () => ({ oldest: true }), repeated: 'usage' },
  x: { take: () => ({ exact: true }) },
  e: { take: () => ({ echo: true }) },
  A: { take: () => ({ ignoreAncestors: true }) },
  L: { take: () => ({ logPidfile: true }) },
  O: { take: (a) => ({ older: atoi(a) }), criterion: true },
  g: { take: (a, r) => ({ pgroups: r.list(a, (t) => r.number(t, 'invalid process group')) }), criterion: true },
  G: { take: (a, r) => ({ groups: r.list(a, r.gid) }), criterion: true },
  P: { take: (a, r) => ({ parents: r.list(a, (t) => r.number(t, 'not a number')) }), criterion: true },
  s: { take: (a, r) => ({ sessions: r.list(a, (t) => r.number(t, 'invalid session id')) }), criterion: true },
  t: { take: (a, r) => ({ terminals: r.list(a, (t) => t) }), criterion: true },
  u: { take: (a, r) => ({ euids: r.list(a, r.uid) }), criterion: true },
  U: { take: (a, r) => ({ uids: r.list(a, r.uid) }), criterion: true },
  r: { take: (a) => ({ runstates: a }), criterion: true },
  F: { take: (a) => ({ pidfile: a }), criterion: true },
  CGROUP: { take: (a, r) => ({ cgroups: r.list(a, (t) => t) }), criterion: true },
  NS: { take: (a) => ({ ns: atoi(a) }), criterion: true },
  NSLIST: { take: (a, r) => ({ nslist: a.split(',').map((n) => namespaceName(n) ?? r.quietUsage()) }) },
  q: { take: (a) => ({ queue: atoi(a) }) },
  h: { exit: 'help' },
  V: { exit: 'version' },
};

function namespaceName(text: string): Namespace | undefined {
  return (NAMESPACES as readonly string[]).includes(text) ? (text as Namespace) : undefined;
}

/** Short options: pkill has no -d -l -a -v -w, and adds -e -q (observed: `pkill -v` is invalid). */
export const SHORT_OPTIONS: Record<Mode, string> = {
  pgrep: 'lad:vwcfinoxO:g:G:P:s:t:u:U:F:Lr:AhV',
  pkill: 'ecfinoxO:g:G:P:s:t:u:U:F:Lr:Aq:hV',
};

/**
 * C's atoi as glibc has it: strtol (leading blanks, a sign, digits; clamped to a 64-bit long), then
 * cut to an int. Observed: `-O 4294967297` is `-O 1`, `-O 99999999999999999999` is `-O -1`.
 */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (!m) return 0;
  const long = BigInt(m[1] as string);
  const clamped =
    long > 0x7fffffffffffffffn ? 0x7fffffffffffffffn : long < -0x8000000000000000n ? -0x8000000000000000n : long;
  return Number(BigInt.asIntN(32, clamped));
}

/**
 * pkill's `-SIGNAL`: observed, the first argument anywhere that reads as one (see
 * procpsSignalNumber) is taken out before option parsing; a second is parsed as options.
 */
export function takeDashSignal(argv: string[]): { signal?: number; rest: string[] } {
  const at = argv.findIndex((a) => a.startsWith('-') && procpsSignalNumber(a.slice(1)) >= 0);
  if (at < 0) return { rest: argv };
  return { signal: procpsSignalNumber((argv[at] as string).slice(1)), rest: argv.filter((_, i) => i !== at) };
}
