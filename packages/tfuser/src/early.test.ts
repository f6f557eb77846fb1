import { describe, expect, it } from 'vitest';
import { walksEveryProcess } from './early.ts';

describe('walksEveryProcess (tfuser)', () => {
  it.each([
    [['held.txt'], true],
    [['-m', '/tmp'], true],
    [['-v', '80/tcp'], true],
    [['-k', '-TERM', 'x'], true],
    [['-l'], false],
    [['--list-signals'], false],
    [['-V'], false],
    [['--version'], false],
  ])('%j: %s', (argv, walks) => {
    expect(walksEveryProcess(argv)).toBe(walks);
  });
});
