import { available } from '@tproc/core';
import { orElse, taskOf } from './row.ts';
import type { Row } from './types.ts';

/** Memory columns in ps's units: KiB unless noted. */

/** vsz, vsize: stat vsize (bytes) in KiB. */
export const vsz = (row: Row): number => Math.floor(taskOf(row).stat().vsize / 1024);

/**
 * rss, rssize, rsz, sgi_rss: status VmRSS (KiB); 0 without one (kernel threads, zombies).
 * Observed: ps reads stat and status for every memory column, never statm; VmRSS and statm's
 * resident count the same pages, while stat's rss lags behind them.
 */
export const rss = (row: Row): number => orElse(() => taskOf(row).status().vmRss ?? 0, 0);

/** sz: status VmSize in pages. */
export const sz = (row: Row): number =>
  Math.floor((orElse(() => taskOf(row).status().vmSize ?? 0, 0) * 1024) / row.ctx.host.pageSize);

/** m_size: the same in bytes. */
export const mSize = (row: Row): number => sz(row) * row.ctx.host.pageSize;

/** size: VmData + VmStk ("swap space needed if every writable page were dirtied"). */
export function size(row: Row): number {
  const st = available(() => taskOf(row).status());
  return (st?.vmData ?? 0) + (st?.vmStk ?? 0);
}

/** Bytes between stat startcode and endcode (0 when the kernel hides them). */
const textBytes = (row: Row): number => {
  const st = taskOf(row).stat();
  return st.endcode > st.startcode ? st.endcode - st.startcode : 0;
};

/** trs, tsiz, trss, m_trs: text size in KiB. */
export const trs = (row: Row): number => Math.floor(textBytes(row) / 1024);

/** drs, dsiz, m_drs: everything but the text, in KiB. */
export const drs = (row: Row): number => Math.floor((taskOf(row).stat().vsize - textBytes(row)) / 1024);

/** A field of smaps_rollup in kB; 0 when unreadable (kernel threads, denied). */
function rollup(row: Row, names: readonly string[]): number {
  const text = available(() => taskOf(row).file('smaps_rollup').toString('latin1'));
  if (!text) return 0;
  let sum = 0;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && names.includes(line.slice(0, colon))) sum += Number.parseInt(line.slice(colon + 1), 10) || 0;
  }
  return sum;
}

export const pss = (row: Row): number => rollup(row, ['Pss']);
export const uss = (row: Row): number => rollup(row, ['Private_Clean', 'Private_Dirty', 'Private_Hugetlb']);

/** %mem in tenths of a percent: resident KiB over MemTotal, truncated. */
export function pmemTenths(row: Row): number {
  const total = row.ctx.fs.meminfo().MemTotal ?? 0;
  return total > 0 ? Math.floor((rss(row) * 1000) / total) : 0;
}

export const formatTenths = (tenths: number): string => `${Math.floor(tenths / 10)}.${tenths % 10}`;

/** lim: the RSS limit (stat rsslim, bytes) in KiB; observed: `xx` when unlimited. */
export function lim(row: Row): string {
  const limit = taskOf(row).stat().rsslim;
  return limit >= 0xffffffffffffffffn || limit >= 0x7fffffffffffffffn ? 'xx' : String(limit / 1024n);
}
