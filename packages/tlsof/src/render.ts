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

/** A column of the process's part of a line (COMMAND to USER): the same text on each of its lines. */
interface ProcessColumn {
  title: string;
  align: 'left' | 'right';
  /** The text, and the width it asks for when not its length (COMMAND and TASKCMD: see commandWidth). */
  value: (p: LsofProcess) => { text: string; width?: number; cut?: (width: number) => string };
}

/** A column of the file's part (FD is apart, NAME last and unpadded). */
interface FileColumn {
  title: string;
  value: (f: LsofFile) => string;
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

/** Lines a chunk of the listing holds when handed to `write`. */
const CHUNK_LINES = 1024;

/**
 * The listing, handed to `write` a chunk of lines at a time as the second pass makes them (as
 * lsof prints through stdio): no string of the whole listing is made.
 */
export function renderColumns(processes: LsofProcess[], ctx: RenderContext, write: (text: string) => void): void {
  const o = ctx.options;
  const limit = o.commandWidth;
  const command = (bytes: Buffer) => ({
    text: '',
    width: commandWidth(bytes, limit),
    cut: (w: number) => commandText(bytes, w),
  });
  const processColumns: ProcessColumn[] = [
    { title: 'COMMAND', align: 'left', value: (p) => command(p.command) },
    { title: 'PID', align: 'right', value: (p) => ({ text: String(p.pid) }) },
  ];
  if (o.tasks || ctx.taskColumns) {
    processColumns.push({
      title: 'TID',
      align: 'right',
      value: (p) => ({ text: p.tid === undefined ? '' : String(p.tid) }),
    });
    processColumns.push({
      title: 'TASKCMD',
      align: 'left',
      value: (p) => (p.taskCommand === undefined ? { text: '', width: 0 } : command(p.taskCommand)),
    });
  }
  if (o.showPpid) processColumns.push({ title: 'PPID', align: 'right', value: (p) => ({ text: String(p.ppid) }) });
  if (o.showPgid) processColumns.push({ title: 'PGID', align: 'right', value: (p) => ({ text: String(p.pgid) }) });
  // The login's warning is given once for each line, in each pass (observed), as lsof looks it up.
  processColumns.push({
    title: 'USER',
    align: 'right',
    value: (p) => {
      const u = ctx.user(p.uid);
      if (u.warning) for (let i = 0; i < p.files.length; i++) ctx.warn(u.warning);
      return { text: u.text };
    },
  });
  const fileColumns: FileColumn[] = [{ title: 'TYPE', value: (f) => f.type }];
  if (o.fileFlags) {
    const mode = o.fileFlags;
    fileColumns.push({ title: 'FILE-FLAG', value: (f) => fileFlagsText(f.flags, mode) });
  }
  fileColumns.push({ title: 'DEVICE', value: (f) => f.device });
  fileColumns.push({
    title: o.showOffset ? 'OFFSET' : o.showSize ? 'SIZE' : 'SIZE/OFF',
    value: (f) => sizeOffText(f, o),
  });
  if (o.links) fileColumns.push({ title: 'NLINK', value: (f) => (f.nlink === undefined ? '' : String(f.nlink)) });
  fileColumns.push({ title: 'NODE', value: (f) => f.node });

  // Two passes, as lsof makes them: widths, then lines.
  const processWidths = processColumns.map((c) => c.title.length);
  const fileWidths = fileColumns.map((c) => c.title.length);
  let fdNameWidth = 2;
  // Files shared by processes (LsofFile.shared) are measured once, and their lines' part from FD
  // on (the same on each) made once.
  const shared = (f: LsofFile) => f.shared === true;
  const measured = new Set<LsofFile>();
  // The file columns' texts as the first pass makes them, in order, for the second to take.
  const texts: string[] = [];
  for (const p of processes) {
    if (p.files.length === 0) continue;
    processColumns.forEach((c, i) => {
      const v = c.value(p);
      const w = v.width ?? v.text.length;
      if (w > (processWidths[i] ?? 0)) processWidths[i] = w;
    });
    for (const f of p.files) {
      if (shared(f)) {
        if (measured.has(f)) continue;
        measured.add(f);
      }
      fdNameWidth = Math.max(fdNameWidth, fdWidth(f.fd));
      for (let i = 0; i < fileColumns.length; i++) {
        const text = (fileColumns[i] as FileColumn).value(f);
        texts.push(text);
        if (text.length > (fileWidths[i] ?? 0)) fileWidths[i] = text.length;
      }
    }
  }
  const pad = (text: string, width: number | undefined, align: 'left' | 'right') =>
    align === 'left' ? text.padEnd(width ?? 0) : text.padStart(width ?? 0);
  const header = [
    ...processColumns.map((c, i) => pad(c.title, processWidths[i], c.align)),
    `${'FD'.padStart(fdNameWidth)}  `,
    ...fileColumns.map((c, i) => pad(c.title, fileWidths[i], 'right')),
    'NAME',
  ].join(' ');
  // Each chunk flattened by its join: concatenation would keep every piece of every line until
  // the end (40 MB more at 75,000 lines, measured).
  const lines = [header];
  const flush = () => {
    lines.push('');
    write(lines.join('\n'));
    lines.length = 0;
  };
  const parts: string[] = [];
  const fileParts = new Map<LsofFile, string>();
  let next = 0;
  for (const p of processes) {
    if (p.files.length === 0) continue;
    const prefix = processColumns
      .map((c, i) => {
        const v = c.value(p);
        return pad(v.cut ? v.cut(processWidths[i] ?? 0) : v.text, processWidths[i], c.align);
      })
      .join(' ');
    for (const f of p.files) {
      let filePart = fileParts.get(f);
      if (filePart === undefined) {
        parts.length = 0;
        parts.push(`${f.fd.padStart(fdNameWidth)}${f.access || ' '}${f.lock || ' '}`);
        for (let i = 0; i < fileColumns.length; i++) parts.push((texts[next++] as string).padStart(fileWidths[i] ?? 0));
        parts.push(nameText(f, ctx.utf8) + tcpTpiSuffix(f, o));
        filePart = parts.join(' ');
        if (shared(f)) fileParts.set(f, filePart);
      }
      lines.push(`${prefix} ${filePart}`);
      if (lines.length === CHUNK_LINES) flush();
    }
  }
  if (lines.length) flush();
}
