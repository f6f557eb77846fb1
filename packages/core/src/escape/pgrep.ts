import { isUtf8 } from 'node:buffer';

/**
 * Command names and lines as pgrep -l/-a and pkill -e print them, and as pgrep matches them: its
 * pattern is tried on the escaped text, not on the bytes (observed, procps-ng 4.0.2: in the C
 * locale `pgrep -x 'w..rk'` finds a process named `wörk`, shown `w??rk`, and `pgrep wörk` finds
 * nothing; `pgrep -f 'n l'` finds an argument `n\nl`).
 *
 * C locale: as ps (printable ASCII as is, other ASCII `.`, every byte >= 0x80 `?`).
 *
 * UTF-8 locale: not ps's rule. A walk by UTF-8 lead bytes copies the bytes each lead byte
 * announces as they are, without decoding them, so every well-formed character is kept, C1
 * controls and unassigned code points included (`\u0085` and `\u009b` pass where ps shows `?`);
 * a lead byte whose sequence runs past the end is `?`; printable ASCII is kept and the other
 * ASCII bytes are `?`; from the first byte that can never lead a sequence (0x80-0xC1,
 * 0xF5-0xFF) on, the rest is rendered as in the C locale. The copy is blind: observed, the bytes
 * `\xe0\xa0\x1b` (a lead byte, then a continuation and an ESC) come out unchanged, as pgrep
 * prints them.
 */

// Regexes and latin1 strings run natively: a command line of 100 KB is escaped in one pass
// (a byte loop building the output char by char took most of a `pgrep -f` run, measured).
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CONTROLS = /[\x00-\x1f\x7f]/g;
const HIGH = /[\x80-\xff]/g;

const cLocale = (text: string): string => text.replace(CONTROLS, '.').replace(HIGH, '?');

/** Length of the sequence a UTF-8 lead byte announces; 0 for a byte that never leads one. */
function leadLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** The UTF-8 walk over text that is not valid UTF-8, copying runs of kept bytes as slices. */
function walk(text: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const b = text.charCodeAt(i);
    const len = leadLength(b);
    if (len === 0) return out + text.slice(from, i) + cLocale(text.slice(i));
    if (len > 1 && i + len <= text.length) {
      i += len;
      continue;
    }
    if (len > 1 || b < 0x20 || b === 0x7f) {
      out += `${text.slice(from, i)}?`;
      from = i + 1;
    }
    i++;
  }
  return out + text.slice(from);
}

/**
 * The bytes (one char per byte: latin1) as pgrep shows them, as a string of the output's bytes,
 * latin1 too, so that copied sequences stay bytes: write it with `Buffer.from(text, 'latin1')`.
 */
export function pgrepEscapeLatin1(text: string, utf8: boolean): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  if (!utf8) return cLocale(text);
  // In valid UTF-8 the walk keeps every character and meets ASCII bytes only as themselves.
  const bytes = Buffer.from(text, 'latin1');
  if (isUtf8(bytes)) return text.replace(CONTROLS, '?');
  // A text read up to a limit may end in a cut character: what comes before it, natively.
  let end = text.length;
  while (end > text.length - 3 && end > 0 && (text.charCodeAt(end - 1) & 0xc0) === 0x80) end--;
  if (end > 0 && text.charCodeAt(end - 1) >= 0xc0) end--;
  if (end < text.length && isUtf8(bytes.subarray(0, end))) {
    return text.slice(0, end).replace(CONTROLS, '?') + walk(text.slice(end));
  }
  return walk(text);
}

/** pgrepEscapeLatin1 on bytes. */
export function pgrepEscape(bytes: Uint8Array, utf8: boolean): string {
  return pgrepEscapeLatin1(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1'), utf8);
}
