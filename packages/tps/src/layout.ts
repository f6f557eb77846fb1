import { cutToWidth, displayWidth, ENV_BREAK, NAME_START, plusTruncate } from './columns/index.ts';
import type { Align } from './columns/types.ts';

/** One output column as laid out: resolved header, width and alignment. */
export interface LaidColumn {
  header: string;
  width: number;
  align: Align;
  /** Text-like: cut to its width when not last, to the line's room when last. */
  variable: boolean;
  /**
   * fname: data lines show at most this many cells of the name after the tree prefix, last or
   * not, and take no more room than that (observed: `ps -o fname:20,pid` puts PID right after 8
   * cells, `-o pid,fname:3` shows `process_`); the header keeps the column's width.
   */
  dataWidth?: number;
  /** User/group names: when not last and too wide, width-1 characters and `+`. */
  plusTruncate: boolean;
  /**
   * Signal masks: the header is right-aligned in this many cells before the column is laid out;
   * that padding absorbs overflow like a right-aligned column's (observed: `ps -o
   * oomadj,pcpu,pending` prints 8 blanks before PENDING, not 9).
   */
  headerRightIn?: number;
  /** AIX descriptor columns: padded even when last. */
  aix: boolean;
  /** Blanks before the column (1 normally; AIX runs keep theirs). */
  gap: number;
  /** Text before the column: literal text before the first, else a separator before the gap. */
  prefix: string;
  trailing: number;
}

const cells = displayWidth;
const cut = cutToWidth;

/** The most blanks ps writes in a row (see renderLine). */
const MAX_BLANKS = 144;
const BLANKS = ' '.repeat(MAX_BLANKS);

/**
 * Renders one line the way ps lays it out: a column that overflows its width pushes the
 * following ones right, and the next right-aligned columns give back that overflow from their
 * padding. Only a text-like last column is limited by the screen width; observed: ps 4.0.2 gives
 * it `width - position` cells, adding the screen width again while that leaves 2 or fewer.
 */
export function renderLine(
  values: readonly string[],
  columns: readonly LaidColumn[],
  screen: number,
  header: boolean,
): string {
  let out = '';
  // Cells written so far, and where the current column starts as laid out (`correct`). A text
  // goes where its column puts it, or later when earlier texts overflowed (they push).
  let pos = 0;
  let correct = 0;
  // observed: ps writes at most MAX_BLANKS blanks before a text (`ps -o pid:300` prints 144 and
  // the pid; `ps -o comm:300=,comm:300=,pid` two runs of 144, an empty text ending a run). Those
  // it leaves out are made up before the next texts, as far as 144 allow.
  const moveTo = (at: number): void => {
    const n = Math.min(at - pos, MAX_BLANKS);
    if (n <= 0) return;
    out += BLANKS.slice(0, n);
    pos += n;
  };
  const last = columns.length - 1;
  for (let i = 0; i <= last; i++) {
    const col = columns[i] as LaidColumn;
    let text = values[i] ?? '';
    let width = col.width;
    if (!header && col.dataWidth !== undefined) {
      const at = text.indexOf(NAME_START);
      const prefix = at < 0 ? '' : text.slice(0, at);
      const name = at < 0 ? text : text.slice(at + 1);
      // observed: a prefix wider than the column keeps only whole steps of the tree (4 cells for
      // f, 2 for -H), as many as fit: `ps f -o fname:5` shows `    s` at depth 2.
      const step = prefix.endsWith('\\_ ') ? 4 : 2;
      const room = Math.min(cells(prefix), col.width - (col.width % step));
      if (i === last) text = prefix + cut(name, col.dataWidth);
      else {
        text = prefix.slice(0, room) + cut(name, Math.min(col.dataWidth, col.width - room));
        width = Math.min(col.width, col.dataWidth + room);
      }
    }
    const envBreak = text.indexOf(ENV_BREAK);
    if (envBreak >= 0) text = text.replace(ENV_BREAK, ' ');
    // A prefix is a separator in place of blanks (observed: IRIX -l's `SZ:RSS`), written where the
    // previous text ended.
    if (col.prefix !== '') {
      const prefixCells = cells(col.prefix);
      out += col.prefix;
      pos += prefixCells;
      correct += prefixCells;
    }
    // The first column has no gap before it, but an AIX descriptor's own blanks.
    const gap = i > 0 || col.aix ? col.gap : 0;
    correct += gap;
    // Where the text may start: its column, or after the previous text and the gap.
    const earliest = Math.max(correct, pos + gap);
    // Blanks that right-align a header in a width of its own (the signal masks').
    const headerLead =
      header && col.headerRightIn !== undefined
        ? Math.max(0, col.headerRightIn - (earliest - correct) - cells(text))
        : 0;
    if (!header && col.plusTruncate && i < last && cells(text) > width) text = plusTruncate(text, width);
    if (!header && col.variable) {
      // observed: only text-like columns are cut (WCHAN `hrtime`); other left-aligned ones
      // overflow and push (`ps -o pid,blocked:4,pid` prints all 16 digits).
      if (i < last) text = cut(text, width);
      else if (col.aix) text = cut(text, width);
      else if (screen > 0) {
        let room = screen - Math.min(earliest, pos + MAX_BLANKS);
        while (room <= 2) room += screen;
        if (envBreak >= 0 && cells(text.slice(0, envBreak)) + 1 === room) text = text.slice(0, envBreak);
        text = cut(text, room);
      }
    }
    const len = cells(text);
    const at = col.align === 'right' ? Math.max(earliest, correct + width - len) : earliest + headerLead;
    moveTo(at);
    out += text;
    pos += len;
    correct += width;
    // observed: an AIX descriptor last on the line is padded to its width.
    if (i === last && col.aix) moveTo(correct);
    if (i === last && col.trailing > 0) moveTo(Math.max(pos, correct) + col.trailing);
  }
  return out;
}

/**
 * The width of the pid columns. observed: ps takes the length of the first line of
 * /proc/sys/kernel/pid_max (4194304 gives 7), at most 23; 5 when the file is unreadable or empty.
 */
export function pidColumnWidth(pidMaxText: string | undefined): number {
  if (!pidMaxText) return 5;
  const end = pidMaxText.indexOf('\n');
  return Math.min(end < 0 ? pidMaxText.length : end, 23);
}
