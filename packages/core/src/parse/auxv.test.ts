import { describe, expect, it } from 'vitest';
import { AT_CLKTCK, AT_PAGESZ, parseAuxv } from './auxv.ts';

// cat /proc/self/auxv | od -An -v -tx1 on the build machine.
const SAMPLE = Buffer.from(
  '210000000000000000204d3ca27f00003300000000000000300d0000000000001000000000000000ffeb8b1700000000' +
    '060000000000000000100000000000001100000000000000640000000000000003000000000000004090fe9fa4550000' +
    '0400000000000000380000000000000005000000000000000d00000000000000070000000000000000404d3ca27f0000' +
    '08000000000000000000000000000000090000000000000030c1fe9fa45500000b000000000000000000000000000000' +
    '0c0000000000000000000000000000000d0000000000000000000000000000000e000000000000000000000000000000' +
    '17000000000000000000000000000000190000000000000069790707fe7f00001a000000000000000000000000000000' +
    '1f00000000000000eb7f0707fe7f00000f0000000000000079790707fe7f00001b000000000000001c00000000000000' +
    '1c00000000000000200000000000000000000000000000000000000000000000',
  'hex',
);

describe('parseAuxv', () => {
  const auxv = parseAuxv(SAMPLE);

  it('reads page size and clock ticks', () => {
    expect(auxv.get(AT_PAGESZ)).toBe(4096n);
    expect(auxv.get(AT_CLKTCK)).toBe(100n);
  });

  it('reads every pair up to AT_NULL, keeping 64-bit values exact', () => {
    expect(auxv.size).toBe(22);
    expect(auxv.get(0x21)).toBe(0x7fa23c4d2000n); // AT_SYSINFO_EHDR
    expect(auxv.get(0x9)).toBe(0x55a49ffec130n); // AT_ENTRY
    expect(auxv.has(0)).toBe(false);
  });

  it('stops at AT_NULL and ignores a truncated tail', () => {
    const bytes = Buffer.alloc(24);
    bytes.writeBigUInt64LE(6n, 0);
    bytes.writeBigUInt64LE(0xffffffffffffffffn, 8);
    bytes.writeBigUInt64LE(17n, 16); // pair cut short after the key
    expect(parseAuxv(bytes)).toEqual(new Map([[6, 0xffffffffffffffffn]]));
    const withNull = Buffer.concat([Buffer.alloc(16), SAMPLE]);
    expect(parseAuxv(withNull).size).toBe(0);
    expect(parseAuxv(Buffer.alloc(0)).size).toBe(0);
  });
});
