/** Auxiliary vector keys (getauxval(3)). */
export const AT_NULL = 0;
export const AT_PAGESZ = 6;
export const AT_CLKTCK = 17;

/**
 * /proc/<pid>/auxv: (key, value) pairs of 64-bit little-endian words (x86_64), ending at AT_NULL.
 * A truncated trailing pair is ignored; a repeated key keeps its first value.
 */
export function parseAuxv(bytes: Buffer): Map<number, bigint> {
  const entries = new Map<number, bigint>();
  for (let off = 0; off + 16 <= bytes.length; off += 16) {
    const key = bytes.readBigUInt64LE(off);
    if (key === BigInt(AT_NULL)) break;
    const k = Number(key);
    if (!entries.has(k)) entries.set(k, bytes.readBigUInt64LE(off + 8));
  }
  return entries;
}
