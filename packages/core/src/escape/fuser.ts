/**
 * psmisc 23.6 fuser's rule for a command name in its -v table, as observed (fuser -v on copies of
 * sleep named `zq\x01é`, `a\nb\tc\x1bd`, `x\x7fy\xffz`, `b\sl%s`, runs of 0xff and 0x01; the same
 * in LANG=C.UTF-8 and LANG=C):
 * - printable ASCII (0x20-0x7e) passes, backslash and `%` included;
 * - other bytes below 0x80 (controls, DEL) are `\ooo`: `\001`, `\012`, `\177`;
 * - bytes from 0x80 are the octal of the sign-extended char: 0xc3 is `\37777777703`;
 * - the result holds at most 64 characters, counted as written: a plain byte is added while fewer
 *   than 64 are there, an escape only while fewer than 60 are (it is taken as 4 long), so an escape
 *   that does not fit is dropped while plain bytes after it still fill the line
 *   (`\xff`x5 then `\x01aaaaaaaaa` prints the five escapes and `aaaa`).
 * The name itself is the command name of /proc/PID/stat up to its FIRST `)`: `x)y)z` prints `x`
 * (cut it with `fuserCommandName`).
 */
const LIMIT = 64;
const ESCAPE_ROOM = 4;

export function escapeFuser(name: Uint8Array): string {
  let out = '';
  for (const b of name) {
    if (b >= 0x20 && b < 0x7f) {
      if (out.length < LIMIT) out += String.fromCharCode(b);
      continue;
    }
    if (out.length + ESCAPE_ROOM >= LIMIT) continue;
    const value = b >= 0x80 ? 0xffffff00 + b : b;
    out += `\\${value.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** The command name fuser shows: stat's name cut at its first `)` (observed: `x)y)z` shows `x`). */
export function fuserCommandName(comm: Uint8Array): Uint8Array {
  const close = comm.indexOf(0x29);
  return close < 0 ? comm : comm.subarray(0, close);
}
