import { describe, expect, it } from 'vitest';
import { parseUptime } from './uptime.ts';

describe('parseUptime', () => {
  it('parses /proc/uptime', () => {
    expect(parseUptime('211.30 370.64\n')).toEqual({ uptime: 211.3, idle: 370.64 });
  });

  it('gives NaN for missing fields', () => {
    expect(parseUptime('')).toEqual({ uptime: Number.NaN, idle: Number.NaN });
    expect(parseUptime('5.00').idle).toBeNaN();
  });
});
