// The column listing: each column as wide as its widest value or title (man 8 lsof: "Lsof
// dynamically sizes the output columns each time it runs"), one space apart, values right-aligned
// but COMMAND's (left) and NAME's (unpadded). The FD column is the descriptor right-aligned, then
// the access and lock characters.
import { lsofEscapeCut, lsofEscapeWidth } from '@tproc/core';
import { nameText, tcpTpiSuffix } from './fields.ts';
import type { LsofFile, LsofProcess } from './model.ts';
import type { Options } from './options.ts';

export interface RenderContext {
  options: Options;
  /** TID and TASKCMD columns (-K, or every process listed with its tasks). */
  taskColumns?: boolean;
  /** LANG & co name a UTF-8 locale: NAME passes printable UTF-8 through. */
  utf8: boolean;
  /** USER column text for a uid (login name, or the uid), and a warning to print with it. */
  user(uid: number): { text: string; warning?: string };
  warn(text: string): void;
}

/** SIZE/OFF, OFFSET or SIZE text. */
export function sizeOffText(file: LsofFile, o: Options): string {
  if (o.showOffset) return file.offset === undefined ? '' : offsetText(file.offset, o.offsetDigits);
  if (o.showSize) return file.size === undefined ? '' : String(file.size);
  if (file.preferOffset) return file.offset === undefined ? '' : offsetText(file.offset, o.offsetDigits);
  return file.size === undefined ? '' : String(file.size);
}

/** `0t<decimal>` while it has at most `digits` digits (0: always), else `0x<hex>` (man 8 lsof, -o o). */
export function offsetText(offset: number, digits: number): string {
  const decimal = String(offset);
  if (digits === 0 || decimal.length <= digits) return `0t${decimal}`;
  return `0x${offset.toString(16)}`;
}

const COMMAND_ESCAPES = { escapeSpace: true } as const;

/** The COMMAND column's text: escaped (space as \x20, no UTF-8) and cut to the column's width. */
export function commandText(command: Buffer, width: number): string {
  return lsofEscapeCut(command, width, COMMAND_ESCAPES);
}

/**
 * How wide a command makes the COMMAND (or TASKCMD) column: its escaped length with each escape
 * counted as 2 (lsof's count), at most the +c width (0: no limit). Values are then cut at the
 * column's width (observed with +c 0, +c 12 and the default 9).
 */
export function commandWidth(command: Buffer, limit: number): number {
  const w = lsofEscapeWidth(command, COMMAND_ESCAPES);
  return limit === 0 ? w : Math.min(w, limit);
}

/** Width the FD column gives a descriptor name (observed: numbers, cwd and rtd take 4). */
function fdWidth(fd: string): number {
  if (fd === 'cwd' || fd === 'rtd') return 4;
  if (/^[\d*]/.test(fd)) return Math.max(4, fd.length);
  return fd.length;
}

interface Column {
  title: string;
  align: 'left' | 'right' | 'none';
  value: (p: LsofProcess, f: LsofFile, pass: number) => string;
  /** Width the value asks for, when not its length (COMMAND, TASKCMD). */
  width?: (p: LsofProcess, f: LsofFile) => number;
  /** Cut at the column's width when printed. */
  cut?: (p: LsofProcess, width: number) => string;
}

// man 8 lsof, +f g: the names in the order lsof prints them (observed: ND,DTY,LG,CX).
const FLAG_NAMES: [number, string][] = [
  [0o1, 'W'],
  [0o2, 'RW'],
  [0o100, 'CR'],
  [0o200, 'EXCL'],
  [0o400, 'NTTY'],
  [0o1000, 'TR'],
  [0o2000, 'AP'],
  [0o4000, 'ND'],
  [0o4010000, 'SYN'],
  [0o20000, 'ASYN'],
  [0o40000, 'DIR'],
  [0o200000, 'DTY'],
  [0o400000, 'NFLK'],
  [0o1000000, 'NATM'],
  [0o10000, 'DSYN'],
  [0o4010000, 'RSYN'],
  [0o100000, 'LG'],
  [0o2000000, 'CX'],
  [0o20200000, 'TMPF'],
];

/** +f g: open flags as lsof's short names; +f G: hex. */
export function fileFlagsText(flags: number | undefined, mode: 'names' | 'hex'): string {
  if (flags === undefined) return '';
  if (mode === 'hex') return `0x${flags.toString(16)};0x0`;
  const names: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if ((flags & bit) === bit && bit !== 0) names.push(name);
  return names.join(',');
}

export function renderColumns(processes: LsofProcess[], ctx: RenderContext): string {
  const o = ctx.options;
  const limit = o.commandWidth;
  const columns: Column[] = [
    {
      title: 'COMMAND',
      align: 'left',
      value: () => '',
      width: (p) => commandWidth(p.command, limit),
      cut: (p, w) => commandText(p.command, w),
    },
    { title: 'PID', align: 'right', value: (p) => String(p.pid) },
  ];
  if (o.tasks || ctx.taskColumns) {
    columns.push({ title: 'TID', align: 'right', value: (p) => (p.tid === undefined ? '' : String(p.tid)) });
    columns.push({
      title: 'TASKCMD',
      align: 'left',
      value: () => '',
      width: (p) => (p.taskCommand === undefined ? 0 : commandWidth(p.taskCommand, limit)),
      cut: (p, w) => (p.taskCommand === undefined ? '' : commandText(p.taskCommand, w)),
    });
  }
  if (o.showPpid) columns.push({ title: 'PPID', align: 'right', value: (p) => String(p.ppid) });
  if (o.showPgid) columns.push({ title: 'PGID', align: 'right', value: (p) => String(p.pgid) });
  columns.push({
    title: 'USER',
    align: 'right',
    value: (p) => {
      const u = ctx.user(p.uid);
      if (u.warning) ctx.warn(u.warning);
      return u.text;
    },
  });
  const fdColumn = columns.length;
  columns.push({ title: 'FD', align: 'right', value: (_, f) => f.fd });
  columns.push({ title: 'TYPE', align: 'right', value: (_, f) => f.type });
  if (o.fileFlags) {
    const mode = o.fileFlags;
    columns.push({ title: 'FILE-FLAG', align: 'right', value: (_, f) => fileFlagsText(f.flags, mode) });
  }
  columns.push({ title: 'DEVICE', align: 'right', value: (_, f) => f.device });
  columns.push({
    title: o.showOffset ? 'OFFSET' : o.showSize ? 'SIZE' : 'SIZE/OFF',
    align: 'right',
    value: (_, f) => sizeOffText(f, o),
  });
  if (o.links)
    columns.push({ title: 'NLINK', align: 'right', value: (_, f) => (f.nlink === undefined ? '' : String(f.nlink)) });
  columns.push({ title: 'NODE', align: 'right', value: (_, f) => f.node });
  columns.push({ title: 'NAME', align: 'none', value: (_, f) => nameText(f, ctx.utf8) + tcpTpiSuffix(f, o) });

  // Two passes, as lsof makes them: widths, then lines (a missing login warns in each).
  const widths = columns.map((c) => c.title.length);
  let fdNameWidth = 2;
  for (const p of processes) {
    for (const f of p.files) {
      columns.forEach((c, i) => {
        if (i === fdColumn) {
          fdNameWidth = Math.max(fdNameWidth, fdWidth(f.fd));
          return;
        }
        if (c.align === 'none') return;
        const w = c.width ? c.width(p, f) : c.value(p, f, 0).length;
        if (w > (widths[i] ?? 0)) widths[i] = w;
      });
    }
  }
  const cell = (c: Column, i: number, text: string, last: boolean): string => {
    if (c.align === 'none' || last) return text;
    const w = widths[i] ?? 0;
    return c.align === 'left' ? text.padEnd(w) : text.padStart(w);
  };
  const header = columns
    .map((c, i) => (i === fdColumn ? `${'FD'.padStart(fdNameWidth)}  ` : cell(c, i, c.title, i === columns.length - 1)))
    .join(' ');
  let out = `${header}\n`;
  for (const p of processes) {
    for (const f of p.files) {
      const line = columns
        .map((c, i) => {
          if (i === fdColumn) return `${f.fd.padStart(fdNameWidth)}${f.access || ' '}${f.lock || ' '}`;
          const text = c.cut ? c.cut(p, widths[i] ?? 0) : c.value(p, f, 1);
          return cell(c, i, text, i === columns.length - 1);
        })
        .join(' ');
      out += `${line}\n`;
    }
  }
  return out;
}
