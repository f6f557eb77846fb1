// fuser's report, stream by stream (psmisc 23.6, observed): only pids (and `kernel`) go to
// stdout, so that `kill $(fuser FILE 2>/dev/null)` works; labels, access letters, user names and
// the -v table go to stderr. Each pid is flushed as it is written, so that stdout and stderr
// sharing one pipe interleave as fuser's do.
import { escapeFuser, fuserCommandName } from '@tproc/core';
import { ACCESS } from './scan.ts';

export interface Streams {
  /** Written and flushed at once. */
  out(text: string): void;
  err(text: string | Buffer): void;
}

/** What the table says of one process. */
export interface ProcessInfo {
  /** The owner's login name; undefined when the uid has none (or could not be read). */
  user?: string;
  /** The command name as stat gives it. */
  comm?: Buffer;
}

export type Entry =
  | { kind: 'kernel'; access: 'mount' | 'swap'; text: Buffer }
  | { kind: 'process'; pid: number; bits: number };

export interface RenderOptions {
  verbose: boolean;
  user: boolean;
  all: boolean;
}

/** observed: labels are padded to 20 columns when something follows them on the line. */
const LABEL_WIDTH = 20;
const INDENT = ' '.repeat(LABEL_WIDTH + 1);

export const HEADER = `${INDENT}USER        PID ACCESS COMMAND\n`;

/** The -v USER column: the login name, `(unknown)` without one (observed, uid 12345). */
const userColumn = (p: ProcessInfo): string => p.user ?? '(unknown)';

/** What -u adds: `(name)`, or ` (unknown) ` with spaces around it (observed, uid 12345). */
const userMark = (p: ProcessInfo): string => (p.user === undefined ? ' (unknown) ' : `(${p.user})`);

/** The letters after a pid without -v: `r c e m` in that order (f and F are not shown). */
function letters(bits: number): string {
  return (
    (bits & ACCESS.root ? 'r' : '') +
    (bits & ACCESS.cwd ? 'c' : '') +
    (bits & ACCESS.exe ? 'e' : '') +
    (bits & ACCESS.mmap ? 'm' : '')
  );
}

/** The -v ACCESS column: `F` or `f`, `r`, `c`, `e`, `m`, dots for the rest. */
function accessColumn(bits: number): string {
  return (
    (bits & ACCESS.write ? 'F' : bits & ACCESS.read ? 'f' : '.') +
    (bits & ACCESS.root ? 'r' : '.') +
    (bits & ACCESS.cwd ? 'c' : '.') +
    (bits & ACCESS.exe ? 'e' : '.') +
    (bits & ACCESS.mmap ? 'm' : '.')
  );
}

/**
 * One name's lines. Returns whether anything was printed (the -v header goes before the first).
 * `entries` holds, without -v, processes only: kernel uses are shown by -v alone.
 */
export function renderName(
  s: Streams,
  label: Buffer,
  entries: readonly Entry[],
  info: (pid: number) => ProcessInfo,
  o: RenderOptions,
): void {
  const head = Buffer.concat([label, Buffer.from(':')]);
  if (entries.length === 0) {
    s.err(Buffer.concat([head, Buffer.from('\n')]));
    return;
  }
  if (!o.verbose) {
    s.err(head.length < LABEL_WIDTH ? Buffer.concat([head, Buffer.from(' '.repeat(LABEL_WIDTH - head.length))]) : head);
    for (const e of entries) {
      if (e.kind !== 'process') continue;
      s.out(String(e.pid).padStart(6));
      s.err(`${letters(e.bits)}${o.user ? userMark(info(e.pid)) : ''}`);
    }
    s.err('\n');
    return;
  }
  s.err(
    head.length <= LABEL_WIDTH
      ? Buffer.concat([head, Buffer.from(' '.repeat(LABEL_WIDTH + 1 - head.length))])
      : Buffer.concat([head, Buffer.from(`\n${INDENT}`)]),
  );
  entries.forEach((e, i) => {
    if (i > 0) s.err(INDENT);
    if (e.kind === 'kernel') {
      const root = 'root';
      s.err(`${root.padEnd(8)} `);
      s.out('kernel');
      s.err(
        Buffer.concat([Buffer.from(` ${e.access.padEnd(5)} ${o.user ? `(${root})` : ''}`), e.text, Buffer.from('\n')]),
      );
      return;
    }
    const p = info(e.pid);
    s.err(`${userColumn(p).padEnd(8)} `);
    s.out(String(e.pid).padStart(6));
    const command = p.comm ? escapeFuser(fuserCommandName(p.comm)) : '';
    s.err(` ${accessColumn(e.bits)} ${o.user ? userMark(p) : ''}${command}\n`);
  });
}
