import { cpuTicks, isMThreadLine, lifeTicks, taskOf, unsignedLifeTicks } from './row.ts';
import type { Row } from './types.ts';

/**
 * CPU usage as ps computes it: cpu time over the whole lifetime, not a recent sample. The
 * lifetime is /proc/uptime minus the start (man 5 proc: starttime), in clock ticks (lifeTicks),
 * NOT the wall clock minus the start date. %CPU, C and CP truncate a per-mill value; %CUU and
 * %CUC print three decimals. Pinned by sweeping frozen lifetimes against procps 4.0.2 (ps -o
 * pcpu,cp,c,cuu,cuc over ~6,000 lifetime/cpu pairs, test/diff/tps-cpu-sweep.test.ts):
 * - per-mill: the lifetime is turned into seconds and back into ticks in double precision and
 *   truncated, so it sometimes loses a tick: 29 ticks are 0.29 s, and 0.29 * 100 is
 *   28.999999999999996, so 3 ticks over 29 show %CPU 10.7 (3000 / 28), not 10.3.
 * - %CUU/%CUC: cpu * 100 / lifetime in ticks (no round trip: 3 over 29 is 10.345), printed as
 *   printf's %.3f does, ties to even (5 ticks over 64 are 7.8125%: 7.812, where JS's toFixed
 *   gives 7.813), and no more than 99.999.
 */

/** The lifetime in ticks as the per-mill shares see it: seconds (ticks / Hz) times Hz, truncated. */
function shareTicks(row: Row): number {
  const life = lifeTicks(row);
  if (life <= 0) return 0;
  const hz = row.ctx.host.clockTicks;
  return Math.trunc((life / hz) * hz);
}

/** Per-mill (tenths of a percent) of cpu over shareTicks, truncated; 0 before the first tick of life. */
export function perMill(row: Row, withChildren = row.ctx.cumulative): number {
  const ticks = shareTicks(row);
  if (ticks <= 0) return 0;
  return Math.floor((cpuTicks(row, withChildren) * 1000) / ticks);
}

/** The exact share of cpu perMill rounds down: what ps sorts %CPU, C, CP, %CUU and %CUC by (observed). */
export function cpuShare(row: Row, withChildren: boolean): number {
  const life = unsignedLifeTicks(row);
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

/** cp: per-mill, observed capped at 999 (3 ticks over 1 tick of life show CP 999, %CPU 300). */
export function cp(row: Row): number {
  return Math.min(perMill(row), 999);
}

/** cuu (own time) and cuc (with dead children): `##.###`. */
export function extendedPercent(row: Row, withChildren: boolean): string {
  const life = lifeTicks(row);
  if (life <= 0) return '0.000';
  const percent = (cpuTicks(row, withChildren) * 100) / life;
  // observed: ps shows no more than 99.999 (a long-lived init's %CUC of 123 prints 99.999).
  return printfFixed(Math.min(percent, 99.999), 3);
}

/**
 * x with `digits` decimals as C's printf("%.*f") rounds it: the exact binary value to the nearest,
 * ties to even (7.8125 gives 7.812). toFixed rounds the same exact value but takes the larger on a
 * tie, so only exact ties need another answer; toFixed(100) spells the exact value of any double
 * from 2^-46 up, which covers every share that does not round to 0.
 */
export function printfFixed(x: number, digits: number): string {
  const rounded = x.toFixed(digits);
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return rounded;
  const exact = x.toFixed(100);
  const cut = exact.indexOf('.') + 1 + digits;
  if (!/^50*$/.test(exact.slice(cut))) return rounded;
  const kept = exact.slice(0, digits === 0 ? cut - 1 : cut);
  const last = Number(kept.at(-1));
  return last % 2 === 0 ? kept : rounded;
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
