import { ProcFs } from '@tproc/core';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { lookupColumn } from './index.ts';
import type { RenderContext, Row } from './types.ts';

// Observed on procps 4.0.2 (frozen /proc/uptime): a task with 33 ticks and 4.88 s of life shows
// %CPU 6.7, C 6, CP 67 (three wide), %CUU 6.762, ETIMES 4; on `m` thread lines PRI 39, PSR 0.
// %CUU and %CUC stop at 99.999 (observed on a long-lived init whose %CUC would be 123).
const tree = procTree({
  ...fakeProcessFiles({ pid: 42, utime: 30, stime: 3, starttime: 100_000 }),
  ...fakeProcessFiles({ pid: 44, utime: 300, stime: 300, starttime: 100_000 }),
  '42/task/43/stat':
    '43 (t) S 1 42 42 0 -1 4194560 0 0 0 0 1 0 0 0 20 0 2 0 100050 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1\n',
  uptime: '1004.88 0.00\n',
  stat: 'btime 1000000000\n',
});
afterAll(() => tree.remove());

function row(pid: number, extra: Partial<Row> = {}, ctx: Partial<RenderContext> = {}): Row {
  const fs = new ProcFs({ procRoot: tree.root, host: { clockTicks: 100, pageSize: 4096, bootTime: 1_000_000_000 } });
  const context: RenderContext = {
    fs,
    host: fs.host(),
    now: 1_000_001_004.88,
    utf8: true,
    cumulative: false,
    showEnv: false,
    trueCommand: false,
    numeric: false,
    ...ctx,
  };
  return { proc: fs.process(pid), forestPrefix: '', ctx: context, ...extra };
}
const text = (key: string, r: Row): string => lookupColumn(key)?.text(r) ?? 'no such key';

describe('cpu shares over the exact lifetime', () => {
  it('uses uptime minus start in ticks, not whole seconds', () => {
    const r = row(42);
    expect(['%cpu', 'c', 'cp', 'cuu', 'etimes', 'etime'].map((k) => text(k, r))).toEqual([
      '6.7',
      ' 6',
      ' 67',
      '6.762',
      '4',
      '00:04',
    ]);
  });
  it('stops %CUU and %CUC at 99.999', () => {
    const r = row(44);
    expect(['cuu', 'cuc'].map((k) => text(k, r))).toEqual(['99.999', '99.999']);
  });
  it('m thread lines read priority and processor as 0, -L lines the real ones', () => {
    const leader = row(42);
    const thread = { ...leader, task: leader.proc.task(43) };
    expect(['pri', 'priority', 'opri', 'psr'].map((k) => text(k, { ...thread, threadRole: 'thread' }))).toEqual([
      '39',
      '0',
      '60',
      '0',
    ]);
    expect(['pri', 'priority', 'opri', 'psr'].map((k) => text(k, thread))).toEqual(['19', '20', '80', '1']);
  });
});

describe('test columns', () => {
  it('start one sample later without a header line', () => {
    const shown = row(42);
    const hidden = row(42, {}, { headerLine: false });
    expect(text('_left', shown)).toBe('tty7');
    expect(text('_left', hidden)).toBe('3270/tty4');
  });
});

describe('start dates', () => {
  it('bsdstart pads the day with a blank, start with a zero', () => {
    const now = new Date(2026, 10, 26, 12).getTime() / 1000;
    const started = new Date(2024, 2, 3, 12).getTime() / 1000;
    const r = row(42, {}, { now, host: { clockTicks: 100, pageSize: 4096, bootTime: started - 1000 } });
    expect(text('bsdstart', r)).toBe('Mar  3');
    expect(text('start', r)).toBe('  Mar 03');
    expect(text('stime', r)).toBe('2024');
  });
});
