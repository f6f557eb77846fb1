import { localZone } from '@tproc/core';
import { describe, expect, it } from 'vitest';
import { formatBsdTime, formatCpuTime, formatElapsed, formatLstart, formatStime } from './time.ts';

describe('time formats', () => {
  // The zone these tests' Dates are made in: the one TZ names here.
  const zone = localZone(process.env);
  it('cpu time is [DD-]HH:MM:SS', () => {
    expect(formatCpuTime(14)).toBe('00:00:14');
    expect(formatCpuTime(86400 + 3661)).toBe('1-01:01:01');
  });
  it('bsdtime is M:SS with unbounded minutes', () => {
    expect(formatBsdTime(321)).toBe('5:21');
    expect(formatBsdTime(60 * 1234)).toBe('1234:00');
  });
  it('etime is [[DD-]hh:]mm:ss', () => {
    expect(formatElapsed(5)).toBe('00:05');
    expect(formatElapsed(3600 + 62)).toBe('01:01:02');
    expect(formatElapsed(2 * 86400 + 5)).toBe('2-00:00:05');
  });
  it('lstart is ctime without the newline (local time)', () => {
    const epoch = new Date(2026, 10, 6, 8, 2, 3).getTime() / 1000;
    expect(formatLstart(epoch, zone)).toBe('Fri Nov  6 08:02:03 2026');
  });
  it('stime: HH:MM today, MmmDD this year, else the year', () => {
    const now = new Date(2026, 10, 26, 12, 0, 0).getTime() / 1000;
    expect(formatStime(new Date(2026, 10, 26, 8, 32).getTime() / 1000, now, zone)).toBe('08:32');
    expect(formatStime(new Date(2026, 1, 3, 8, 32).getTime() / 1000, now, zone)).toBe('Feb03');
    expect(formatStime(new Date(2025, 1, 3).getTime() / 1000, now, zone)).toBe('2025');
  });
});
