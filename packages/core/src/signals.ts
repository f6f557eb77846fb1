import { onFirstUse } from './lazy.ts';

/**
 * Linux x86_64 signals (signal(7)), the one table every command uses.
 *
 * Reference behaviour observed on the build machine (procps-ng 4.0.2 kill/pkill, psmisc 23.6 killall):
 * - procps `kill -s`/`pkill --signal` ignore case, SIG prefix included (`sigterm`, `Rtmin+2`), and
 *   accept the aliases IOT, CLD, IO, POLL, plus EXIT and NULL for signal 0. They accept RTMIN and
 *   RTMIN+n (n <= 30), but RTMAX and RTMAX-n fail with EINVAL (the name turns into -1): a bug we
 *   do not copy. `kill -l NAME` only knows the 31 primary names: no aliases, no realtime names.
 * - procps `kill -l N` and `kill -L` name only 1-31 and print POLL for 29 (bash prints IO); so
 *   does `killall -l`. None of them names 32-64; bash's `kill -l` shows SIGRTMIN..SIGRTMIN+15 for
 *   34-49 and SIGRTMAX-14..SIGRTMAX for 50-64, the split used here.
 * - psmisc `killall -s` is case-sensitive (`term` and `sigterm` are unknown, `SIGTERM` works),
 *   knows no aliases but POLL, no realtime names; numbers work (`34`).
 * - All take decimal numbers with leading zeros (`015` is 15) and reject `0x1f`, `+15`, ` 15`.
 * glibc reserves 32 and 33 for its threads, so SIGRTMIN is 34; they have no names.
 */
export interface Signal {
  number: number;
  /** Canonical name without `SIG`, as procps prints it. */
  name: string;
  /** Other accepted names without `SIG`. */
  aliases: readonly string[];
  realtime: boolean;
}

export const SIGRTMIN = 34;
export const SIGRTMAX = 64;

const STANDARD: readonly [string, ...string[]][] = [
  ['HUP'],
  ['INT'],
  ['QUIT'],
  ['ILL'],
  ['TRAP'],
  ['ABRT', 'IOT'],
  ['BUS'],
  ['FPE'],
  ['KILL'],
  ['USR1'],
  ['SEGV'],
  ['USR2'],
  ['PIPE'],
  ['ALRM'],
  ['TERM'],
  ['STKFLT'],
  ['CHLD', 'CLD'],
  ['CONT'],
  ['STOP'],
  ['TSTP'],
  ['TTIN'],
  ['TTOU'],
  ['URG'],
  ['XCPU'],
  ['XFSZ'],
  ['VTALRM'],
  ['PROF'],
  ['WINCH'],
  ['POLL', 'IO'],
  ['PWR'],
  ['SYS'],
];

function realtimeName(n: number): string {
  const middle = SIGRTMIN + (SIGRTMAX - SIGRTMIN) / 2; // 49: the last RTMIN+n
  if (n === SIGRTMIN) return 'RTMIN';
  if (n <= middle) return `RTMIN+${n - SIGRTMIN}`;
  return n === SIGRTMAX ? 'RTMAX' : `RTMAX-${SIGRTMAX - n}`;
}

const signalTables = onFirstUse('signals', () => {
  const all: readonly Signal[] = [
    ...STANDARD.map(([name, ...aliases], i) => ({ number: i + 1, name, aliases, realtime: false })),
    ...Array.from({ length: SIGRTMAX - SIGRTMIN + 1 }, (_, i) => ({
      number: SIGRTMIN + i,
      name: realtimeName(SIGRTMIN + i),
      aliases: [] as string[],
      realtime: true,
    })),
  ];
  return {
    all,
    byNumber: new Map(all.map((s) => [s.number, s])),
    primary: new Map(all.filter((s) => !s.realtime).map((s) => [s.name, s.number])),
    aliases: new Map([...all.flatMap((s) => s.aliases.map((a) => [a, s.number] as const)), ['EXIT', 0], ['NULL', 0]]),
  };
});

/** Every signal, 1-31 then SIGRTMIN-SIGRTMAX, built on first use. */
export function allSignals(): readonly Signal[] {
  return signalTables().all;
}

export interface SignalNameOptions {
  /** procps kill/pkill: true; psmisc killall: false (the default). */
  caseInsensitive?: boolean;
  /** Accept IOT, CLD, IO, and EXIT/NULL for 0 (procps). Default true. */
  aliases?: boolean;
  /** Accept RTMIN, RTMIN+n, RTMAX, RTMAX-n (procps). Default true. */
  realtime?: boolean;
  /** Accept decimal numbers 0-64. Default true. */
  numbers?: boolean;
}

/** The signal number for `TERM`, `SIGTERM`, `RTMIN+3`, `15` ...; undefined when unknown. */
export function signalNumber(text: string, options: SignalNameOptions = {}): number | undefined {
  const { caseInsensitive = false, aliases = true, realtime = true, numbers = true } = options;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return numbers && n <= SIGRTMAX ? n : undefined;
  }
  let name = caseInsensitive ? text.toUpperCase() : text;
  if (name.startsWith('SIG')) name = name.slice(3);
  const tables = signalTables();
  const primary = tables.primary.get(name);
  if (primary !== undefined) return primary;
  if (aliases) {
    const alias = tables.aliases.get(name);
    if (alias !== undefined) return alias;
  }
  if (!realtime) return undefined;
  const m = /^RT(MIN|MAX)(?:([+-])(\d+))?$/.exec(name);
  if (!m) return undefined;
  const offset = Number(m[3] ?? 0);
  // Offsets count inwards only: RTMIN+n and RTMAX-n.
  if (m[2] === (m[1] === 'MIN' ? '-' : '+') && offset !== 0) return undefined;
  const n = m[1] === 'MIN' ? SIGRTMIN + offset : SIGRTMAX - offset;
  return n >= SIGRTMIN && n <= SIGRTMAX ? n : undefined;
}

/** Canonical name without `SIG` (15 → `TERM`, 29 → `POLL`, 35 → `RTMIN+1`, 63 → `RTMAX-1`). */
export function signalName(number: number): string | undefined {
  return signalTables().byNumber.get(number)?.name;
}
