/**
 * Limits and shapes of process names that several tools share (man 5 proc, and the references'
 * observed behaviour).
 */

/** The kernel keeps 15 bytes of a command name (TASK_COMM_LEN - 1): comm, stat's name field. */
export const COMM_BYTES = 15;

/**
 * Observed: ps 4.0.2 reads at most 131071 bytes of a command text (a compiler's command line can be
 * longer) and prints at most 131071 bytes of a command column, tree prefix included; pgrep matches
 * and shows as much.
 */
export const COMMAND_BYTES = 131071;

/** What follows the last `/` (the whole text when there is none); for names held as latin1 too. */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
