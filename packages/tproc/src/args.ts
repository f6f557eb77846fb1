// Argument checks shared by the commands: each failure names the argument (exit status 2).
import { errnoOf } from '@tproc/core';
import { UsageError } from './context.ts';

/** A pid: decimal digits, 1 to 2^22 (pid_max's ceiling). */
export function parsePid(text: unknown, what = 'pid'): number {
  const s = String(text);
  if (!/^\d{1,7}$/.test(s) || Number(s) < 1 || Number(s) > 4194304) throw new UsageError(`invalid ${what} '${s}'`);
  return Number(s);
}

/** A TCP/UDP port: 1 to 65535. */
export function parsePort(text: unknown, what = 'port'): number {
  const s = String(text);
  if (!/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) throw new UsageError(`invalid ${what} '${s}'`);
  return Number(s);
}

/** A non-negative number of seconds (fractions allowed). */
export function parseSeconds(text: unknown, what: string): number {
  const s = String(text);
  if (!/^\d+(\.\d+)?$/.test(s)) throw new UsageError(`invalid ${what} '${s}' (seconds)`);
  return Number(s);
}

const LOOKUP_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'a component is not a directory',
  ELOOP: 'too many symbolic links',
};

/** A path argument that cannot be looked up, named with the reason. */
export function lookupFailure(path: string, err: unknown): UsageError {
  const code = errnoOf(err);
  return new UsageError(`cannot look up '${path}': ${(code && LOOKUP_ERRORS[code]) ?? code ?? 'failed'}`);
}
