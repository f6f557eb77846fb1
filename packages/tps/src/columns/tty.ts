import { available, ttyName } from '@tproc/core';
import { taskOf } from './row.ts';
import type { Row } from './types.ts';

/** tty, tt, tname, tty4, tty8, longtname: the controlling terminal without /dev/, `?` for none. */
export function ttyText(row: Row): string {
  const nr = taskOf(row).stat().ttyNr;
  if (nr === 0) return '?';
  return ttyName(nr, available(() => row.ctx.fs.ttyDrivers()) ?? []) ?? '?';
}
