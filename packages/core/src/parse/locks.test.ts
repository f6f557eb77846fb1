import { describe, expect, it } from 'vitest';
import { parseLocks } from './locks.ts';

describe('parseLocks', () => {
  it('reads POSIX, FLOCK and OFD locks and skips waiters', () => {
    const text = `1: POSIX  ADVISORY  READ 16673 fe:00:2146689 10 EOF
2: POSIX  ADVISORY  WRITE 16673 fe:00:2146684 0 EOF
3: FLOCK  ADVISORY  WRITE 16673 fe:00:2146683 0 EOF
3: -> FLOCK  ADVISORY  WRITE 17000 fe:00:2146683 0 EOF
4: OFDLCK ADVISORY  READ -1 103:0a:12 0 99
`;
    const locks = parseLocks(text);
    expect(locks).toHaveLength(4);
    expect(locks[0]).toEqual({
      id: 1,
      kind: 'POSIX',
      mode: 'ADVISORY',
      access: 'READ',
      pid: 16673,
      major: 254,
      minor: 0,
      inode: 2146689,
      start: 10n,
      end: undefined,
    });
    expect(locks[2]?.kind).toBe('FLOCK');
    expect(locks[3]).toMatchObject({ kind: 'OFDLCK', pid: -1, major: 0x103, minor: 10, inode: 12, end: 99n });
  });
});
