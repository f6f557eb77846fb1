import { describe, expect, it } from 'vitest';
import { walksEveryProcess } from './early.ts';

describe('walksEveryProcess (tlsof)', () => {
  it.each([
    [[], true],
    [['-nP'], true],
    [['/usr/bin/node'], true],
    [['-n', '+D', '/tmp'], true],
    [['-K', '-d', 'cwd'], true],
    [['-p', '1'], false],
    [['-nPp', '1'], false],
    [['-c', 'sleep'], false],
    [['-u', 'nobody'], false],
    [['-g', '1'], false],
    [['-i', ':22'], false],
    [['-nPi'], false],
    [['-h'], false],
    [['-v'], false],
    [['-V', 'x'], false],
    [['-?'], false],
  ])('%j: %s', (argv, walks) => {
    expect(walksEveryProcess(argv)).toBe(walks);
  });
});
