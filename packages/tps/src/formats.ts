import type { BsdFormat, FormatItem, Options } from './options/types.ts';

const items = (keys: string): FormatItem[] => keys.split(',').map((key) => ({ key }));

/** BSD standard formats (man ps, "STANDARD FORMAT SPECIFIERS"; checked against ps 4.0.2). */
const BSD_FORMATS: Record<BsdFormat | 'default', string> = {
  default: 'pid,tname,stat,bsdtime,args',
  j: 'ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args',
  l: 'f,uid,pid,ppid,priority,ni,vsz,rss,wchan,stat,tname,bsdtime,args',
  s: 'uid,pid,pending,blocked,ignored,caught,stat,tname,bsdtime,args',
  u: 'user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args',
  // observed: TRS is five wide in `ps v` (four with -o trs).
  v: 'pid,tname,stat,bsdtime,maj_flt,trs:5,drs,rss,pmem,args',
  X: 'pid,stackp,esp,eip,tmout,alarm,stat,tname,bsdtime,args',
};

/** -O: `pid,<given>,s,tname,time,args` (man ps: -O is -o pid,format,state,tname,time,command). */
const PRELOADED_TAIL = items('s,tname,time,args');
/** observed: BSD O ends with the command name instead (its header is COMMAND too). */
const BSD_PRELOADED_TAIL = items('s,tname,time,comm');

/**
 * The SysV formats are one sequence with optional parts: -f/-F/-l/-j/-c/-P/-y/-M each switch some
 * on (observed headers of every combination in ps 4.0.2). With any BSD option on the command line
 * TIME becomes the BSD `M:SS` form and STAT follows TTY (observed: `ps -ef x`).
 */
function sysvFormat(o: Options): string[] {
  const has = (letter: 'f' | 'F' | 'l' | 'j' | 'y' | 'c' | 'P' | 'M'): boolean => o.sysv.has(letter);
  const full = has('f') || has('F');
  const long = has('l');
  const keys: string[] = [];
  if (has('M')) keys.push('label');
  if (long && !has('y')) keys.push('f');
  if (long) keys.push('s');
  if (full) keys.push('uid_hack');
  else if (long) keys.push('uid');
  keys.push('pid');
  if (full || long) keys.push('ppid');
  if (has('j')) keys.push('pgid', 'sid');
  if (has('P') && !has('F')) keys.push('psr');
  if (has('c')) keys.push('class', 'pri');
  else {
    if (full || long) keys.push('c');
    if (long) keys.push('opri', 'ni');
  }
  if (long) keys.push(has('y') ? 'rss' : 'addr_1', 'sz', 'wchan');
  if (has('F')) keys.push(...(long ? [] : ['sz']), 'rss', 'psr');
  if (full) keys.push('stime');
  keys.push('tname');
  if (o.bsdSeen && !long) keys.push('stat');
  keys.push(o.bsdSeen ? 'bsdtime' : 'time');
  // observed: with a BSD option the command column shows the arguments (`-j x` says COMMAND).
  if (o.bsdSeen) keys.push(full || long ? 'cmd' : 'args');
  else keys.push(full ? 'cmd' : 'ucmd');
  return keys;
}

const ID_KEYS = new Set(['pid', 'ppid', 'pgid', 'sid']);

/**
 * -L adds LWP after the leading process ids and, in the full formats and `u`, NLWP after C or
 * %CPU; -T adds SPID right after PID (observed: `-Lj` has `SID LWP`, `-Lf` has `PPID LWP C NLWP`).
 */
function addThreadColumns(keys: string[], o: Options): string[] {
  if (o.threadFlags.has('T')) {
    const at = keys.indexOf('pid');
    return [...keys.slice(0, at + 1), 'spid', ...keys.slice(at + 1)];
  }
  if (!o.threadFlags.has('L')) return keys;
  let at = keys.indexOf('pid');
  for (let i = at + 1; i < keys.length && ID_KEYS.has(keys[i] as string); i++) at = i;
  const out = [...keys.slice(0, at + 1), 'lwp', ...keys.slice(at + 1)];
  const fullish =
    o.bsdFormat === 'u' || (o.bsdFormat === undefined && (o.sysv.has('f') || o.sysv.has('F')) && !o.sysv.has('l'));
  if (fullish) {
    const c = out.findIndex((k) => k === 'c' || k === 'pcpu');
    if (c >= 0) out.splice(c + 1, 0, 'nlwp');
  }
  return out;
}

/**
 * The columns to print, in order. `psFormat` reads $PS_FORMAT; it is asked only when no format
 * option is given (observed: only then does ps warn about a bad one).
 */
export function chooseFormat(o: Options, psFormat: () => FormatItem[] | undefined = () => undefined): FormatItem[] {
  if (o.preloaded) {
    const tail = o.preloadedBsd ? BSD_PRELOADED_TAIL : PRELOADED_TAIL;
    return [{ key: 'pid' }, ...o.preloaded, ...tail, ...(o.format ?? [])];
  }
  if (o.format) return o.format;
  if (o.context) return items('pid,context,args');
  if (o.sysv.size === 0 && o.bsdFormat === undefined) {
    const fromEnv = psFormat();
    if (fromEnv) return fromEnv;
  }
  let keys: string[];
  if (o.bsdFormat !== undefined) keys = BSD_FORMATS[o.bsdFormat].split(',');
  else if (o.sysv.size > 0) keys = sysvFormat(o);
  else keys = o.bsdSeen ? BSD_FORMATS.default.split(',') : ['pid', 'tname', 'time', 'ucmd'];
  keys = addThreadColumns(keys, o);
  if ((o.label || (o.sysv.has('M') && o.bsdSeen)) && keys[0] !== 'label') keys.unshift('label');
  return keys.map(toItem);
}

function toItem(spec: string): FormatItem {
  const [key = spec, width] = spec.split(':');
  return width === undefined ? { key } : { key, width: Number(width) };
}
