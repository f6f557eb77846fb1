import { describe, expect, it } from 'vitest';
import { StdioBuffer } from './stdio-buffer.ts';

/** Whether `ps -o args=` on /dev/full names the error, for lines of these lengths (newlines included). */
const names = (lengths: number[], size = 4096): boolean => {
  const stdio = new StdioBuffer(size);
  for (const n of lengths) stdio.feed(Buffer.from(`${'a'.repeat(n - 1)}\n`));
  return stdio.leftAtExit();
};

describe('StdioBuffer', () => {
  // Observed on /dev/full: ps -p A,B -o args= with argv0 set to make lines of these lengths.
  it('names the error when the last line still sat in the buffer at exit', () => {
    expect(names([4095])).toBe(true);
    expect(names([4000, 50])).toBe(true);
    expect(names([2000, 2096])).toBe(true);
    expect(names([4100, 20])).toBe(true);
  });

  it('reports the failure alone when the last line went around or overflowed the buffer', () => {
    expect(names([4096])).toBe(false);
    expect(names([4097])).toBe(false);
    expect(names([4000, 200])).toBe(false);
    expect(names([4090, 10])).toBe(false);
    expect(names([100, 4100])).toBe(false);
    expect(names([2000, 2097])).toBe(false);
  });

  it('counts lines however the bytes come, and an unfinished last line as a call', () => {
    const stdio = new StdioBuffer(4096);
    stdio.feed(Buffer.from('a'.repeat(3000)));
    stdio.feed(Buffer.from(`${'a'.repeat(999)}\nb`));
    stdio.feed(Buffer.from('c'.repeat(200)));
    // 4000 buffered, then an unfinished line of 201 that does not fit.
    expect(stdio.leftAtExit()).toBe(false);
    expect(names([4000, 50], 8192)).toBe(true);
    expect(names([5000], 8192)).toBe(true);
  });

  it('names the error for nothing written at all only when something is left (nothing is)', () => {
    expect(new StdioBuffer(4096).leftAtExit()).toBe(false);
  });
});
