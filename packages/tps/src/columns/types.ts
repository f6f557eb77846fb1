import type { HostInfo, Proc, ProcFs, Zone } from '@tproc/core';

/**
 * The contract between the output driver (main.ts: selection, layout, sorting, forest) and the
 * column registry (columns/*). The registry owns `columnRegistry()`; the driver fills `RenderContext` from
 * the parsed options and calls `text` / `sortKey` per row.
 */
export interface RenderContext {
  fs: ProcFs;
  host: HostInfo;
  /** Seconds since the epoch, fractional, taken once per run. */
  now: number;
  /** The local time zone, as the command's TZ names it (read on the first date). */
  zone: () => Zone;
  /** UTF-8 locale (LANG/LC_ALL/LC_CTYPE say UTF-8) vs the C locale: changes escaping. */
  utf8: boolean;
  /** BSD `S` / `--cumulative`: add dead children's times. */
  cumulative: boolean;
  /** BSD `e`: show the environment after the command. */
  showEnv: boolean;
  /** BSD `c` / `-c`-like "true command name": args columns show the name only. */
  trueCommand: boolean;
  /** hp's `-x`: the name columns show the arguments (args columns still follow `c`). */
  commandAsArgs?: boolean;
  /** `n` / numeric output: WCHAN as numbers, USER/GROUP as numbers. */
  numeric: boolean;
  /**
   * Optional: false when no header line is printed (--no-headers, or every header empty).
   * Observed: ps's test columns (_left, _right, _unlimited...) then start one sample later.
   */
  headerLine?: boolean;
}

/** One output line: a process, or one of its threads when threads are shown. */
export interface Row {
  /** The process (thread group leader). */
  proc: Proc;
  /** The thread, when threads are listed (-L, -T, m, H); its files are under task/<tid>. */
  task?: Proc;
  /** Tree art to put before the command (`f`/`--forest`, `-H`), e.g. ` \\_ `; '' otherwise. */
  forestPrefix: string;
  ctx: RenderContext;
  /**
   * Only with `m` / `-m` (threads after processes): 'process' on the process line, 'thread' on
   * each thread line under it. observed: ps prints '-' for thread fields (LWP, TID, STAT) on the
   * process line and for process fields (PID, TTY, COMMAND, NLWP) on thread lines.
   */
  threadRole?: 'process' | 'thread';
}

export type Align = 'left' | 'right';

export interface ColumnSpec {
  /** Default header, as `ps L` lists it. */
  header: string;
  /** Default width. */
  width: number;
  /**
   * Pid columns (PID, PPID, PGID, ...): observed, ps makes them as wide as the first line of
   * /proc/sys/kernel/pid_max (4194304 gives 7), never narrower than their default header.
   */
  pidWidth?: boolean;
  align: Align;
  /**
   * Text-like columns that may run past their width when last on the line (args, comm, ...);
   * cut to their width when not last.
   */
  variable?: boolean;
  /** At most this many cells of data, however wide the column (fname: 8; see LaidColumn). */
  dataWidth?: number;
  /**
   * User and group names: when not last and wider than the column, ps cuts the name to width-1
   * and appends `+` (observed: `systemd+`; `user:2` gives `r+`). When last, printed whole.
   */
  plusTruncate?: boolean;
  /** Alignment under `n` (numeric output), when it differs: user/group columns turn right. */
  numericAlign?: Align;
  /**
   * Signal masks (pending, blocked, ...): observed: the header, default or custom, is first
   * right-aligned in this many columns, then the column is laid out left-aligned like any other.
   */
  headerRightIn?: number;
  /**
   * Observed for the signal masks: a column this much wider than its width (`pending:20` is 27
   * wide; without `:N` the width is 9, or a longer header's), and this much narrower when the
   * masks are cut to 32 bits (see shortenMasks in main.ts).
   */
  userWidthExtra?: number;
  /** The formatted value; '-' where ps shows '-' for lack of data. */
  text(row: Row): string;
  /** What `--sort` compares; numbers compare numerically, strings bytewise. */
  sortKey(row: Row): number | bigint | string;
  /**
   * Observed for label, context and zone: ps finds no two rows equal on this key, as if each were
   * below the next. Ascending keeps the order the rows came in, descending reverses it, and the
   * keys after it are never reached (`--sort=-label,pid` lists the pids backwards).
   */
  neverEqual?: boolean;
}
