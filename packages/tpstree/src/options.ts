import type { LongOption } from '@tproc/core';

/** The short options; C, H and N take an argument. */
export const SHORT_OPTIONS = 'aAcC:GhH:lnN:pgsStTuUVZ';

/** Each short option's long name, in psmisc 23.6's order (the order of getopt's "possibilities"). */
const LONG_NAMES: Record<string, string> = {
  a: 'arguments',
  A: 'ascii',
  c: 'compact-not',
  C: 'color',
  G: 'vt100',
  h: 'highlight-all',
  H: 'highlight-pid',
  l: 'long',
  n: 'numeric-sort',
  N: 'ns-sort',
  p: 'show-pids',
  g: 'show-pgids',
  s: 'show-parents',
  S: 'ns-changes',
  t: 'thread-names',
  T: 'hide-threads',
  u: 'uid-changes',
  U: 'unicode',
  V: 'version',
  Z: 'security-context',
};

export const LONG_OPTIONS: LongOption[] = Object.entries(LONG_NAMES).map(([key, name]) => ({
  name,
  has: SHORT_OPTIONS.includes(`${key}:`) ? 'required' : 'none',
  key,
}));

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
