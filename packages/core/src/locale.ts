import { existsSync } from 'node:fs';
import { DEFAULT_LOCALE_ROOT } from './roots.ts';

/**
 * Whether the C tools would run in a UTF-8 locale: LC_ALL, else LC_CTYPE, else LANG names a
 * UTF-8 locale (`lang.UTF-8`, `lang.utf8`, an optional `@modifier`) that glibc can load. C.UTF-8
 * and POSIX.UTF-8 are built into glibc; any other must be installed under `localeRoot`. Observed:
 * an uninstalled one (LC_ALL=ko_KR.UTF-8, en_US.UTF-8 here) leaves ps, pgrep, pstree and killall
 * in the C locale.
 */
export function isUtf8Locale(env: Record<string, string | undefined>, localeRoot = DEFAULT_LOCALE_ROOT): boolean {
  const name = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  const m = /^([^.@]+)\.([^@]*)(@.*)?$/.exec(name);
  if (!m) return false;
  const [, lang = '', codeset = '', modifier = ''] = m;
  if (codeset.toLowerCase().replace(/-/g, '') !== 'utf8') return false;
  if (lang === 'C' || lang === 'POSIX') return true;
  return [name, `${lang}.utf8${modifier}`, `${lang}.UTF-8${modifier}`].some((n) => existsSync(`${localeRoot}/${n}`));
}
