/**
 * Names and arguments as pstree prints them (observed, psmisc 23.6): printable ASCII as is, a
 * backslash doubled, every other byte (controls, DEL, any byte >= 0x80, even valid UTF-8) as a
 * three-digit octal escape such as `\033` or `\303\251`.
 */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}
