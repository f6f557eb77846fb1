import { isUtf8 } from 'node:buffer';
import { COMMAND_BYTES } from '../names.ts';
import { codePointClass, nonPrintablePattern, notOneColumnPattern } from './unicode-classes.ts';

/**
 * Command names and argument strings as ps prints them. Every rule here was observed by running
 * procps 4.0.2 on processes named and argued with hostile bytes:
 *
 * C locale: printable ASCII as is, other ASCII (controls, DEL) as `.`, every byte >= 0x80 as `?`.
 *
 * UTF-8 locale: a first pass walks the string by UTF-8 lead bytes, jumping over the length each
 * lead byte announces without looking at what it jumps over; it stops at the first byte that can
 * never lead a sequence (0x80-0xC1, 0xF5-0xFF). Everything from that byte on is printed as in
 * the C locale. Before it: printable ASCII as is, controls and DEL as `?`, a decodable character
 * as is when printable (glibc iswprint) and as one `?` otherwise, an undecodable byte (bad
 * continuation, overlong form, surrogate, cut short) as `?`, moving on by one byte.
 * Example: `é\x01b` stays `é?b`, `\xe4\xb8\xc3\xa9` becomes `????` (the walk lands on 0xA9).
 */

/** Where the UTF-8 rendering stops and the C-locale rendering takes over. */
function utf8Prefix(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) i += 1;
    else if (b >= 0xc2 && b <= 0xdf) i += 2;
    else if (b >= 0xe0 && b <= 0xef) i += 3;
    else if (b >= 0xf0 && b <= 0xf4) i += 4;
    else return i;
  }
  return bytes.length;
}

/**
 * The longest prefix of `bytes` that is valid UTF-8, ends on a character boundary and stays below
 * `room`, so that the walk would print it whole; 0 when there is none worth decoding.
 */
function validHead(bytes: Uint8Array, room: number): number {
  let end = Math.min(bytes.length, room - 1);
  if (end === bytes.length) {
    if (isUtf8(bytes)) return end;
    // A text read up to a limit may end in a cut character: try without it.
    end = bytes.length - 1;
  }
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return end > 0 && isUtf8(bytes.subarray(0, end)) ? end : 0;
}

/** glibc mbrtowc on bytes [i, end): code point and length, or undefined when it fails. */
function decode(bytes: Uint8Array, i: number, end: number): { cp: number; len: number } | undefined {
  const b = bytes[i] ?? 0;
  let len: number;
  let cp: number;
  let min: number;
  if (b >= 0xc2 && b <= 0xdf) [len, cp, min] = [2, b & 0x1f, 0x80];
  else if (b >= 0xe0 && b <= 0xef) [len, cp, min] = [3, b & 0x0f, 0x800];
  else if (b >= 0xf0 && b <= 0xf4) [len, cp, min] = [4, b & 0x07, 0x10000];
  else return undefined;
  if (i + len > end) return undefined;
  for (let k = 1; k < len; k++) {
    const c = bytes[i + k] ?? 0;
    if ((c & 0xc0) !== 0x80) return undefined;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return { cp, len };
}

function cLocale(bytes: Uint8Array, from: number, out: string[]): void {
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    out.push(b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b < 0x80 ? '.' : '?');
  }
}

// Regexes and latin1 decoding run natively: a short-lived listing mostly runs interpreted
// code, where a byte loop per value cost more than the reads (measured).
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;
export const NOT_ASCII = /[^\x00-\x7f]/;
/** A UTF-16 surrogate: a character above U+FFFF, two code units for one column or two. */
const ASTRAL = /[\ud800-\udfff]/;

/** Every code unit takes one column (a long argument area of accented letters): tested natively. */
const oneColumnEach = (text: string): boolean => !ASTRAL.test(text) && !notOneColumnPattern().test(text);
const NUL_OR_NEWLINE = /[\0\n]/g;
const TRAILING_NULS = /\0+$/;

/** psEscape for text already decoded as latin1 (one char per byte). */
export function psEscapeLatin1(text: string, utf8: boolean): string {
  return NOT_PRINTABLE_ASCII.test(text) ? psEscape(Buffer.from(text, 'latin1'), utf8) : text;
}

/**
 * psEscapeLatin1 for a command column with `room` bytes left: observed, a character of several bytes
 * is printed only while it ends before the room does, and nothing after it.
 */
export function psEscapeCommand(text: string, utf8: boolean, room: number): string {
  const input = text.length > COMMAND_BYTES ? text.slice(0, COMMAND_BYTES) : text;
  if (!NOT_PRINTABLE_ASCII.test(input)) return input.length > room ? input.slice(0, room) : input;
  return psEscape(Buffer.from(input, 'latin1'), utf8, room);
}

/** The bytes of a command name or argument string as ps shows them (see the module comment). */
export function psEscape(bytes: Uint8Array, utf8: boolean, room = Number.POSITIVE_INFINITY): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  if (!NOT_PRINTABLE_ASCII.test(text)) return text;
  const out: string[] = [];
  let i = 0;
  let size = 0;
  if (utf8) {
    // The walk below turns a valid UTF-8 head into its characters, `?` for the unprintable ones:
    // decoded natively instead (walking a 160 KB argument area took 250 ms), the walk goes on
    // from there.
    i = validHead(bytes, room);
    if (i > 0) {
      const head = Buffer.from(bytes.buffer, bytes.byteOffset, i).toString('utf8').replace(nonPrintablePattern(), '?');
      if (i === bytes.length) return head;
      out.push(head);
      size = Buffer.byteLength(head);
    }
  }
  const end = utf8 ? utf8Prefix(bytes, i) : 0;
  while (i < end && size < room) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      out.push(b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?');
      i += 1;
      size += 1;
      continue;
    }
    const d = decode(bytes, i, end);
    if (!d) {
      out.push('?');
      i += 1;
      size += 1;
      continue;
    }
    const printable = codePointClass(d.cp) >= 0;
    if (printable && size + d.len >= room) return out.join('');
    out.push(printable ? String.fromCodePoint(d.cp) : '?');
    i += d.len;
    size += printable ? d.len : 1;
  }
  if (i >= end) cLocale(bytes.subarray(0, Math.min(bytes.length, end + room - size)), end, out);
  return out.join('');
}

/**
 * The argument area (/proc/<pid>/cmdline or environ) as one latin1 string, as ps joins it: NULs
 * between arguments and newlines inside them become spaces (observed: a newline in an argument
 * shows as a space in both locales, while one in a command name shows as `?` / `.`); trailing
 * empty arguments leave no trailing space (`x '' ''` shows as `x`), empty ones before the last do
 * (`'' x` as ` x`).
 */
export function argAreaText(area: Buffer): string {
  return area.toString('latin1').replace(TRAILING_NULS, '').replace(NUL_OR_NEWLINE, ' ');
}

/** Terminal columns taken by an escaped string (wide characters take two, combining ones none). */
export function displayWidth(text: string): number {
  if (!NOT_ASCII.test(text)) return text.length;
  if (oneColumnEach(text)) return text.length;
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      width += 1;
      continue;
    }
    const cp = text.codePointAt(i) ?? c;
    if (cp > 0xffff) i++;
    const cls = codePointClass(cp);
    width += cls < 0 ? 1 : cls;
  }
  return width;
}

/** The longest prefix of `text` that fits in `columns` terminal columns. */
export function cutToWidth(text: string, columns: number): string {
  if (!NOT_ASCII.test(text)) return text.length <= columns ? text : text.slice(0, Math.max(columns, 0));
  if (oneColumnEach(text)) return text.slice(0, Math.max(columns, 0));
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let cp = c;
    let units = 1;
    let w = 1;
    if (c >= 0x80) {
      cp = text.codePointAt(i) ?? c;
      units = cp > 0xffff ? 2 : 1;
      const cls = codePointClass(cp);
      w = cls < 0 ? 1 : cls;
    }
    if (width + w > columns) return text.slice(0, i);
    width += w;
    i += units - 1;
  }
  return text;
}
