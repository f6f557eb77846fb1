/** The only module that names the real roots; every reader takes its root as a parameter. */
export const DEFAULT_PROC_ROOT = '/proc';
export const DEFAULT_ETC_ROOT = '/etc';
export const DEFAULT_SYS_ROOT = '/sys';
/** Where glibc looks for installed locales (localedef's output). */
export const DEFAULT_LOCALE_ROOT = '/usr/lib/locale';
