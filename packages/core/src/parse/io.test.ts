import { describe, expect, it } from 'vitest';
import { parseIo } from './io.ts';

describe('parseIo', () => {
  it('parses /proc/self/io', () => {
    const text =
      'rchar: 6976\nwchar: 0\nsyscr: 10\nsyscw: 0\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 12\n';
    expect(parseIo(text)).toEqual({
      rchar: 6976,
      wchar: 0,
      syscr: 10,
      syscw: 0,
      readBytes: 4096,
      writeBytes: 8192,
      cancelledWriteBytes: 12,
    });
  });

  it('defaults missing fields to 0 and ignores unknown lines', () => {
    expect(parseIo('')).toEqual({
      rchar: 0,
      wchar: 0,
      syscr: 0,
      syscw: 0,
      readBytes: 0,
      writeBytes: 0,
      cancelledWriteBytes: 0,
    });
    expect(parseIo('rchar: 5\nbogus: 7\nwchar: x\n').rchar).toBe(5);
    expect(parseIo('rchar: 5\nbogus: 7\nwchar: x\n').wchar).toBe(0);
  });
});
