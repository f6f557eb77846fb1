// Tables through cli-table3 (loaded on first use), fitted to the terminal: every column keeps its
// natural width but the flexible one (a command line, a path), which takes what is left and is
// cut with `…`. Cells arrive as plain text with an optional paint; widths are measured before
// painting, so escape sequences never count.
import type { Paint } from './style.ts';
import { cut, displayWidth } from './text.ts';

export interface ColumnSpec {
  header: string;
  align?: 'left' | 'right';
  /** Takes the width left over (at most one per table). */
  flex?: boolean;
}

export interface Cell {
  text: string;
  paint?: Paint;
}

export type Row = (string | Cell)[];

export interface TableOptions {
  /** The terminal's width; undefined: no limit. */
  width?: number;
  paintHeader?: Paint;
  /** Borders: none (ps-like columns) or boxed (inspect's sections). */
  boxed?: boolean;
}

const GAP = 2;
const FLEX_MIN = 10;

const asCell = (c: string | Cell): Cell => (typeof c === 'string' ? { text: c } : c);

export interface Layout {
  /** Indexes of the columns shown, in order. */
  keep: number[];
  /** Width of each kept column, in the same order. */
  widths: number[];
}

/**
 * Natural widths; on a terminal too narrow, the flexible column shrinks (to FLEX_MIN), then
 * columns go from the right (the first and the flexible one stay), then the flexible one
 * shrinks to what is left: every line fits the width.
 */
export function layout(columns: readonly ColumnSpec[], rows: readonly Row[], options: TableOptions): Layout {
  const natural = columns.map((c) => displayWidth(c.header));
  for (const row of rows) {
    row.forEach((cell, i) => {
      natural[i] = Math.max(natural[i] ?? 0, displayWidth(asCell(cell).text));
    });
  }
  let keep = columns.map((_, i) => i);
  if (options.width === undefined) return { keep, widths: natural };
  const width = options.width;
  const perColumn = options.boxed ? 3 : GAP;
  const overhead = options.boxed ? 1 : 0;
  let flex = columns.findIndex((c) => c.flex);
  if (flex < 0) flex = natural.indexOf(Math.max(...natural));
  const widths = [...natural];
  const total = (): number => keep.reduce((sum, i) => sum + widths[i]! + perColumn, overhead);
  if (total() > width) widths[flex] = Math.max(Math.min(FLEX_MIN, natural[flex]!), natural[flex]! - (total() - width));
  for (let i = columns.length - 1; i > 0 && total() > width; i--) {
    if (i !== flex) keep = keep.filter((k) => k !== i);
  }
  if (total() > width) widths[flex] = Math.max(1, widths[flex]! - (total() - width));
  return { keep, widths: keep.map((i) => widths[i]!) };
}

export async function renderTable(
  columns: readonly ColumnSpec[],
  rows: readonly Row[],
  options: TableOptions = {},
): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const { keep, widths } = layout(columns, rows, options);
  const shown = keep.map((i) => columns[i]!);
  const boxed = options.boxed ?? false;
  const paintHeader = options.paintHeader ?? ((t: string) => t);
  const none = {
    top: '',
    'top-mid': '',
    'top-left': '',
    'top-right': '',
    bottom: '',
    'bottom-mid': '',
    'bottom-left': '',
    'bottom-right': '',
    left: '',
    'left-mid': '',
    mid: '',
    'mid-mid': '',
    right: '',
    'right-mid': '',
    middle: '',
  };
  const table = new Table({
    // Key/value sections have no header row.
    head: shown.every((c) => c.header === '') ? [] : shown.map((c, i) => paintHeader(cut(c.header, widths[i]!))),
    colAligns: shown.map((c) => c.align ?? 'left'),
    // cli-table3's widths include the cell padding.
    colWidths: widths.map((w) => w + (boxed ? 2 : GAP)),
    style: boxed
      ? { head: [], border: [], 'padding-left': 1, 'padding-right': 1 }
      : { head: [], border: [], 'padding-left': 0, 'padding-right': GAP, compact: true },
    // Boxed: a frame and the header's rule, no rule between rows.
    chars: boxed ? { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } : none,
    wordWrap: false,
  });
  for (const row of rows) {
    table.push(
      keep.map((column, i) => {
        const cell = asCell(row[column] ?? '');
        const text = cut(cell.text, widths[i]!);
        return cell.paint ? cell.paint(text) : text;
      }),
    );
  }
  // Without borders each line ends in the last column's padding: trimmed.
  const text = table.toString();
  return `${boxed ? text : text.replace(/ +$/gm, '')}\n`;
}
