import type { CommandIo } from '@tproc/core';
import { cInteger } from './options/lists.ts';

/** The widest line ps prints, and the width it takes when stdout is not a terminal. */
export const MAX_COLUMNS = 131072;

/**
 * $COLUMNS or $LINES as ps reads them (observed): C's strtol in base 0 (lists.ts: cInteger), so
 * `0x10` is 16, `010` is 8 and ` +50` is 50, the whole text a number from 1 to 131071; anything
 * else is ignored (on a terminal, COLUMNS=131072 leaves its width).
 */
export function sizeFromEnv(text: string | undefined): number | undefined {
  const n = cInteger(text ?? '');
  return n !== undefined && n >= 1 && n < MAX_COLUMNS ? n : undefined;
}

export interface ScreenSize {
  cols: number;
  rows: number;
}

/**
 * The screen size ps settles on before reading its options (observed, `ps --info`): the terminal's
 * when it reports both sizes, else 80x24; the widest line when stdout is not a terminal; then
 * $COLUMNS and $LINES.
 */
export function startupScreen(env: CommandIo['env'], stdoutIsTty: boolean, terminal?: ScreenSize): ScreenSize {
  const size = terminal && terminal.cols > 0 && terminal.rows > 0 ? { ...terminal } : { cols: 80, rows: 24 };
  if (!stdoutIsTty) size.cols = MAX_COLUMNS;
  size.cols = sizeFromEnv(env.COLUMNS) ?? size.cols;
  size.rows = sizeFromEnv(env.LINES) ?? size.rows;
  return size;
}

/**
 * observed: below 9 columns or 2 rows ps warns on stderr, once per reading of its command line
 * (twice when its first, UNIX reading fails or when the personality reads `-abc` as BSD).
 */
export function bogusScreenWarning(size: ScreenSize): string {
  return size.cols < 9 || size.rows < 2 ? `your ${size.cols}x${size.rows} screen size is bogus. expect trouble\n` : '';
}
