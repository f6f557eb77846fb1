import { available, isDenied, type Proc } from '@tproc/core';
import type { Row } from './types.ts';

/**
 * Where per-row values come from: the thread when threads are listed, else the process.
 * Observed: on the leader's own thread line ps shows the whole process (its TIME and MINFLT are
 * the process's), so the leader reads /proc/<pid>, not /proc/<pid>/task/<pid>.
 */
export const taskOf = (row: Row): Proc => (row.task && row.task.pid !== row.proc.pid ? row.task : row.proc);

/**
 * A thread line of `m`/`-m`. Observed (procps 4.0.2): ps leaves some fields of these lines
 * unfilled: priority, processor, the io counters and oom score/adj read as 0 on a fresh run
 * (PRI 39, PRIORITY 0, PSR 0, RCHARS 0, OOM 0 where -L shows 19, 20, 1, 62280, 666), and as
 * garbage when ps reuses memory (seen on pid 1 with ~60 threads: PSR 1307585472).
 * We print the zeros.
 */
export const isMThreadLine = (row: Row): boolean => row.threadRole === 'thread';

/** ps reads /proc/uptime once per run; ProcFs caches it. */
export function uptimeSeconds(row: Row): number {
  return row.ctx.fs.uptime().uptime;
}

/** Seconds since the epoch when the task started: boot time plus stat starttime (man 5 proc). */
export function startEpoch(row: Row): number {
  const host = row.ctx.host;
  return Math.floor(host.bootTime + taskOf(row).stat().starttime / host.clockTicks);
}

/**
 * Clock ticks since the task started: /proc/uptime (seconds, two decimals) times the tick rate,
 * truncated, minus stat's starttime. Observed: with a frozen /proc/uptime of 4123.56 ps's %CUU
 * and ETIMES imply one tick less than the decimal value: the product is taken in floating point
 * (4123.56 * 100 = 412355.99999...) and truncated, which JS doubles reproduce.
 */
export function lifeTicks(row: Row): number {
  return Math.trunc(uptimeSeconds(row) * row.ctx.host.clockTicks) - taskOf(row).stat().starttime;
}

/**
 * lifeTicks as ps holds it, an unsigned 64-bit count: a task that started after /proc/uptime was
 * read (born while ps runs) wraps to nearly 2^64, in double precision as C converts it. Observed
 * with a frozen uptime 1 to 1000 ticks before the start: ETIMES 4123168608 (the 2^64 / 100 s of
 * the wrapped count, cut to 32 bits), ELAPSED 441077234-00:18:40, sorted after every real age.
 */
export function unsignedLifeTicks(row: Row): number {
  const life = lifeTicks(row);
  return life < 0 ? 2 ** 64 + life : life;
}

/** Seconds the task has been running, fractional (see unsignedLifeTicks). */
export function elapsedExact(row: Row): number {
  return unsignedLifeTicks(row) / row.ctx.host.clockTicks;
}

/** Clock ticks of cpu used; with `S`/`--cumulative` the reaped children's too. */
export function cpuTicks(row: Row, withChildren = row.ctx.cumulative): number {
  const st = taskOf(row).stat();
  return st.utime + st.stime + (withChildren ? st.cutime + st.cstime : 0);
}

/** A value that may be unreadable: `fallback` when denied (or the file is missing). */
export function orElse<T>(read: () => T, fallback: T): T {
  const v = available(read);
  return v === undefined ? fallback : v;
}

/** Like `orElse`, but only a `denied` failure gives the fallback. */
export function unlessDeniedOr<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (err) {
    if (isDenied(err)) return fallback;
    throw err;
  }
}

/** A 64-bit mask as 16 hex digits. */
export const hex16 = (n: bigint | number): string => BigInt(n).toString(16).padStart(16, '0');
