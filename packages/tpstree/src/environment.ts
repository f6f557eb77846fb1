import { existsSync } from 'node:fs';
import type { CommandIo } from '@tproc/core';

/**
 * Whether LC_CTYPE names a UTF-8 locale that exists (observed: an uninstalled en_US.UTF-8 falls
 * back to C, so pstree draws ASCII). C.UTF-8 is built into glibc.
 */
export function isUtf8Locale(env: Record<string, string | undefined>): boolean {
  const name = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  const dot = name.indexOf('.');
  if (dot < 0) return false;
  const codeset = name
    .slice(dot + 1)
    .replace(/@.*/, '')
    .toLowerCase();
  if (codeset !== 'utf-8' && codeset !== 'utf8') return false;
  const lang = name.slice(0, dot);
  if (lang === 'C' || lang === 'POSIX') return true;
  return [name, `${lang}.utf8`, `${lang}.UTF-8`].some((n) => existsSync(`/usr/lib/locale/${n}`));
}

/**
 * COLUMNS when it is a positive number (leading blanks allowed, nothing after), else the
 * terminal's width, else 132.
 */
export function outputWidth(io: CommandIo): number {
  const m = /^[ \t\n\v\f\r]*\+?(\d+)$/.exec(io.env.COLUMNS ?? '');
  const columns = m ? Number(m[1]) : 0;
  if (columns > 0) return columns;
  if (io.stdoutIsTty && io.terminalColumns) return io.terminalColumns;
  return 132;
}
