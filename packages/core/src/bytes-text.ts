/**
 * Lossless text for bytes a process controls (names, arguments, paths, environment), for JSON and
 * for library callers who want strings: valid UTF-8 decodes as usual, and each byte that is not
 * part of a valid UTF-8 sequence becomes the lone surrogate U+DC00 + byte (U+DC80..U+DCFF), as
 * Python's `surrogateescape` error handler does. JSON.stringify writes such a character as the
 * escape `\udcNN`, so the output stays ASCII-safe JSON; `bytesFromText` (or, in Python,
 * `s.encode('utf-8', 'surrogateescape')`) gives the original bytes back.
 */

/**
 * Length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none (overlong forms,
 * UTF-16 surrogates, which would be mistaken for escaped bytes, and past U+10FFFF are not valid).
 */
export function utf8Length(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let len: number;
  let min: number;
  let cp: number;
  if (b >= 0xc2 && b <= 0xdf) [len, min, cp] = [2, 0x80, b & 0x1f];
  else if (b >= 0xe0 && b <= 0xef) [len, min, cp] = [3, 0x800, b & 0x0f];
  else if (b >= 0xf0 && b <= 0xf4) [len, min, cp] = [4, 0x10000, b & 0x07];
  else return 0;
  if (i + len > bytes.length) return 0;
  for (let k = 1; k < len; k++) {
    const c = bytes[i + k]!;
    if ((c & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

/** The code point of the valid UTF-8 sequence of `len` bytes at `i` (see utf8Length). */
export function utf8CodePoint(bytes: Uint8Array, i: number, len: number): number {
  let cp = bytes[i]! & (len === 1 ? 0x7f : 0xff >> (len + 1));
  for (let k = 1; k < len; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f);
  return cp;
}

/** Whether every byte is part of a valid UTF-8 sequence (surrogates excluded). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const len = utf8Length(bytes, i);
    if (len === 0) return false;
    i += len;
  }
  return true;
}

/** Whether bytes[0, end) are all below 0x80 (their latin1 text is their UTF-8 text). */
function isAscii(bytes: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** `bytes` as text, each invalid byte 0xNN as U+DCNN (see above). */
export function textFromBytes(bytes: Uint8Array): string {
  const buffer = bufferOf(bytes);
  if (isAscii(bytes, bytes.length)) return buffer.toString('latin1');
  // The native decoder turns every invalid sequence into U+FFFD: without one, the text is exact
  // (a byte-by-byte check cost 110 ms on three 148 KB argument lists).
  const decoded = buffer.toString('utf8');
  if (!decoded.includes('\uFFFD')) return decoded;
  if (isValidUtf8(bytes)) return decoded;
  let out = '';
  let from = 0;
  for (let i = 0; i < bytes.length; ) {
    const len = utf8Length(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    out += buffer.toString('utf8', from, i) + String.fromCharCode(0xdc00 + bytes[i]!);
    i++;
    from = i;
  }
  return out + buffer.toString('utf8', from);
}

/**
 * A NUL-separated list (cmdline, environ) as textFromBytes' texts, one trailing NUL ending it
 * (parseNulList's items, decoded): ASCII, the most of it, as one string split.
 */
export function textsFromNulList(bytes: Uint8Array): string[] {
  if (bytes.length === 0) return [];
  const buffer = bufferOf(bytes);
  const end = bytes[bytes.length - 1] === 0 ? bytes.length - 1 : bytes.length;
  if (isAscii(bytes, end)) return buffer.toString('latin1', 0, end).split('\0');
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i <= end; i++) {
    if (i === end || bytes[i] === 0) {
      out.push(textFromBytes(buffer.subarray(from, i)));
      from = i + 1;
    }
  }
  return out;
}

/** The bytes `textFromBytes` was given: U+DC80..U+DCFF become single bytes again. */
export function bytesFromText(text: string): Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate before it would make it half of a real pair, which textFromBytes never writes.
    if (c >= 0xdc80 && c <= 0xdcff) {
      parts.push(Buffer.from(text.slice(from, i), 'utf8'), Buffer.of(c - 0xdc00));
      from = i + 1;
    }
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}
