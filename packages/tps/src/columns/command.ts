import { available } from '@tproc/core';
import { escapeArgArea, escapeBytes, escapeLatin1, joinArgs } from './escape.ts';
import { taskOf } from './row.ts';
import type { Row } from './types.ts';

/** Kernel threads have PF_KTHREAD in their stat flags (include/linux/sched.h). */
const PF_KTHREAD = 0x00200000;

const isZombie = (row: Row): boolean => taskOf(row).stat().state === 'Z';

/** The command name (stat's, or the thread's own name when threads are listed), escaped. */
export function commText(row: Row): string {
  const st = taskOf(row).stat();
  return escapeLatin1(st.commLatin1 ?? st.comm.toString('latin1'), row.ctx.utf8);
}

/** ` VAR=value ...` for BSD `e`; empty when the environment is unreadable or empty. */
function envSuffix(row: Row): string {
  if (!row.ctx.showEnv) return '';
  const env = available(() => row.proc.environ());
  if (!env || env.length === 0) return '';
  return ` ${escapeBytes(joinArgs(env), row.ctx.utf8)}`;
}

/**
 * comm, ucmd, ucomm: the name; observed: with `e` the environment follows the name here too.
 */
export function commColumn(row: Row): string {
  return row.forestPrefix + commText(row) + envSuffix(row);
}

/**
 * args, cmd, command: the arguments; `[name]` when there are none (kernel threads, and processes
 * whose argument area is unreadable), `[name] <defunct>` for zombies; with `c`, the name alone.
 */
export function argsColumn(row: Row): string {
  const name = commText(row);
  if (row.ctx.trueCommand) return row.forestPrefix + name + envSuffix(row);
  if (isZombie(row)) return `${row.forestPrefix}[${name}] <defunct>`;
  const area = (taskOf(row).stat().flags & PF_KTHREAD) !== 0 ? undefined : available(() => row.proc.cmdlineBytes());
  const args = area && escapeArgArea(area, row.ctx.utf8);
  if (args === undefined) return `${row.forestPrefix}[${name}]`;
  return row.forestPrefix + args + envSuffix(row);
}

/** fname: the first 8 columns of the name (man ps: "first 8 bytes of the base name"). */
export function fnameColumn(row: Row): string {
  return commText(row);
}

/** exe: the executable's path, `-` when unreadable (kernel threads, other users' processes). */
export function exeColumn(row: Row): string {
  const exe = available(() => row.proc.exe());
  return exe ? escapeBytes(exe, row.ctx.utf8) : '-';
}
