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
  let pos = 0;
  let correct = 0;
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
    if (i === 0) {
      const lead = col.aix ? col.gap : 0;
      out += col.prefix + ' '.repeat(lead);
      pos += cells(col.prefix) + lead;
      correct = pos;
    } else {
      // A prefix here is a separator in place of blanks (observed: IRIX -l's `SZ:RSS`).
      out += col.prefix + ' '.repeat(col.gap);
      pos += cells(col.prefix) + col.gap;
      correct += cells(col.prefix) + col.gap;
    }
    if (header && col.headerRightIn !== undefined) {
      text = text.padStart(Math.max(0, col.headerRightIn - Math.max(0, pos - correct)));
    }
    if (!header && col.plusTruncate && i < last && cells(text) > width) text = plusTruncate(text, width);
    if (!header && col.variable) {
      // observed: only text-like columns are cut (WCHAN `hrtime`); other left-aligned ones
      // overflow and push (`ps -o pid,blocked:4,pid` prints all 16 digits).
      if (i < last) text = cut(text, width);
      else if (col.aix) text = cut(text, width);
      else if (screen > 0) {
        let room = screen - pos;
        while (room <= 2) room += screen;
        if (envBreak >= 0 && cells(text.slice(0, envBreak)) + 1 === room) text = text.slice(0, envBreak);
        text = cut(text, room);
      }
    }
    const len = cells(text);
    const room = correct + width - pos;
    if (col.align === 'right') {
      if (len < room) {
        out += ' '.repeat(room - len);
        pos += room - len;
      }
      out += text;
      pos += len;
    } else {
      out += text;
      pos += len;
      if ((i < last || col.aix) && len < room) {
        out += ' '.repeat(room - len);
        pos += room - len;
      }
    }
    correct += width;
    if (i === last) out += ' '.repeat(col.trailing);
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
