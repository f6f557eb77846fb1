// pgrep's view of a process: its name and command line as -l/-a print them, which is also what
// its pattern is tried on (core's escape/pgrep.ts).
import {
  argAreaText,
  available,
  COMMAND_BYTES,
  NOT_ASCII,
  type Proc,
  pgrepEscape,
  pgrepEscapeLatin1,
} from '@tproc/core';

/** The output bytes of a shown name or command line, one char per byte (latin1). */
export type Shown = string;

export function shownName(proc: Proc, utf8: boolean): Shown {
  return pgrepEscape(proc.stat().comm, utf8);
}

/**
 * The arguments joined as ps joins them, cut at 131071 bytes, or `[comm]` when there are none
 * (observed: `[comm] <defunct>` for a zombie).
 */
export function shownCommand(proc: Proc, utf8: boolean): Shown {
  const area = available(() => proc.cmdlineBytes());
  if (!area || area.length === 0) {
    const stat = proc.stat();
    return `[${pgrepEscape(stat.comm, utf8)}]${stat.state === 'Z' ? ' <defunct>' : ''}`;
  }
  return pgrepEscapeLatin1(argAreaText(area).slice(0, COMMAND_BYTES), utf8);
}

/** The text a pattern is tried on: in a UTF-8 locale the shown bytes decoded (compileEre's `unicode`). */
export function subject(shown: Shown, utf8: boolean): string {
  return utf8 && NOT_ASCII.test(shown) ? Buffer.from(shown, 'latin1').toString('utf8') : shown;
}
