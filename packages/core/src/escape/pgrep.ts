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

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function cLocale(bytes: Uint8Array, from: number, out: string[]): void {
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out.push(b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b < 0x80 ? '.' : '?');
  }
}

/** Length of the sequence a UTF-8 lead byte announces; 0 for a byte that never leads one. */
function leadLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/**
 * The bytes as pgrep shows them, as a string of the output's bytes: latin1 (one char per byte)
 * so that the copied sequences stay bytes; write it with `Buffer.from(text, 'latin1')`.
 */
export function pgrepEscapeLatin1(text: string, utf8: boolean): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  return pgrepEscape(Buffer.from(text, 'latin1'), utf8);
}

/** pgrepEscapeLatin1 on bytes. */
export function pgrepEscape(bytes: Uint8Array, utf8: boolean): string {
  const out: string[] = [];
  if (!utf8) {
    cLocale(bytes, 0, out);
    return out.join('');
  }
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const len = leadLength(b);
    if (len === 0) {
      cLocale(bytes, i, out);
      break;
    }
    if (len === 1) {
      out.push(b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?');
      i++;
    } else if (i + len > bytes.length) {
      out.push('?');
      i++;
    } else {
      for (let k = i; k < i + len; k++) out.push(String.fromCharCode(bytes[k] as number));
      i += len;
    }
  }
  return out.join('');
}
