import { displayWidth } from './columns/index.ts';
import {
  available,
  collectorFor,
  restartForLongWalk,
  type CommandDeps,
  type CommandIo,
  controllingTerminalSize,
  isGone,
  isUtf8Locale,
  localZone,
  type Proc,
  type ProcFs,
  withDefaults,
  TPROC_VERSION,
  versionLine,
  type Zone,
} from '@tproc/core';
import type { ColumnSpec, RenderContext, Row } from './columns/types.ts';
import { forestOrder, forestPrefix, hierarchyPrefix } from './forest.ts';
import { chooseFormat, InternalError } from './formats.ts';
import { type LaidColumn, pidColumnWidth, renderLine } from './layout.ts';
import { PlainError, UsageError } from './options/errors.ts';
import { parseFormatList } from './options/format-list.ts';
import { ttyDeviceFromDev } from './options/lists.ts';
import { parseArgs, type Readings, resolvePersonality } from './options/parse.ts';
import type { FormatItem, Options } from './options/types.ts';
import { columnRegistry, formatColumn, lookupColumn } from './columns/index.ts';
import { selector } from './select.ts';
import { compareRows } from './sort.ts';
import { bogusScreenWarning, MAX_COLUMNS, type ScreenSize, startupScreen } from './screen.ts';
import { usageText } from './usage.ts';

/** The screen width the last column may use, from the size ps starts with (screen.ts). */
export function screenWidth(o: Options, startup: ScreenSize): number {
  if (o.wide >= 2) return MAX_COLUMNS;
  // observed: a `--cols` wider than MAX_COLUMNS is kept.
  const width = o.columns ?? startup.cols;
  return o.wide === 1 ? Math.max(width, 132) : width;
}

/** The width ps weighs a line at when it sizes signal masks: a last text column counts 3. */
function lineWidth(columns: readonly LaidColumn[]): number {
  return columns.reduce((sum, col, i) => {
    const width = i === columns.length - 1 && col.variable ? 3 : col.width;
    return sum + (i === 0 ? 0 : col.gap) + displayWidth(col.prefix) + width;
  }, 0);
}

/**
 * observed (man ps: "according to the width of the field, a 32 or 64 bits mask"): signal masks
 * show their low 32 bits, 7 columns narrower, when the line with 16-digit masks takes more screen
 * rows than the line with short ones (so `ps s` is short on 80 columns, long on 104).
 */
function shortenMasks(specs: ColumnSpec[], columns: LaidColumn[], screen: number): void {
  const masks = columns.flatMap((_, i) => (specs[i]?.userWidthExtra === undefined ? [] : [i]));
  if (masks.length === 0) return;
  const long = lineWidth(columns);
  const short = masks.reduce((w, i) => w - (specs[i]?.userWidthExtra ?? 0), long);
  if (Math.ceil(long / screen) <= Math.ceil(short / screen)) return;
  for (const i of masks) {
    const spec = specs[i] as ColumnSpec;
    const col = columns[i] as LaidColumn;
    specs[i] = { ...spec, text: (row) => shortMask(spec.text(row)) };
    columns[i] = { ...col, width: col.width - (spec.userWidthExtra ?? 0), headerRightIn: 9 };
  }
}

/** observed: `<` marks a mask cut to its low 32 bits (a thread's blocked set, often). */
function shortMask(long: string): string {
  if (!/^[0-9a-f]{16}$/.test(long)) return long.trim().padStart(9);
  return (long.startsWith('00000000') ? ' ' : '<') + long.slice(8);
}

function laidColumn(item: FormatItem, spec: ColumnSpec, numeric: boolean, pidWidth: () => number): LaidColumn {
  const header = item.header ?? spec.header;
  let width = item.width ?? (spec.pidWidth ? Math.max(spec.header.length, pidWidth()) : spec.width);
  // observed: a signal mask is 7 wider than its width, which a header wider than 9 sets.
  if (spec.userWidthExtra !== undefined)
    width = (item.width ?? Math.max(9, displayWidth(header))) + spec.userWidthExtra;
  // observed: a header wider than an explicit width overflows it (`ps -o pid:2=ABCDEF` prints ` 1`).
  else if (item.header !== undefined && item.width === undefined) width = Math.max(width, displayWidth(header));
  const laid: LaidColumn = {
    header,
    width,
    align: numeric && spec.numericAlign ? spec.numericAlign : spec.align,
    variable: spec.variable ?? false,
    plusTruncate: spec.plusTruncate ?? false,
    aix: item.aix ?? false,
    gap: item.gap ?? 1,
    prefix: item.prefix ?? '',
    trailing: item.trailing ?? 0,
  };
  if (spec.headerRightIn !== undefined) laid.headerRightIn = spec.headerRightIn;
  if (spec.dataWidth !== undefined) laid.dataWidth = spec.dataWidth;
  return laid;
}

function ownTtyNr(fs: ProcFs): number {
  try {
    return fs.process(fs.selfPid()).stat().ttyNr;
  } catch {
    return 0;
  }
}

/**
 * Processes to list, in pid order (or -q's order), skipping those that vanish meanwhile. When
 * each row is let go once printed (`streamed`), a long listing asks for collections as it goes
 * (core's collectorFor); a sorted one keeps every row, which each collection would mark again.
 */
function* selectProcesses(fs: ProcFs, o: Options, euid: number, utf8: boolean, streamed: boolean): Generator<Proc> {
  // observed: -q lists the pids in the order given, repeats included.
  const pids = o.selection.quick ?? fs.pids();
  // A listing of everyone (-e, -A, BSD a) describes every process: long enough at 1,000 for a
  // start without JSC's FTL tier to pay (core's restart.ts; tps aux at 5,000: 228 -> 201 ms).
  if (o.selection.all || o.selection.bsdAll) restartForLongWalk(pids.length);
  const collect = streamed ? collectorFor(pids.length) : () => {};
  // observed: BSD r still keeps only running processes of a -q list (`ps r -q 1` prints a header).
  const wanted = o.selection.quick
    ? (proc: Proc) => !o.selection.running || proc.stat().state === 'R'
    : selector(o.selection, o.bsdSeen, { euid, ttyNr: ownTtyNr(fs) }, utf8);
  for (const proc of fs.processesOf(pids)) {
    collect();
    let keep: boolean;
    try {
      proc.stat();
      keep = wanted(proc);
    } catch (err) {
      if (!isGone(err)) throw err;
      continue;
    }
    if (keep) yield proc;
  }
}

/** The rows of each process: itself, its threads (-L, -T), or both (-m). */
function* rowsOf(procs: Iterable<Proc>, o: Options, ctx: RenderContext): Generator<Row> {
  for (const proc of procs) {
    if (o.threads === undefined) {
      yield { proc, forestPrefix: '', ctx };
      continue;
    }
    // observed: sorted, m and -m print the process lines alone, -L and -T the main thread's
    // (BSD H keeps every thread).
    const collapsed = o.sort.length > 0 && o.threads !== 'H';
    if (o.threads === 'm' && collapsed) {
      yield { proc, forestPrefix: '', ctx, threadRole: 'process' };
      continue;
    }
    let tids: number[];
    try {
      tids = proc.tids();
    } catch (err) {
      if (isGone(err)) continue;
      throw err;
    }
    if (collapsed) tids = tids.includes(proc.pid) ? [proc.pid] : tids.slice(0, 1);
    if (o.threads === 'm') yield { proc, forestPrefix: '', ctx, threadRole: 'process' };
    for (const tid of tids) {
      yield o.threads === 'm'
        ? { proc, task: proc.task(tid), forestPrefix: '', ctx, threadRole: 'thread' }
        : { proc, task: proc.task(tid), forestPrefix: '', ctx };
    }
  }
}

/**
 * The rows in print order. Without a sort or a tree each row is read, printed and let go in turn,
 * so what was read for it dies young: at 5,000 processes, keeping every row alive to the end
 * made garbage collection a quarter of the cpu (measured).
 */
function* orderedRows(fs: ProcFs, o: Options, euid: number, ctx: RenderContext): Generator<Row> {
  const streamed = o.sort.length === 0 && !o.forest && !o.hierarchy;
  const rows = rowsOf(selectProcesses(fs, o, euid, ctx.utf8, streamed), o, ctx);
  if (streamed) {
    yield* rows;
    return;
  }
  let sorted = [...rows];
  if (o.sort.length > 0) sorted = compareRows(sorted, o.sort, lookupColumn);
  else sorted = forestSort(sorted);
  if (o.forest || o.hierarchy) sorted = arrangeTree(sorted, o);
  // Each row is let go once yielded, so what was read for it can die young.
  const all: (Row | undefined)[] = sorted;
  for (let i = 0; i < all.length; i++) {
    const row = all[i] as Row;
    all[i] = undefined;
    yield row;
  }
}

/**
 * Without --sort, trees start from processes ordered by parent, then start time (observed: after
 * a pid wrap-around, ps xf lists init's newer children after the older ones with larger pids).
 */
function forestSort(rows: Row[]): Row[] {
  const keyed = rows.map((row, index) => {
    const st = row.proc.stat();
    return { row, index, ppid: st.ppid, start: st.starttime };
  });
  keyed.sort((a, b) => a.ppid - b.ppid || a.start - b.start || a.index - b.index);
  return keyed.map((k) => k.row);
}

function arrangeTree(rows: Row[], o: Options): Row[] {
  // Thread rows follow their process: the tree is built on the first row of each process.
  const groups = new Map<number, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.proc.pid);
    if (group) group.push(row);
    else groups.set(row.proc.pid, [row]);
  }
  const nodes = [...groups.values()].map((g) => {
    const first = g[0] as Row;
    return { pid: first.proc.pid, ppid: first.proc.stat().ppid, item: g };
  });
  const out: Row[] = [];
  for (const placed of forestOrder(nodes, o.forest)) {
    const prefix = o.forest ? forestPrefix(placed) : hierarchyPrefix(placed);
    for (const row of placed.item) out.push({ ...row, forestPrefix: prefix });
  }
  return out;
}

export async function main(argv: string[], io: CommandIo, deps: CommandDeps = {}): Promise<number> {
  const { fs, now, terminal, euid } = withDefaults(deps);
  const knownColumn = (key: string): boolean => lookupColumn(key) !== undefined;
  const personality = resolvePersonality(io.env);
  const startup = (terminal: ScreenSize | undefined): ScreenSize => startupScreen(io.env, io.stdoutIsTty, terminal);
  const stdoutTerminal = (): ScreenSize | undefined => (io.stdoutIsTty ? terminal() : undefined);
  const readings: Readings = { count: 0 };
  let o: Options;
  try {
    o = parseArgs(
      argv,
      {
        uidOf: (name) => fs.users().uidOf(name),
        gidOf: (name) => fs.users().gidOf(name),
        ttyDevice: ttyDeviceFromDev,
        knownColumn,
        sortable: knownColumn,
      },
      personality.key,
      readings,
    );
  } catch (err) {
    if (err instanceof UsageError || err instanceof PlainError) {
      io.stderr.write(bogusScreenWarning(startup(stdoutTerminal())).repeat(readings.count));
    }
    if (err instanceof UsageError) {
      io.stderr.write(`error: ${err.message}\n${usageText(io.argv0)}`);
      return 1;
    }
    if (err instanceof PlainError) {
      io.stderr.write(`${err instanceof InternalError ? io.argv0 : ''}${err.message}\n`);
      return 1;
    }
    throw err;
  }
  if (o.info) {
    const { infoText } = await import('./info.ts');
    const screen = startup(controllingTerminalSize());
    io.stderr.write(bogusScreenWarning(screen).repeat(readings.count));
    io.stderr.write(
      infoText({
        personality,
        screen,
        euid,
        ttyNr: ownTtyNr(fs),
        pageSize: fs.host().pageSize,
        version: TPROC_VERSION,
      }),
    );
    return 0;
  }
  const size = startup(stdoutTerminal());
  io.stderr.write(bogusScreenWarning(size).repeat(readings.count));
  if (o.help !== undefined) {
    const { helpText } = await import('./help.ts');
    // The help text goes to stdout exactly as ps prints it, name included.
    io.stdout.write(helpText(o.help, 'ps'));
    return 0;
  }
  if (o.version) {
    io.stdout.write(versionLine(io.argv0));
    return 0;
  }
  if (o.listSpecifiers) {
    const { listSpecifiers } = await import('./help.ts');
    io.stdout.write(listSpecifiers(columnRegistry()));
    return 0;
  }

  const items = chooseFormat(o, () => {
    const text = io.env.PS_FORMAT;
    if (!text) return undefined;
    try {
      return parseFormatList(text, knownColumn);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.stderr.write(`warning: $PS_FORMAT ignored. (${err.message})\n`);
      return undefined;
    }
  });
  const specs = items.map((item) => {
    const spec = formatColumn(item.key);
    if (!spec) throw new Error(`tps: no column ${item.key}`);
    return spec;
  });
  let pidWidth: number | undefined;
  const pidWidthOnce = () => (pidWidth ??= pidColumnWidth(available(() => fs.pidMaxText())));
  const columns = items.map((item, i) => laidColumn(item, specs[i] as ColumnSpec, o.numeric, pidWidthOnce));
  const screen = screenWidth(o, size);
  shortenMasks(specs, columns, screen);

  let zone: Zone | undefined;
  const ctx: RenderContext = {
    fs,
    host: fs.host(),
    now: now(),
    zone: () => (zone ??= localZone(io.env)),
    utf8: isUtf8Locale(io.env),
    cumulative: o.cumulative,
    showEnv: o.showEnv,
    trueCommand: o.trueCommand,
    commandAsArgs: o.commandAsArgs,
    numeric: o.numeric,
  };
  // observed: --headers prints the header line even when every header is empty (`LINES=7 ps
  // --headers -o pid=` repeats a line of five blanks every 7 lines); otherwise such a line is left out.
  const showHeader = o.headers === 'repeat' || (o.headers !== 'none' && columns.some((c) => c.header !== ''));
  ctx.headerLine = showHeader;
  const headerLine = showHeader
    ? renderLine(
        columns.map((c) => c.header),
        columns,
        screen,
        true,
      )
    : undefined;
  // --headers: the header again at the top of every page (observed: 24 lines when piped).
  let page = 0;
  if (o.headers === 'repeat') {
    // observed: the page is the controlling terminal's, even when stdout is not on it.
    page = o.lines ?? startup(controllingTerminalSize()).rows;
  }
  // observed: past 131072 columns ps complains on stderr once per line it prints.
  const out = new LineWriter(
    io.stdout,
    screen > MAX_COLUMNS ? () => io.stderr.write('fix bigness error\n') : undefined,
  );
  let printed = 0;
  for (const row of orderedRows(fs, o, euid, ctx)) {
    let values: string[];
    try {
      values = specs.map((spec) => spec.text(row));
    } catch (err) {
      if (isGone(err)) continue;
      throw err;
    }
    if (headerLine !== undefined && (page > 1 ? out.lines % page === 0 : out.lines === 0)) out.line(headerLine);
    out.line(renderLine(values, columns, screen, false));
    printed++;
  }
  // Nothing selected: the header alone, and status 1 (observed).
  if (headerLine !== undefined && out.lines === 0) out.line(headerLine);
  out.flush();
  return printed > 0 ? 0 : 1;
}

/**
 * Lines encoded into a buffer as they come and handed on in large writes. Encoding each line at
 * once lets it die young: at 5,000 processes, keeping 64 KiB of pending line strings alive made
 * every young-generation collection copy them (measured).
 */
class LineWriter {
  lines = 0;
  /** Taken when a line needs it: the output may keep a flushed chunk, so none is reused. */
  #buffer: Buffer | undefined;
  #length = 0;
  constructor(
    readonly output: CommandIo['stdout'],
    readonly onLine?: () => void,
  ) {}
  line(text: string): void {
    this.onLine?.();
    this.lines++;
    // A UTF-16 unit takes at most 3 bytes of UTF-8 (a surrogate pair, 4 for 2).
    const most = text.length * 3 + 1;
    if (this.#length + most > LINE_BUFFER) this.flush();
    if (most > LINE_BUFFER) {
      this.output.write(`${text}\n`);
      return;
    }
    this.#buffer ??= Buffer.allocUnsafe(LINE_BUFFER);
    const buffer = this.#buffer;
    this.#length += buffer.write(text, this.#length, 'utf8');
    buffer[this.#length++] = 0x0a;
  }
  flush(): void {
    if (this.#buffer === undefined || this.#length === 0) return;
    this.output.write(this.#buffer.subarray(0, this.#length));
    this.#buffer = undefined;
    this.#length = 0;
  }
}

const LINE_BUFFER = 65536;
