/** Time formats of ps: cpu times, elapsed times and start dates (local time, honouring TZ). */
import type { LocalTime, Zone } from '@tproc/core';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `[DD-]HH:MM:SS` (time, cputime). */
export function formatCpuTime(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const hms = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return days > 0 ? `${days}-${hms}` : hms;
}

/** `M:SS`, minutes unbounded (bsdtime). */
export function formatBsdTime(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${two(seconds % 60)}`;
}

/** `[[DD-]hh:]mm:ss` (etime). */
export function formatElapsed(seconds: number): string {
  // observed: the days are cut to 32 bits (a wrapped lifetime, see unsignedLifeTicks).
  const days =
    seconds < 2 ** 53 ? Math.floor(seconds / 86400) % 2 ** 32 : Number((BigInt(seconds) / 86400n) % 2n ** 32n);
  const hours = Math.floor((seconds % 86400) / 3600);
  const ms = `${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
  if (days > 0) return `${days}-${two(hours)}:${ms}`;
  if (hours > 0) return `${two(hours)}:${ms}`;
  return ms;
}

/** ctime(3) without the newline: `Thu Nov 26 08:32:30 2026` (lstart). */
export function formatLstart(epoch: number, zone: Zone): string {
  const d = zone.at(epoch);
  const day = String(d.day).padStart(2, ' ');
  return `${DAYS[d.weekday]} ${MONTHS[d.month]} ${day} ${two(d.hours)}:${two(d.minutes)}:${two(d.seconds)} ${d.year}`;
}

const hhmm = (d: LocalTime): string => `${two(d.hours)}:${two(d.minutes)}`;

/** `HH:MM:SS` when started less than 24 hours ago, else `Mmm dd` (start; man ps). */
export function formatStart(epoch: number, now: number, zone: Zone): string {
  const d = zone.at(epoch);
  if (now - epoch < 86400) return `${hhmm(d)}:${two(d.seconds)}`;
  return `${MONTHS[d.month]} ${two(d.day)}`;
}

/**
 * ` HH:MM` when started less than 24 hours ago, else `Mmm dd` (bsdstart; man ps). Observed: the
 * day is blank-padded here (`Mar  1`), zero-padded in START (`Mar 01`).
 */
export function formatBsdStart(epoch: number, now: number, zone: Zone): string {
  const d = zone.at(epoch);
  if (now - epoch < 86400) return ` ${hhmm(d)}`;
  return `${MONTHS[d.month]} ${String(d.day).padStart(2, ' ')}`;
}

/** `HH:MM` the same day, `MmmDD` the same year, else the year (stime, start_time; man ps). */
export function formatStime(epoch: number, now: number, zone: Zone): string {
  const d = zone.at(epoch);
  const n = zone.at(now);
  if (d.year !== n.year) return String(d.year);
  if (d.month !== n.month || d.day !== n.day) return `${MONTHS[d.month]}${two(d.day)}`;
  return hhmm(d);
}
