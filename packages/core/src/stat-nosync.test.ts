import { describe, expect, it } from 'vitest';
import { fileStatOfStatx } from './stat-nosync.ts';

describe('fileStatOfStatx', () => {
  it('reads the inode and size as Number(BigInt) would, past 2^53 too', () => {
    const values = [
      0n,
      12345n,
      2n ** 32n,
      2n ** 32n + 7n,
      2n ** 53n + 1n,
      2n ** 53n + 3n,
      2n ** 63n + 1025n,
      2n ** 64n - 1n,
    ];
    for (const value of values) {
      const out = Buffer.alloc(144);
      out.writeBigUInt64LE(value, 32);
      out.writeBigUInt64LE(value, 40);
      const stat = fileStatOfStatx(out);
      expect(stat.ino, String(value)).toBe(Number(value));
      expect(stat.size, String(value)).toBe(Number(value));
    }
  });
});
