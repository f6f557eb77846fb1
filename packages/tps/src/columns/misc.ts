import { available } from '@tproc/core';
import { processor } from './cpu.ts';
import { hex16, isMThreadLine, taskOf } from './row.ts';
import type { Row } from './types.ts';

/** f, flag, flags: stat flags shifted as ps shows them: 1 forked but not exec'd, 4 super-user. */
export const flagsF = (row: Row): number => (taskOf(row).stat().flags >> 6) & 0x5;

/** sgi_p: the cpu when running or runnable, else `*` (man ps). */
export function sgiP(row: Row): string {
  const st = taskOf(row).stat();
  return st.state === 'R' ? String(processor(row)) : '*';
}

/** numa: the NUMA node of the cpu the task last ran on (sysfs cpuN/nodeM), -1 when unknown. */
export function numaNode(row: Row): number {
  return row.ctx.fs.cpuNode(taskOf(row).stat().processor ?? 0) ?? -1;
}

/** /proc/<pid>/autogroup: `/autogroup-84 nice 0`; ag_id -1 and ag_nice 0 when unreadable. */
function autogroup(row: Row): { id: number; nice: number } {
  const text = available(() => taskOf(row).file('autogroup').toString('latin1'));
  const m = text ? /autogroup-(\d+)\s+nice\s+(-?\d+)/.exec(text) : null;
  return m ? { id: Number(m[1]), nice: Number(m[2]) } : { id: -1, nice: 0 };
}
export const agId = (row: Row): number => autogroup(row).id;
export const agNice = (row: Row): number => autogroup(row).nice;

/**
 * cgroup, cgname: the lines of /proc/<pid>/cgroup whose path is not the root, comma-separated;
 * `-` when none (observed: processes in the root cgroup everywhere show `-`).
 */
export function cgroupText(row: Row): string {
  const entries = available(() => taskOf(row).cgroup());
  if (!entries) return '-';
  const lines = entries
    .filter((e) => e.path.toString('latin1') !== '/')
    .map((e) => `${e.hierarchyId}:${e.controllers.join(',')}:${e.path.toString('latin1')}`);
  return lines.length === 0 ? '-' : lines.join(',');
}

/**
 * slice: the systemd slice from the unified hierarchy's path; observed: `-.slice` (systemd's
 * name for the root slice) for processes in the root cgroup.
 */
export function sliceText(row: Row): string {
  const entries = available(() => taskOf(row).cgroup());
  if (!entries) return '-';
  const unified = entries.find((e) => e.hierarchyId === 0);
  if (!unified) return '-';
  const slices = unified.path
    .toString('latin1')
    .split('/')
    .filter((part) => part.endsWith('.slice'));
  return slices[slices.length - 1] ?? '-.slice';
}

/** I/O counters of /proc/<pid>/io; 0 when unreadable (observed for pid 1 and kernel threads). */
export function ioValue(
  row: Row,
  field: 'rchar' | 'wchar' | 'syscr' | 'syscw' | 'readBytes' | 'writeBytes' | 'cancelledWriteBytes',
): number {
  if (isMThreadLine(row)) return 0;
  return available(() => taskOf(row).io()[field]) ?? 0;
}

/** oom, oomadj: 0 on m/-m thread lines (isMThreadLine; observed: OOM 0 OOMADJ 0 where -L shows 733 100). */
export const oomScore = (row: Row): number => (isMThreadLine(row) ? 0 : (available(() => taskOf(row).oomScore()) ?? 0));
export const oomAdj = (row: Row): number =>
  isMThreadLine(row) ? 0 : (available(() => taskOf(row).oomScoreAdj()) ?? 0);

/** eip, esp, stackp, start_stack: stat addresses as 16 hex digits (zeroed by the kernel since 4.9). */
export const eip = (row: Row): string => hex16(taskOf(row).stat().kstkeip);
export const esp = (row: Row): string => hex16(taskOf(row).stat().kstkesp);
export const stackp = (row: Row): string => hex16(taskOf(row).stat().startstack);

/**
 * ps's self-test columns cycle through fixed samples, one per line, each with its own counter
 * (observed: `_left2` skips `iseries/vtty42`, `_right2` skips `59:59`; `_left,_left` shows the
 * same sample twice on a line).
 */
export const TEST_SAMPLES: Record<string, readonly string[]> = {
  _left: ['tty7', '3270/tty4', 'ttySMX0', 'iseries/vtty42', 'pts/9999'],
  _left2: ['3270/tty4', 'ttySMX0', 'pts/9999', 'tty7'],
  _right: ['59:59', '9-23:59:59', '99-23:59:59', '999-23:59:59'],
  _right2: ['999-23:59:59', '9-23:59:59', '99-23:59:59'],
  _unlimited: ['[123456789-12345] <defunct>', '123456789-123456', 'ps'],
  _unlimited2: ['123456789-123456', 'ps', '[123456789-12345] <defunct>', 'unlimited'],
};

const sampleCounters = new WeakMap<object, Map<string, number>>();
const sampleOfRow = new WeakMap<Row, Map<string, string>>();

/** The sample for this row: the next in the cycle the first time a row asks. */
export function testSample(row: Row, key: string): string {
  let mine = sampleOfRow.get(row);
  if (!mine) {
    mine = new Map();
    sampleOfRow.set(row, mine);
  }
  const known = mine.get(key);
  if (known !== undefined) return known;
  let counters = sampleCounters.get(row.ctx);
  if (!counters) {
    counters = new Map();
    sampleCounters.set(row.ctx, counters);
  }
  // Observed: without a header line every test column starts one sample later.
  const n = counters.get(key) ?? (row.ctx.headerLine === false ? 1 : 0);
  counters.set(key, n + 1);
  const samples = TEST_SAMPLES[key] ?? [''];
  const value = samples[n % samples.length] ?? '';
  mine.set(key, value);
  return value;
}
