import { describe, expect, it } from 'vitest';
import { parseSwaps } from './swaps.ts';

describe('parseSwaps', () => {
  it('reads files and partitions, undoing octal escapes', () => {
    const text =
      'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' +
      '/tmp/fz/swapf                           file\t\t2044\t\t0\t\t0\n' +
      '/dev/vdb2                               partition\t1048572\t\t12\t\t-2\n' +
      '/tmp/a\\040b                             file\t\t100\t\t0\t\t-3\n';
    expect(parseSwaps(text)).toEqual([
      { filename: Buffer.from('/tmp/fz/swapf'), type: 'file', size: 2044, used: 0, priority: 0 },
      { filename: Buffer.from('/dev/vdb2'), type: 'partition', size: 1048572, used: 12, priority: -2 },
      { filename: Buffer.from('/tmp/a b'), type: 'file', size: 100, used: 0, priority: -3 },
    ]);
  });
  it('gives nothing for the header alone', () => {
    expect(parseSwaps('Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n')).toEqual([]);
  });
});
