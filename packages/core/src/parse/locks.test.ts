import { describe, expect, it } from 'vitest';
import { parseLocks } from './locks.ts';

describe('parseLocks', () => {
  it('reads held and blocked locks', () => {
    const text =
      '1: POSIX  ADVISORY  WRITE 2762 fe:00:2146529 0 EOF\n' +
      '1: -> POSIX  ADVISORY  WRITE 2800 fe:00:2146529 0 EOF\n' +
      '2: OFDLCK ADVISORY  READ  -1 08:1f:17 10 29\n';
    expect(parseLocks(text)).toEqual([
      {
        id: 1,
        blocked: false,
        type: 'POSIX',
        mode: 'ADVISORY',
        access: 'WRITE',
        pid: 2762,
        major: 254,
        minor: 0,
        inode: 2146529,
        start: 0n,
        end: undefined,
      },
      {
        id: 1,
        blocked: true,
        type: 'POSIX',
        mode: 'ADVISORY',
        access: 'WRITE',
        pid: 2800,
        major: 254,
        minor: 0,
        inode: 2146529,
        start: 0n,
        end: undefined,
      },
      {
        id: 2,
        blocked: false,
        type: 'OFDLCK',
        mode: 'ADVISORY',
        access: 'READ',
        pid: -1,
        major: 8,
        minor: 31,
        inode: 17,
        start: 10n,
        end: 29n,
      },
    ]);
  });
  it('is empty for an empty file', () => {
    expect(parseLocks('')).toEqual([]);
  });
});
