/** What a parsed `ps` command line asks for; produced by parse.ts, consumed by main.ts. */

/** A selection list (`-p 1,2`, `-u root`, ...): a process matches when any value matches. */
export type ListKind =
  | 'pid'
  | 'ppid'
  | 'sid'
  /** Only from `ps -123` (parseIdArguments). */
  | 'pgid'
  | 'tty'
  | 'euid'
  | 'ruid'
  | 'egid'
  | 'rgid'
  | 'comm'
  /** `-g`: session ids when every value is numeric, else effective group names (man ps). */
  | 'sidOrEgroup';

export interface SelectionList {
  kind: ListKind;
  /** Numbers for ids and tty device numbers, strings for command names. */
  values: (number | string)[];
}

export interface Selection {
  /** -A, -e */
  all: boolean;
  /** -a: every process with a terminal, except session leaders. */
  ttyNotLeader: boolean;
  /** -d: every process except session leaders. */
  notLeader: boolean;
  /** BSD a: drop the "only yours" restriction. */
  bsdAll: boolean;
  /** BSD g: BSD's default selection (the caller's processes with a terminal) as a selector. */
  bsdDefault: boolean;
  /**
   * Whether BSD a and x, and BSD's default selection, keep session leaders: they do but in the
   * sunos4 personality, where BSD g puts them back (observed).
   */
  leaders: boolean;
  /** BSD x: drop the "must have a terminal" restriction. */
  bsdNoTty: boolean;
  /** BSD T (and t without a list): every process on this terminal. */
  thisTerminal: boolean;
  /** BSD r: only running processes (a filter on top of the rest). */
  running: boolean;
  /** -N, --deselect */
  negate: boolean;
  lists: SelectionList[];
  /** -q, q, --quick-pid */
  quick?: number[];
  /** -q given more than once: refused once the line is read (observed: after format errors). */
  quickRepeated?: boolean;
}

/** One output column as requested: registry key plus overrides from `key:width` / `key=Header`. */
export interface FormatItem {
  key: string;
  header?: string;
  width?: number;
  /** From an AIX descriptor: padded even when last, separated by `gap` blanks. */
  aix?: boolean;
  /** Blanks before this column (AIX), instead of the usual one. */
  gap?: number;
  /** Literal text before the first AIX descriptor, kept as is. */
  prefix?: string;
  /** Blanks after the last AIX column. */
  trailing?: number;
}

export interface SortKey {
  key: string;
  descending: boolean;
}

/** How threads are listed: 'm' after their process, the others each as a process. */
export type ThreadMode = 'L' | 'T' | 'm' | 'H' | undefined;

/** SysV format letters (-f -F -l -j -y -c -P -M -L -T -m -H), as given. */
export type SysvLetter = 'f' | 'F' | 'l' | 'j' | 'y' | 'c' | 'P' | 'M';

/** BSD formats; `m` is the memory format of some personalities (parse.ts). */
export type BsdFormat = 'j' | 'l' | 's' | 'u' | 'v' | 'X' | 'm';

export interface Options {
  selection: Selection;
  /** $PS_PERSONALITY, lower-cased ('' when unset): it changes some standard formats. */
  personality: string;
  /** True once any BSD-syntax option was seen: BSD default format and BSD default selection. */
  bsdSeen: boolean;
  sysv: Set<SysvLetter>;
  bsdFormat?: BsdFormat;
  /** BSD Z / -M: security label first. */
  label: boolean;
  /** -o / o / --format, in order. */
  format?: FormatItem[];
  /** -O / O: the columns to put after PID in the preloaded list. */
  preloaded?: FormatItem[];
  /** The preloaded list came from BSD O (its last column is comm, not args). */
  preloadedBsd?: boolean;
  /** f, --forest */
  forest: boolean;
  /** -H */
  hierarchy: boolean;
  threads: ThreadMode;
  /** Every thread option given (-L -T -m m H), for the conflict checks. */
  threadFlags: Set<'L' | 'T' | 'm' | '-m' | 'H'>;
  sort: SortKey[];
  /** h / --no-headers: none; --headers: repeat every page. */
  headers: 'once' | 'none' | 'repeat';
  /** --cols / --width / --columns */
  columns?: number;
  /** --lines / --rows */
  lines?: number;
  /** Number of w / -w given. */
  wide: number;
  cumulative: boolean;
  showEnv: boolean;
  trueCommand: boolean;
  /** hp's -x: comm, ucmd and ucomm show the arguments. */
  commandAsArgs: boolean;
  numeric: boolean;
  /** `--help [section]`: the section as given ('' when none). */
  help?: string;
  version: boolean;
  /** --context: the `pid,context,args` format (observed; it overrides -f). */
  context: boolean;
  /** `L`: list format specifiers. */
  listSpecifiers: boolean;
  /** --info */
  info: boolean;
}
