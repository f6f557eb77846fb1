import { describe, expect, it } from 'vitest';
import { ENV_BREAK, NAME_START } from './columns/index.ts';
import { type LaidColumn, pidColumnWidth, renderLine } from './layout.ts';

const col = (header: string, width: number, align: 'left' | 'right', extra: Partial<LaidColumn> = {}): LaidColumn => ({
  header,
  width,
  align,
  variable: false,
  plusTruncate: false,
  aix: false,
  gap: 1,
  prefix: '',
  trailing: 0,
  ...extra,
});

describe('renderLine', () => {
  const pid = col('PID', 5, 'right');
  const args = col('COMMAND', 27, 'left', { variable: true });

  it('pads right-aligned columns and leaves the last left-aligned one unpadded', () => {
    expect(renderLine(['PID', 'COMMAND'], [pid, args], 131072, true)).toBe('  PID COMMAND');
    expect(renderLine(['1', 'sleep 5'], [pid, args], 131072, false)).toBe('    1 sleep 5');
  });

  it('lets an overflowing column push the next right-aligned one (-l ADDR SZ)', () => {
    const addr = col('ADDR', 1, 'left');
    const sz = col('SZ', 5, 'right');
    expect(renderLine(['ADDR', 'SZ'], [addr, sz], 131072, true)).toBe('ADDR SZ');
    expect(renderLine(['-', '10855'], [addr, sz], 131072, false)).toBe('- 10855');
  });

  it('writes at most 144 blanks before a text and makes up the rest before the next ones', () => {
    const wide = col('PID', 300, 'right');
    // 297 blanks due: 144 written, 153 still owed; then 153 + 1 + 2 due: 144 again.
    expect(renderLine(['PID', 'PID'], [wide, pid], 131072, true)).toBe(`${' '.repeat(144)}PID${' '.repeat(144)}PID`);
    // An empty text ends a run too: 301 due before the second column's, 144 written.
    const blank = col('', 300, 'left');
    expect(renderLine(['', '', 'PID'], [blank, blank, pid], 131072, true)).toBe(
      `${' '.repeat(144)}${' '.repeat(144)}PID`,
    );
    // What was left out is made up, as far as the next run allows: 1 owed + 1 gap.
    const f = col('F', 146, 'right');
    expect(renderLine(['4', '999-23:59:59'], [f, col('', 11, 'right')], 131072, false)).toBe(
      `${' '.repeat(144)}4  999-23:59:59`,
    );
  });

  it('prints the break before an environment as a blank, but not as the last one of a cut line', () => {
    const line = `sleep 5${ENV_BREAK}HOME=/root`;
    expect(renderLine(['1', line], [pid, args], 131072, false)).toBe('    1 sleep 5 HOME=/root');
    // 8 cells of room after `    1 `: the command and the blank alone.
    expect(renderLine(['1', line], [pid, args], 14, false)).toBe('    1 sleep 5');
    expect(renderLine(['1', line], [pid, args], 15, false)).toBe('    1 sleep 5 H');
    expect(renderLine(['1', line], [pid, args], 13, false)).toBe('    1 sleep 5');
    expect(renderLine(['1', line, '1'], [args, args, pid], 131072, false)).toBe(
      '1                           sleep 5 HOME=/root              1',
    );
  });

  it('gives fname at most 8 cells of name after whole steps of its tree prefix', () => {
    const fname = (width: number) => col('COMMAND', width, 'left', { dataWidth: 8 });
    const deep = `     \\_ ${NAME_START}sleeper`;
    expect(renderLine([deep, '1'], [fname(5), pid], 131072, false)).toBe('    s     1');
    expect(renderLine([deep, '1'], [fname(9), pid], 131072, false)).toBe('     \\_ s     1');
    expect(renderLine([`${NAME_START}process_api`, '1'], [fname(20), pid], 131072, false)).toBe('process_     1');
    expect(renderLine(['1', `${NAME_START}process_api`], [pid, fname(3)], 131072, false)).toBe('    1 process_');
    expect(renderLine([`  ${NAME_START}sleep`, '1'], [fname(3), pid], 131072, false)).toBe('  s     1');
  });

  it('cuts a text column that is not last to its width', () => {
    expect(renderLine(['/usr/bin/a-very-long-command-line', '7'], [args, pid], 131072, false)).toBe(
      '/usr/bin/a-very-long-comman     7',
    );
  });

  it('gives the last text column the room left, adding a screen while that is 2 or less', () => {
    const line = 'x'.repeat(100);
    expect(renderLine(['1', line], [pid, args], 40, false)).toHaveLength(40);
    // position 6 on a 7-wide screen leaves 1: ps adds another 7.
    expect(renderLine(['1', line], [pid, args], 7, false)).toHaveLength(14);
  });

  it('pads AIX columns even when last, with their own gaps', () => {
    const a = col('PID', 5, 'right', { aix: true, gap: 0, prefix: 'x' });
    const b = col('COMMAND', 15, 'left', { aix: true, gap: 2, trailing: 1 });
    expect(renderLine(['PID', 'COMMAND'], [a, b], 131072, true)).toBe(`x  PID  COMMAND${' '.repeat(8)} `);
  });

  it('lets a mask header right-aligned in 16 take back an earlier overflow (oomadj,pcpu,pending)', () => {
    const oomadj = col('OOMADJ', 5, 'right');
    const pcpu = col('%CPU', 4, 'right');
    const pending = col('PENDING', 16, 'left', { headerRightIn: 16 });
    expect(renderLine(['OOMADJ', '%CPU', 'PENDING'], [oomadj, pcpu, pending], 131072, true)).toBe(
      'OOMADJ %CPU         PENDING',
    );
  });

  it('does not cut a left-aligned column that is not text-like (blocked:4)', () => {
    const blocked = col('BLOCKED', 4, 'left');
    expect(renderLine(['0000000000000000', '1'], [blocked, pid], 131072, false)).toBe('0000000000000000 1');
  });
});

describe('pidColumnWidth', () => {
  it.each([
    ['32768\n', 5],
    ['4194304\n', 7],
    ['999999\n', 6],
    ['301\n', 3],
    ['  42x', 5],
    ['12\n345678901', 2],
    ['\n', 0],
    ['1'.repeat(40), 23],
    ['', 5],
    [undefined, 5],
  ])('%j gives %i', (text, width) => {
    expect(pidColumnWidth(text)).toBe(width);
  });
});
