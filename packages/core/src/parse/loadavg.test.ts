import { describe, expect, it } from 'vitest';
import { parseLoadavg } from './loadavg.ts';

describe('parseLoadavg', () => {
  it('parses /proc/loadavg', () => {
    expect(parseLoadavg('0.53 0.18 0.06 2/84 3013\n')).toEqual({
      one: 0.53,
      five: 0.18,
      fifteen: 0.06,
      running: 2,
      total: 84,
      lastPid: 3013,
    });
  });

  it('gives NaN for missing fields', () => {
    const empty = parseLoadavg('');
    expect(empty.one).toBeNaN();
    expect(empty.running).toBeNaN();
    expect(empty.lastPid).toBeNaN();
  });
});
