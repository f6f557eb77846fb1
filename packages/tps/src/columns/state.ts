import { available } from '@tproc/core';
import { taskOf } from './row.ts';
import type { Row } from './types.ts';

/** s, state: the one-letter state of stat (R S D T t Z X I ...). */
export const stateLetter = (row: Row): string => taskOf(row).stat().state;

/** A STAT flag: the letter, and when it applies. Order is ps's order (man ps, PROCESS STATE CODES). */
interface StatFlag {
  letter: string;
  applies(row: Row): boolean;
}

const STAT_FLAGS: readonly StatFlag[] = [
  { letter: '<', applies: (row) => taskOf(row).stat().nice < 0 },
  { letter: 'N', applies: (row) => taskOf(row).stat().nice > 0 },
  // Pages locked into memory: VmLck of status (absent for kernel threads).
  { letter: 'L', applies: (row) => (available(() => row.proc.status().vmLck) ?? 0) > 0 },
  { letter: 's', applies: (row) => row.proc.stat().session === row.proc.pid },
  { letter: 'l', applies: (row) => row.proc.stat().numThreads > 1 },
  { letter: '+', applies: (row) => taskOf(row).stat().tpgid === taskOf(row).stat().pgrp },
];

/** stat: the state letter then the flags `< N L s l +` that apply. */
export function statText(row: Row): string {
  let text = stateLetter(row);
  for (const flag of STAT_FLAGS) if (flag.applies(row)) text += flag.letter;
  return text;
}
