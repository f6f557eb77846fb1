import { cpuTicks, elapsedExact, isMThreadLine, lifeTicks, taskOf } from './row.ts';
import type { Row } from './types.ts';

/**
 * CPU usage as ps computes it: cpu time over the whole lifetime, not a recent sample. The
 * lifetime is /proc/uptime minus the start (man 5 proc: starttime), in clock ticks, NOT the wall
 * clock minus the start date. Observed on procps 4.0.2 with a process holding 33 ticks, %CUU
 * implying 4.880 s of life, ETIMES 4: %CPU 6.7, CP 67, C 6 (whole seconds would give 8.2 / 8).
 * %CPU, C and CP truncate the per-mill value; %CUU and %CUC print three decimals.
 */

/** Per-mill (tenths of a percent), integer arithmetic; 0 before the first tick of life. */
export function perMill(row: Row, withChildren = row.ctx.cumulative): number {
  const life = lifeTicks(row);
  if (life <= 0) return 0;
  return Math.floor((cpuTicks(row, withChildren) * 1000) / life);
}

/** The exact share of cpu perMill rounds down: what ps sorts %CPU, C, CP, %CUU and %CUC by (observed). */
export function cpuShare(row: Row, withChildren: boolean): number {
  const life = lifeTicks(row);
  return life > 0 ? cpuTicks(row, withChildren) / life : 0;
}

/** %cpu, pcpu: `##.#`; observed: whole percent once above 99.9. */
export function pcpu(row: Row): string {
  const pm = perMill(row);
  return pm > 999 ? String(Math.floor(pm / 10)) : `${Math.floor(pm / 10)}.${pm % 10}`;
}

/** c: integer percent, capped at 99 like the two-column field it lives in. */
export function c(row: Row): number {
  return Math.min(Math.floor(perMill(row) / 10), 99);
}

/** cuu (own time) and cuc (with dead children): `##.###`. */
export function extendedPercent(row: Row, withChildren: boolean): string {
  const elapsed = elapsedExact(row);
  if (elapsed <= 0) return '0.000';
  const percent = (cpuTicks(row, withChildren) / row.ctx.host.clockTicks / elapsed) * 100;
  // observed: ps shows no more than 99.999 (a long-lived init's %CUC of 123 prints 99.999).
  return Math.min(percent, 99.999).toFixed(3);
}

/**
 * Whole seconds of cpu. Observed: `S` adds the dead children to bsdtime (and %CPU, C, CP) but
 * not to time, cputime or times.
 */
export function cpuSeconds(row: Row, withChildren = false): number {
  return Math.floor(cpuTicks(row, withChildren) / row.ctx.host.clockTicks);
}

/** psr, lastcpu, cpuid: the cpu the task last ran on; 0 on m/-m thread lines (isMThreadLine). */
export const processor = (row: Row): number => (isMThreadLine(row) ? 0 : (taskOf(row).stat().processor ?? 0));
