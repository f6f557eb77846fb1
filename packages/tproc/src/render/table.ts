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
  const boxed = options.boxed ?? false;
  const paintHeader = options.paintHeader ?? ((t: string) => t);
  // Without borders a last flexible column (a command line, a path) is appended to each line
  // rather than given to cli-table3, which would pad every row to the longest one (a 140 KB
  // argument list, piped, made every line 140 KB).
  const lastFlex = !boxed && keep.length > 1 && columns[keep[keep.length - 1]!]!.flex === true;
  const inTable = lastFlex ? keep.slice(0, -1) : keep;
  const shown = inTable.map((i) => columns[i]!);
  const paintCell = (c: string | Cell | undefined, width: number | undefined): string => {
    const cell = asCell(c ?? '');
    const text = width === undefined ? cell.text : cut(cell.text, width);
    return cell.paint ? cell.paint(text) : text;
  };
  const table = new Table({
    // Key/value sections have no header row.
    head: shown.every((c) => c.header === '') ? [] : shown.map((c, i) => paintHeader(cut(c.header, widths[i]!))),
    colAligns: shown.map((c) => c.align ?? 'left'),
    // cli-table3's widths include the cell padding.
    colWidths: inTable.map((_, i) => widths[i]! + (boxed ? 2 : GAP)),
    style: boxed
      ? { head: [], border: [], 'padding-left': 1, 'padding-right': 1, compact: true }
      : { head: [], border: [], 'padding-left': 0, 'padding-right': GAP, compact: true },
    // Boxed: a frame and the header's rule (compact: no rule between rows).
    ...(boxed ? {} : { chars: NONE }),
    wordWrap: false,
  });
  for (const row of rows) table.push(inTable.map((column, i) => paintCell(row[column], widths[i])));
  let text = table.toString();
  if (lastFlex) {
    const flex = keep[keep.length - 1]!;
    const width = options.width === undefined ? undefined : widths[widths.length - 1];
    const tails = [paintHeader(columns[flex]!.header), ...rows.map((row) => paintCell(row[flex], width))];
    const lines = text.split('\n');
    text = lines.map((line, i) => line + (tails[i] ?? '')).join('\n');
  }
  // Without borders each line would end in padding: trimmed.
  return `${boxed ? text : text.replace(/ +$/gm, '')}\n`;
}

const NONE = {
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
