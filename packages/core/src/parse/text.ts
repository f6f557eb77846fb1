/**
 * /proc files are read as bytes and decoded as latin1, so each byte is one char and
 * `Buffer.from(s, 'latin1')` gives the bytes back exactly. Parsers accept either form; a
 * string is taken as such latin1 text (one char per byte).
 */
export type ProcText = Buffer | string;

export function asLatin1(input: ProcText): string {
  return typeof input === 'string' ? input : input.toString('latin1');
}

export function bytesOf(latin1: string): Buffer {
  return Buffer.from(latin1, 'latin1');
}
