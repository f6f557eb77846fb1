import { pstreeEscape } from '@tproc/core';

/**
 * The argument list of `-a` as psmisc 23.6 prints it (observed): only the first `width` bytes of
 * cmdline are read (8192 with `-l`, however wide COLUMNS is); the count of arguments is one more than the number of NULs
 * that end a non-empty string, and that many NUL-separated pieces are taken from the start (so an
 * empty argument may take the place of a later one). Every argument but the last is preceded by a
 * space; an argument that would reach `width` (`width - 4` unless it is the last) is replaced
 * by `...` and ends the list.
 */
const LONG_READ = 8192;

export function argumentPieces(cmdline: Buffer, width: number | undefined): Buffer[] {
  const buf = cmdline.subarray(0, width ?? LONG_READ);
  let argc = 1;
  for (let i = 1; i < buf.length; i++) if (buf[i] === 0 && buf[i - 1] !== 0) argc++;
  const pieces: Buffer[] = [];
  let pos = 0;
  for (let k = 0; k < argc; k++) {
    if (pos >= buf.length) {
      pieces.push(Buffer.alloc(0));
      continue;
    }
    let end = buf.indexOf(0, pos);
    if (end < 0) end = buf.length;
    pieces.push(buf.subarray(pos, end));
    pos = end + 1;
  }
  return pieces;
}

export interface ArgSink {
  count: number;
  text(s: string): void;
}

export function writeArguments(out: ArgSink, pieces: Buffer[], width: number | undefined): void {
  const argc = pieces.length;
  for (let i = 1; i < argc; i++) {
    const last = i === argc - 1;
    if (!last) out.text(' ');
    const shown = pstreeEscape(pieces[i]!);
    const limit = width === undefined ? Number.POSITIVE_INFINITY : last ? width : width - 4;
    if (out.count + shown.length >= limit) {
      out.text('...');
      return;
    }
    out.text(shown);
  }
}
