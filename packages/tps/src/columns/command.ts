import {
  argAreaText,
  available,
  COMMAND_BYTES,
  PF_KTHREAD,
  psEscape,
  psEscapeCommand,
  psEscapeLatin1,
  type Stat,
} from '@tproc/core';
import { taskOf } from './row.ts';
import type { Row } from './types.ts';

const isZombie = (row: Row): boolean => taskOf(row).stat().state === 'Z';

/** A stat's command name as latin1 (one char per byte). */
export const statCommLatin1 = (st: Stat): string => st.commLatin1 ?? st.comm.toString('latin1');

/** The command name (stat's, or the thread's own name when threads are listed), as latin1. */
const commLatin1 = (row: Row): string => statCommLatin1(taskOf(row).stat());

/** The command name, escaped. */
export function commText(row: Row): string {
  return psEscapeLatin1(commLatin1(row), row.ctx.utf8);
}

/**
 * Stands for the blank between a command and its environment (BSD `e`); layout.ts prints it as a
 * blank. observed: ps leaves that blank out when it would end a line cut at the screen's edge
 * (COLUMNS=14 `ps e -o pid,comm` ends in `sleep`, 15 in `sleep I`). No process byte can be it:
 * escaping turns every control byte into `?`.
 */
export const ENV_BREAK = '\u0000';

/** `VAR=value ...` (latin1) for BSD `e`; empty when the environment is unreadable or empty. */
function envText(row: Row): string {
  if (!row.ctx.showEnv) return '';
  const env = available(() => row.proc.environBytes());
  return env ? argAreaText(env) : '';
}

/**
 * The tree prefix, then the latin1 name or arguments and the environment, each escaped on its own
 * (observed: a bad byte in the name does not change how the environment is shown) within what is
 * left of the column's bytes.
 */
function commandText(row: Row, command: string, env: string): string {
  const prefix = row.forestPrefix;
  const utf8 = row.ctx.utf8;
  const shown = psEscapeCommand(command, utf8, COMMAND_BYTES - prefix.length);
  if (env === '') return prefix + shown;
  const room = COMMAND_BYTES - prefix.length - Buffer.byteLength(shown) - 1;
  if (room < 0) return prefix + shown;
  return prefix + shown + ENV_BREAK + psEscapeCommand(env, utf8, room);
}

/**
 * comm, ucmd, ucomm: the name; observed: with `e` the environment follows the name here too, and
 * with hp's `-x` the arguments stand in for the name.
 */
export function commColumn(row: Row): string {
  if (row.ctx.commandAsArgs) return argsText(row);
  return commandText(row, commLatin1(row), envText(row));
}

/** args, cmd, command: the arguments; with `c`, the name alone. */
export function argsColumn(row: Row): string {
  return row.ctx.trueCommand ? commandText(row, commLatin1(row), envText(row)) : argsText(row);
}

/**
 * The arguments; `[name]` when there are none (kernel threads, and processes whose argument area
 * is unreadable), `[name] <defunct>` for zombies.
 */
function argsText(row: Row): string {
  if (isZombie(row)) return `${row.forestPrefix}[${commText(row)}] <defunct>`;
  const area = (taskOf(row).stat().flags & PF_KTHREAD) !== 0 ? undefined : available(() => row.proc.cmdlineBytes());
  if (!area || area.length === 0) return `${row.forestPrefix}[${commText(row)}]`;
  return commandText(row, argAreaText(area), envText(row));
}

/**
 * Ends the tree prefix in fname's text; layout.ts cuts the name and the prefix apart (observed:
 * `ps f -o fname:3` drops the ` \_ ` it has no room for and shows `sle`). Never a process byte.
 */
export const NAME_START = '\u0001';

/** fname: the first 8 columns of the name (man ps: "first 8 bytes of the base name"). */
export function fnameColumn(row: Row): string {
  return commText(row);
}

/** exe: the executable's path, `-` when unreadable (kernel threads, other users' processes). */
export function exeColumn(row: Row): string {
  const exe = available(() => row.proc.exe());
  return exe ? psEscape(exe, row.ctx.utf8) : '-';
}
