/**
 * How each tool shows the bytes a process controls (its name, its arguments, its environment):
 * every rule was observed by running the reference on processes named and argued with control
 * bytes, DEL, C1 characters, invalid UTF-8 and wide characters, in the C locale, in C.UTF-8, and
 * in a UTF-8 locale that is not installed (glibc then runs in C: see isUtf8Locale).
 *
 * - ps: ps.ts (`?` for what glibc's iswprint refuses, `.` in the C locale, widths for layout).
 * - pgrep, pkill: pgrep.ts (a blind UTF-8 walk; the pattern matches the escaped text).
 * - pstree: pstree.ts (octal escapes, whatever the locale).
 * - killall: no escaping. Observed, psmisc 23.6 writes names as they are, control bytes
 *   included, in `Killed NAME(PID)`, the -i question and its complaints.
 * - pidof: prints only pids.
 * - lsof: lsof.ts (C forms, `^X` carets and `\xNN`; a UTF-8 locale passes printable characters
 *   in NAME, never in COMMAND, whose spaces are escaped too).
 * - fuser: fuser.ts (printable ASCII as it is, every other byte as a sign-extended octal escape,
 *   64 characters at most), whatever the locale.
 * - tproc: tproc.ts (`\t`, `\n`, `\r`, `\xNN`, `\uNNNN` for controls, invalid bytes and
 *   bidirectional overrides; valid UTF-8 passes, whatever the locale).
 */
import { escapeFuser } from './fuser.ts';
import { lsofEscape } from './lsof.ts';
import { pgrepEscape } from './pgrep.ts';
import { psEscape } from './ps.ts';
import { pstreeEscape } from './pstree.ts';
import { tprocEscape } from './tproc.ts';
import { textFromBytes } from '../bytes-text.ts';

export { escapeFuser, fuserCommandName } from './fuser.ts';
export {
  type LsofEscapeOptions,
  lsofEscape,
  lsofEscapeCut,
  lsofEscapeUnits,
  lsofEscapeWidth,
} from './lsof.ts';
export { pgrepEscape, pgrepEscapeLatin1 } from './pgrep.ts';
export {
  argAreaText,
  cutToWidth,
  displayWidth,
  NOT_ASCII,
  psEscape,
  psEscapeCommand,
  psEscapeLatin1,
} from './ps.ts';
export { pstreeEscape, pstreeEscapeLatin1 } from './pstree.ts';
export { tprocEscape } from './tproc.ts';

/**
 * One tool's rule: the bytes the tool writes for `bytes` (a name or an argument), in a UTF-8
 * locale or not. The functions above do the same faster for the tool that owns them (ps's keep
 * decoded text, pgrep's and pstree's a latin1 string of the output bytes).
 */
export type EscapeRule = (bytes: Buffer, utf8: boolean) => Buffer;

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Each tool's rule by the tool's name. */
export const ESCAPE_RULES = {
  ps: (bytes, utf8) => Buffer.from(psEscape(bytes, utf8), 'utf8'),
  pgrep: (bytes, utf8) => latin1(pgrepEscape(bytes, utf8)),
  pkill: (bytes, utf8) => latin1(pgrepEscape(bytes, utf8)),
  pstree: (bytes) => latin1(pstreeEscape(bytes)),
  killall: (bytes) => Buffer.from(bytes),
  // A name or path (NAME, -F n); COMMAND escapes its spaces as well (lsofEscapeCut).
  lsof: (bytes, utf8) => Buffer.from(lsofEscape(bytes, { wide: utf8 }), 'utf8'),
  // A command name in the -v table (already cut at its first `)` by fuserCommandName).
  fuser: (bytes) => latin1(escapeFuser(bytes)),
  tproc: (bytes) => Buffer.from(tprocEscape(textFromBytes(bytes)), 'utf8'),
} satisfies Record<string, EscapeRule>;

export type EscapingTool = keyof typeof ESCAPE_RULES;
