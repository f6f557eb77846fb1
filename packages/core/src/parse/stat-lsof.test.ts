import { describe, expect, it } from 'vitest';
import { parseStatLsof } from './stat-lsof.ts';

describe('parseStatLsof', () => {
  it('reads a plain line', () => {
    expect(parseStatLsof('9123 (perl) S 1 9077 10221 0 -1')).toEqual({
      command: 'perl',
      state: 'S',
      ppid: 1,
      pgid: 9077,
    });
  });
  it('balances parentheses as lsof 4.95 does (observed)', () => {
    expect(parseStatLsof('9123 (p (q) r) S 1 9077 10221')).toMatchObject({ command: 'p (q) r', ppid: 1, pgid: 9077 });
    expect(parseStatLsof('9090 (x)y)z) S 1 9077 10221')).toEqual({ command: 'x', state: 'y', ppid: 0, pgid: 1 });
    expect(parseStatLsof('9144 (x) S 1 2) S 1 9077')).toEqual({ command: 'x', state: 'S', ppid: 1, pgid: 2 });
    expect(parseStatLsof('9131 ()) S 1 9077')).toMatchObject({ command: '' });
  });
  it('reads words as C atoi(): a sign, digits up to the first other byte, 0 for none', () => {
    expect(parseStatLsof('7 (a) R -12x +34 5')).toEqual({ command: 'a', state: 'R', ppid: -12, pgid: 34 });
    expect(parseStatLsof('7 (a)\tS\n\n1\t \t2')).toEqual({ command: 'a', state: 'S', ppid: 1, pgid: 2 });
    expect(parseStatLsof('7 (a) S')).toEqual({ command: 'a', state: 'S', ppid: 0, pgid: 0 });
    expect(parseStatLsof('7 (a) \n')).toEqual({ command: 'a', state: '', ppid: 0, pgid: 0 });
  });
  it('gives up when they never balance', () => {
    expect(parseStatLsof('9102 (q() S 1 9077 10221')).toBeUndefined();
    expect(parseStatLsof('garbage')).toBeUndefined();
  });
});
