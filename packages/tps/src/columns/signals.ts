import { hex16, taskOf } from './row.ts';
import type { Row } from './types.ts';

/**
 * Signal masks from status, as 16 hex digits. Observed: pending/sig/sig_pend show the
 * process-wide set (ShdPnd), tsig the thread's own (SigPnd); a signal sent with kill(2) to a
 * process blocking it appears in the former only.
 */
export const SIGNAL_MASKS = {
  pending: (row: Row): string => hex16(taskOf(row).status().shdPnd),
  tsig: (row: Row): string => hex16(taskOf(row).status().sigPnd),
  blocked: (row: Row): string => hex16(taskOf(row).status().sigBlk),
  ignored: (row: Row): string => hex16(taskOf(row).status().sigIgn),
  caught: (row: Row): string => hex16(taskOf(row).status().sigCgt),
} as const;
