/**
 * Names and arguments as pstree prints them (observed, psmisc 23.6): printable ASCII as is, a
 * backslash doubled, every other byte (controls, DEL, any byte >= 0x80, even valid UTF-8) as a
 * three-digit octal escape such as `\033` or `\303\251`, in every locale.
 */
export function pstreeEscape(bytes: Buffer): string {
  let plain = true;
  for (const b of bytes) {
    if (b < 0x20 || b >= 0x7f || b === 0x5c) {
      plain = false;
      break;
    }
  }
  if (plain) return bytes.toString('latin1');
  let out = '';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** pstreeEscape for a name held one char per byte (latin1). */
export function pstreeEscapeLatin1(name: string): string {
  let plain = true;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x5c) {
      plain = false;
      break;
    }
  }
  return plain ? name : pstreeEscape(Buffer.from(name, 'latin1'));
}
