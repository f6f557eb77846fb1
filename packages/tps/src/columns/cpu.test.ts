import { localZone, ProcFs } from '@tproc/core';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { printfFixed } from './cpu.ts';
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
    zone: () => localZone({ TZ: '' }),
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

// Observed on procps 4.0.2 with frozen /proc/uptime files (the sweep in
// test/diff/tps-cpu-sweep.test.ts does the same against ps itself): [cpu ticks, lifetime in
// ticks, %CPU, CP, C, %CUU].
const OBSERVED: [number, number, string, string, string, string][] = [
  [3, 29, '10.7', '107', '10', '10.345'], // 0.29 s * 100 = 28.99..: 3000 / 28
  [9, 201, ' 4.5', ' 45', ' 4', ' 4.478'], // 2.01 s * 100 = 200.99..: 9000 / 200
  [9, 200, ' 4.5', ' 45', ' 4', ' 4.500'],
  [9, 202, ' 4.4', ' 44', ' 4', ' 4.455'],
  [4, 201, ' 2.0', ' 20', ' 2', ' 1.990'],
  [5, 64, ' 7.8', ' 78', ' 7', ' 7.812'], // 7.8125: printf rounds ties to even
  [42, 896, ' 4.6', ' 46', ' 4', ' 4.688'], // 4.6875
  [29, 1856, ' 1.5', ' 15', ' 1', ' 1.562'], // 1.5625
  [70, 640, '10.9', '109', '10', '10.938'], // 10.9375
  [33, 29, ' 117', '999', '99', '99.999'], // CP stops at 999, C at 99, %CPU shows whole percent
  [70, 7, '1000', '999', '99', '99.999'],
  [3, 0, ' 0.0', '  0', ' 0', ' 0.000'],
];
const UPTIME_TICKS = 200_000; // uptime 2000.00 s
const sweepTree = procTree({
  ...Object.assign(
    {},
    ...OBSERVED.map(([cpu, life], i) =>
      fakeProcessFiles({ pid: 100 + i, utime: cpu, stime: 0, starttime: UPTIME_TICKS - life }),
    ),
  ),
  // 9 ticks over every lifetime from 200 to 500 ticks.
  ...Object.assign(
    {},
    ...Array.from({ length: 301 }, (_, i) =>
      fakeProcessFiles({ pid: 1000 + i, utime: 4, stime: 5, starttime: UPTIME_TICKS - (200 + i) }),
    ),
  ),
  // Started 2 ticks after the uptime was read.
  ...fakeProcessFiles({ pid: 99, utime: 3, stime: 0, starttime: UPTIME_TICKS + 2 }),
  uptime: '2000.00 0.00\n',
  stat: 'btime 1000000000\n',
});
afterAll(() => sweepTree.remove());

function sweepRow(pid: number): Row {
  const fs = new ProcFs({
    procRoot: sweepTree.root,
    host: { clockTicks: 100, pageSize: 4096, bootTime: 1_000_000_000 },
  });
  const ctx: RenderContext = {
    fs,
    host: fs.host(),
    now: 1_000_002_000,
    zone: () => localZone({ TZ: '' }),
    utf8: true,
    cumulative: false,
    showEnv: false,
    trueCommand: false,
    numeric: false,
  };
  return { proc: fs.process(pid), forestPrefix: '', ctx };
}
const shown = (key: string, r: Row): string => (lookupColumn(key)?.text(r) ?? 'no such key').padStart(6);

describe('cpu shares round as ps rounds them', () => {
  it.each(OBSERVED.map((o, i) => [i, ...o] as const))(
    'case %i: %i ticks over %i ticks of life',
    (i, _cpu, _life, pcpu, cp, cc, cuu) => {
      const r = sweepRow(100 + i);
      expect(['%cpu', 'cp', 'c', 'cuu', 'cuc'].map((k) => shown(k, r).trim())).toEqual(
        [pcpu, cp, cc, cuu, cuu].map((v) => v.trim()),
      );
    },
  );
  it('loses a tick of life at exactly the lifetimes ps does (9 ticks, 200 to 500 ticks of life)', () => {
    const differ: number[] = [];
    for (let i = 0; i < 301; i++) {
      const life = 200 + i;
      const naive = Math.floor(9000 / life);
      if (shown('cp', sweepRow(1000 + i)).trim() !== String(naive)) differ.push(life);
    }
    // observed with ps on a process holding 9 ticks (issue 18's sweep): these five, no other.
    expect(differ).toEqual([201, 205, 226, 251, 410]);
  });
  it('holds a start after the uptime as ps does, an unsigned lifetime of nearly 2^64 ticks', () => {
    // observed (frozen uptime 1 to 1000 ticks before the start): these, for every such process.
    expect(['etimes', 'etime', '%cpu', 'cp', 'cuu'].map((k) => shown(k, sweepRow(99)).trim())).toEqual([
      '4123168608',
      '441077234-00:18:40',
      '0.0',
      '0',
      '0.000',
    ]);
  });
  it('printfFixed rounds exact ties to even and everything else as toFixed', () => {
    expect([7.8125, 1.5625, 4.6875, 10.9375, 0.0625].map((x) => printfFixed(x, 3))).toEqual([
      '7.812',
      '1.562',
      '4.688',
      '10.938',
      '0.062',
    ]);
    expect([2.5, 3.5, 0.5].map((x) => printfFixed(x, 0))).toEqual(['2', '4', '0']);
    expect([1.0005, 10 / 3, 99.999].map((x) => printfFixed(x, 3))).toEqual(['1.000', '3.333', '99.999']);
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
