import { isDenied } from '../errors.ts';
import type { Proc } from '../proc.ts';

/**
 * One entry of a process for the queries (`entryOf(proc, () => proc.fdStat(3))`): undefined when
 * it is not ours to read or vanished while the process lives on (Proc.entry); a `gone` failure
 * when the process itself is gone, so that the query drops the whole process.
 */
export function entryOf<T>(proc: Proc, read: () => T): T | undefined {
  try {
    return proc.entry(read);
  } catch (err) {
    if (isDenied(err)) return undefined;
    throw err;
  }
}
