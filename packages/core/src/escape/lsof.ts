/**
 * lsof 4.95's rule for printing bytes a process controls (names, paths), as observed
 * (LANG=C.UTF-8 and LANG=C, `lsof -p` and `lsof -F`; man 8 lsof, OUTPUT):
 * - \b \f \n \r \t in their C form; other bytes below 0x20 as `^@`..`^_` (0x0b is `^K`);
 * - 0x7f and every byte that is not printable as `\xNN` (lower-case hex);
 * - a space as `\x20` in the COMMAND column only; a backslash doubled (`b\\sl`);
 * - with `wide` (a UTF-8 locale, NAME and -F fields), a valid UTF-8 sequence of a printable
 *   character passes through; the COMMAND column never passes them (`zq^A\xc3`, observed).
 */
import { utf8CodePoint, utf8Length } from '../bytes-text.ts';

export interface LsofEscapeOptions {
  /** A UTF-8 locale's printable multi-byte characters pass through. */
  wide?: boolean;
  /** A space is `\x20` (the COMMAND column). */
  escapeSpace?: boolean;
}

const C_FORMS: Readonly<Record<number, string>> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
const hex = (b: number): string => `\\x${b.toString(16).padStart(2, '0')}`;

/** Length of a valid UTF-8 sequence of a printable (iswprint) character at i, else 0. */
function printableUtf8(bytes: Uint8Array, i: number): number {
  if (bytes[i]! < 0x80) return 0;
  const len = utf8Length(bytes, i);
  if (len === 0) return 0;
  const cp = utf8CodePoint(bytes, i, len);
  // C1 controls, line and paragraph separators and unassigned planes' noncharacters: not iswprint.
  if (cp < 0xa0 || cp === 0x2028 || cp === 0x2029 || (cp & 0xfffe) === 0xfffe) return 0;
  return len;
}

/**
 * The printed units of `bytes`, one string per source character, so that a caller can cut at a
 * number of printed characters without splitting an escape (the COMMAND column's 9).
 */
export function lsofEscapeUnits(bytes: Uint8Array, options: LsofEscapeOptions = {}): string[] {
  const units: string[] = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x20) units.push(C_FORMS[b] ?? `^${String.fromCharCode(b + 0x40)}`);
    else if (b === 0x20) units.push(options.escapeSpace ? '\\x20' : ' ');
    else if (b === 0x5c) units.push('\\\\');
    else if (b < 0x7f) units.push(String.fromCharCode(b));
    else {
      const len = options.wide ? printableUtf8(bytes, i) : 0;
      if (len > 0) {
        units.push(Buffer.from(bytes.subarray(i, i + len)).toString('utf8'));
        i += len;
        continue;
      }
      units.push(hex(b));
    }
    i++;
  }
  return units;
}

/** `bytes` as lsof prints them (see lsofEscapeUnits). */
export function lsofEscape(bytes: Uint8Array, options: LsofEscapeOptions = {}): string {
  let plain = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x21 || b > 0x7e || b === 0x5c) {
      plain = false;
      break;
    }
  }
  // A Buffer as it is: reaching a view's `buffer` costs more than the copy (JSC materializes it).
  if (plain)
    return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)).toString(
      'latin1',
    );
  return lsofEscapeUnits(bytes, options).join('');
}

/**
 * The first units of `bytes` whose printed length stays within `width` characters (lsof cuts
 * COMMAND there: `zq^A\xc3` for 9, since the next `\xa9` would pass 9). 0 means no limit.
 */
export function lsofEscapeCut(bytes: Uint8Array, width: number, options: LsofEscapeOptions = {}): string {
  const units = lsofEscapeUnits(bytes, options);
  if (width <= 0) return units.join('');
  let out = '';
  for (const unit of units) {
    if (out.length + unit.length > width) break;
    out += unit;
  }
  return out;
}

/**
 * The width lsof reserves for `bytes` in a column: it counts every escape as two characters but
 * an escaped space as its four (observed with +c 0: `\xff` x 7 makes a 14-wide COMMAND column,
 * in which 3 escapes fit; `odd (name) x` an 18-wide one).
 */
export function lsofEscapeWidth(bytes: Uint8Array, options: LsofEscapeOptions = {}): number {
  let width = 0;
  for (const unit of lsofEscapeUnits(bytes, options)) {
    if (unit === '\\x20') width += 4;
    else width += unit.length > 1 && unit.charCodeAt(0) < 0x80 ? 2 : 1;
  }
  return width;
}
