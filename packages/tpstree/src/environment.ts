import type { CommandIo, TerminalSize } from '@tproc/core';

/**
 * COLUMNS when it is a positive number (leading blanks allowed, nothing after), else the
 * terminal's width, else 132.
 */
export function outputWidth(io: CommandIo, terminal: () => TerminalSize | undefined): number {
  const m = /^[ \t\n\v\f\r]*\+?(\d+)$/.exec(io.env.COLUMNS ?? '');
  const columns = m ? Number(m[1]) : 0;
  if (columns > 0) return columns;
  const cols = io.stdoutIsTty ? terminal()?.cols : undefined;
  if (cols) return cols;
  return 132;
}
