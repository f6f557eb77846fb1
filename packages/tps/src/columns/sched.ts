import { isMThreadLine, taskOf } from './row.ts';
import type { Row } from './types.ts';

/** Scheduling columns: priority, nice, policy. Stat `priority` is the kernel's prio - 100. */

const SCHED_OTHER = 0;
const SCHED_BATCH = 3;

/** Class names by policy number (man ps, class). */
const CLASS_NAMES: readonly string[] = ['TS', 'FF', 'RR', 'B', 'ISO', 'IDL', 'DLN'];

const policy = (row: Row): number => taskOf(row).stat().policy ?? 0;
/** 0 on m/-m thread lines (see isMThreadLine). */
export const priority = (row: Row): number => (isMThreadLine(row) ? 0 : taskOf(row).stat().priority);

/** The several priority scales ps knows, all derived from stat's priority. */
export const PRIORITY_SCALES = {
  /** pri: higher means more important. */
  pri: (row: Row): number => 39 - priority(row),
  /** opri, intpri: the old 60-based scale. */
  opri: (row: Row): number => 60 + priority(row),
  priority,
  pri_api: (row: Row): number => -1 - priority(row),
  pri_bar: (row: Row): number => priority(row) + 1,
  pri_baz: (row: Row): number => priority(row) + 100,
  pri_foo: (row: Row): number => priority(row) - 20,
} as const;

/** ni: nice. observed: `-` for every policy but SCHED_OTHER and SCHED_BATCH (FIFO, RR, IDLE, DEADLINE). */
export const nice = (row: Row): string => {
  const p = policy(row);
  return p === SCHED_OTHER || p === SCHED_BATCH ? String(taskOf(row).stat().nice) : '-';
};

/** rtprio: the realtime priority. observed: `-` for SCHED_OTHER only; BATCH, IDLE and DEADLINE show 0. */
export const rtprio = (row: Row): string =>
  policy(row) === SCHED_OTHER ? '-' : String(taskOf(row).stat().rtPriority ?? 0);

/** cls, class, policy: `TS`, `FF`, ...; `?` for an unknown policy. */
export const className = (row: Row): string => CLASS_NAMES[policy(row)] ?? '?';

/** sched: the policy number. */
export const schedPolicy = policy;
