import type { CommandIo } from '@tproc/core';

/**
 * COLUMNS when it is a positive number (leading blanks allowed, nothing after), else the
 * terminal's width, else 132.
 */
export function outputWidth(io: CommandIo): number {
  const m = /^[ \t\n\v\f\r]*\+?(\d+)$/.exec(io.env.COLUMNS ?? '');
  const columns = m ? Number(m[1]) : 0;
  if (columns > 0) return columns;
  if (io.stdoutIsTty && io.terminalColumns) return io.terminalColumns;
  return 132;
}
