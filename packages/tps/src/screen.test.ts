import { describe, expect, it } from 'vitest';
import { bogusScreenWarning, MAX_COLUMNS, sizeFromEnv, startupScreen } from './screen.ts';

describe('the screen size ps starts with', () => {
  it('reads $COLUMNS and $LINES as strtol does, 1 to 131071', () => {
    expect(sizeFromEnv('0x10')).toBe(16);
    expect(sizeFromEnv(' +50')).toBe(50);
    expect(sizeFromEnv('131071')).toBe(131071);
    expect(sizeFromEnv('131072')).toBeUndefined();
    expect(sizeFromEnv('0')).toBeUndefined();
    expect(sizeFromEnv('50 ')).toBeUndefined();
    expect(sizeFromEnv(undefined)).toBeUndefined();
  });
  it('takes the terminal only when it reports both sizes, the widest line when piped', () => {
    expect(startupScreen({}, true, { cols: 60, rows: 40 })).toEqual({ cols: 60, rows: 40 });
    expect(startupScreen({}, true, { cols: 60, rows: 0 })).toEqual({ cols: 80, rows: 24 });
    expect(startupScreen({}, false, { cols: 60, rows: 40 })).toEqual({ cols: MAX_COLUMNS, rows: 40 });
    expect(startupScreen({ COLUMNS: '100', LINES: '7' }, false)).toEqual({ cols: 100, rows: 7 });
  });
  it('warns below 9 columns or 2 rows', () => {
    expect(bogusScreenWarning({ cols: 8, rows: 24 })).toBe('your 8x24 screen size is bogus. expect trouble\n');
    expect(bogusScreenWarning({ cols: 9, rows: 1 })).toBe('your 9x1 screen size is bogus. expect trouble\n');
    expect(bogusScreenWarning({ cols: 9, rows: 2 })).toBe('');
  });
});
