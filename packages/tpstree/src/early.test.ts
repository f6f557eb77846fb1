import { describe, expect, it } from 'vitest';
import { walksEveryProcess } from './early.ts';

describe('walksEveryProcess (tpstree)', () => {
  it.each([
    [[], true],
    [['-p'], true],
    [['-a', '1'], true],
    [['-u', 'root'], true],
    [['-V'], false],
    [['-pV'], false],
    [['--version'], false],
    [['--help'], false],
  ])('%j: %s', (argv, walks) => {
    expect(walksEveryProcess(argv)).toBe(walks);
  });
});
