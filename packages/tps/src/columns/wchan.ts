import { available } from '@tproc/core';
import { taskOf } from './row.ts';
import type { Row } from './types.ts';

/**
 * wchan, wname: the kernel function the task sleeps in (man 5 proc: /proc/<pid>/wchan, `0` when
 * running); `-` when running, for zombies, or when unreadable.
 */
export function wchanText(row: Row): string {
  const name = available(() => taskOf(row).wchan());
  return name === undefined || name === '' || name === '0' ? '-' : name;
}
