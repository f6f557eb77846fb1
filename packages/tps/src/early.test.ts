import { describe, expect, it } from 'vitest';
import { walksEveryProcess } from './early.ts';

describe('walksEveryProcess (tps)', () => {
  it.each([
    [['-ef'], true],
    [['-e'], true],
    [['-A'], true],
    [['-eo', 'pid,comm'], true],
    [['-elf'], true],
    [['aux'], true],
    [['ax'], true],
    [['a'], true],
    [['-p', '1', '-e'], true],
    [[], false],
    [['x'], false],
    [['-f'], false],
    [['-p', '1'], false],
    [['-u', 'root'], false],
    // Values of options are not options: args (-o), alex (-u), a user in BSD U.
    [['-o', 'args'], false],
    [['-p', '1', '-o', 'args'], false],
    [['-u', 'alex'], false],
    [['U', 'alex'], false],
    [['--sort', 'start'], false],
    [['-C', 'bash'], false],
  ])('%j: %s', (argv, walks) => {
    expect(walksEveryProcess(argv)).toBe(walks);
  });
});
