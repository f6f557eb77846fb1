import type { LongOption } from '@tproc/core';

/** psmisc 23.6's long options, in its order (the order of getopt's "possibilities"). */
export const LONG_OPTIONS: LongOption[] = [
  { name: 'arguments', has: 'none', key: 'a' },
  { name: 'ascii', has: 'none', key: 'A' },
  { name: 'compact-not', has: 'none', key: 'c' },
  { name: 'color', has: 'required', key: 'C' },
  { name: 'vt100', has: 'none', key: 'G' },
  { name: 'highlight-all', has: 'none', key: 'h' },
  { name: 'highlight-pid', has: 'required', key: 'H' },
  { name: 'long', has: 'none', key: 'l' },
  { name: 'numeric-sort', has: 'none', key: 'n' },
  { name: 'ns-sort', has: 'required', key: 'N' },
  { name: 'show-pids', has: 'none', key: 'p' },
  { name: 'show-pgids', has: 'none', key: 'g' },
  { name: 'show-parents', has: 'none', key: 's' },
  { name: 'ns-changes', has: 'none', key: 'S' },
  { name: 'thread-names', has: 'none', key: 't' },
  { name: 'hide-threads', has: 'none', key: 'T' },
  { name: 'uid-changes', has: 'none', key: 'u' },
  { name: 'unicode', has: 'none', key: 'U' },
  { name: 'version', has: 'none', key: 'V' },
  { name: 'security-context', has: 'none', key: 'Z' },
];

/** The same options, short. */
export const SHORT_OPTIONS = 'aAcC:GhH:lnN:pgsStTuUVZ';

export const NS_TYPES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const;
export type NsType = (typeof NS_TYPES)[number];

export interface Settings {
  args: boolean;
  style: 'ascii' | 'vt100' | 'utf8' | undefined;
  compact: boolean;
  ageColour: boolean;
  pgids: boolean;
  highlightSelf: boolean;
  highlightPid: number | undefined;
  long: boolean;
  numeric: boolean;
  nsSort: NsType | undefined;
  pids: boolean;
  parents: boolean;
  nsChanges: boolean;
  threadNames: boolean;
  hideThreads: boolean;
  uids: boolean;
  context: boolean;
}

export function defaultSettings(): Settings {
  return {
    args: false,
    style: undefined,
    compact: true,
    ageColour: false,
    pgids: false,
    highlightSelf: false,
    highlightPid: undefined,
    long: false,
    numeric: false,
    nsSort: undefined,
    pids: false,
    parents: false,
    nsChanges: false,
    threadNames: false,
    hideThreads: false,
    uids: false,
    context: false,
  };
}

/** A number as strtol(…, 10) reads it with nothing after it, else undefined; truncated to pid_t. */
export function parsePid(text: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(text);
  if (!m) return undefined;
  // observed: 4294967297 selects pid 1 (the long is cast to a 32-bit pid).
  return Number(BigInt.asIntN(32, BigInt(m[1]!)));
}

const set =
  (apply: (s: Settings) => void) =>
  (s: Settings): boolean => {
    apply(s);
    return true;
  };

/** Applies one option; false when its value is refused (pstree then prints the usage). */
export const APPLY: Record<string, (s: Settings, value: string | undefined) => boolean> = {
  a: set((s) => {
    s.args = true;
  }),
  A: set((s) => {
    s.style = 'ascii';
  }),
  c: set((s) => {
    s.compact = false;
  }),
  C: (s, v) => {
    s.ageColour = true;
    return v === 'age';
  },
  G: set((s) => {
    s.style = 'vt100';
  }),
  // observed: -h and -H take one highlight between them (`-h -h`, `-H 1 -h` print the usage).
  h: (s) => {
    if (s.highlightSelf || s.highlightPid !== undefined) return false;
    s.highlightSelf = true;
    return true;
  },
  H: (s, v) => {
    const pid = parsePid(v ?? '');
    if (pid === undefined || s.highlightSelf || s.highlightPid !== undefined) return false;
    s.highlightPid = pid;
    return true;
  },
  l: set((s) => {
    s.long = true;
  }),
  n: set((s) => {
    s.numeric = true;
  }),
  N: (s, v) => {
    if (!(NS_TYPES as readonly string[]).includes(v ?? '')) return false;
    s.nsSort = v as NsType;
    return true;
  },
  p: set((s) => {
    s.pids = true;
  }),
  g: set((s) => {
    s.pgids = true;
  }),
  s: set((s) => {
    s.parents = true;
  }),
  S: set((s) => {
    s.nsChanges = true;
  }),
  t: set((s) => {
    s.threadNames = true;
  }),
  T: set((s) => {
    s.hideThreads = true;
  }),
  u: set((s) => {
    s.uids = true;
  }),
  U: set((s) => {
    s.style = 'utf8';
  }),
  Z: set((s) => {
    s.context = true;
  }),
};
