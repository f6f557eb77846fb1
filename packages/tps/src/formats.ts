import { PlainError, UsageError } from './options/errors.ts';
import type { BsdFormat, FormatItem, Options } from './options/types.ts';

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
  // observed: BSD m under old, gnu, debian (`ps --info` has no name for it); SIZE is in bytes.
  m: 'pid,tname,majflt,minflt,m_trs,drs,m_size,swap,rss,shrd,lib,dt,args',
};

/** -O: `pid,<given>,s,tname,time,args` (man ps: -O is -o pid,format,state,tname,time,command). */
const PRELOADED_TAIL: FormatItem[] = [{ key: 's' }, { key: 'tname' }, { key: 'time' }, { key: 'args' }];
/** observed: BSD O ends with the command name instead (its header is COMMAND too). */
const BSD_PRELOADED_TAIL: FormatItem[] = [{ key: 's' }, { key: 'tname' }, { key: 'time' }, { key: 'comm' }];

/** The SysV format letters that pick a whole personality format: f (or F), j, l. */
type SysvShape = 'f' | 'l' | 'j' | 'fl' | 'fj' | 'jl';

/** How a $PS_PERSONALITY changes the standard formats (all observed with ps 4.0.2). */
interface PersonalityFormats {
  /** BSD l j s u v replaced (`ps --info` names them FB_x for bsd, sunos4, aix). */
  bsd?: Partial<Record<BsdFormat, string>>;
  /** Whole SysV formats replacing the usual built-up ones; -c, -y, -M, -L, -T modify them. */
  sysv?: Partial<Record<SysvShape, string>>;
  /** The -fl format of `sysv` gets NLWP after %CPU with -L. */
  nlwpAfter?: string;
  /** The -f family shows USER, not UID. */
  fullUser?: boolean;
  /** -l's PRI. */
  pri?: string;
  /** -l without -y: ADDR replaced by this, SZ by these. */
  longAddr?: string;
  longSize?: string[];
  /** What `ps --info` calls the replaced formats; the others are OL_x (BSD) and (none) (SysV). */
  names?: { bsd?: Partial<Record<BsdFormat, string>>; sysv?: Partial<Record<InfoShape, string>> };
}

/** The SysV formats `ps --info` names. */
export type InfoShape = 'f' | 'fl' | 'j' | 'l';

const FB: Partial<Record<BsdFormat, string>> = {
  j: 'user,pid,ppid,pgid,sess,jobc,stat,tt,time,args',
  l: 'uid,pid,ppid,cpu,pri,ni,vsz,rss,wchan,stat,tt,time,args',
  u: 'user,pid,pcpu,pmem,vsz,rss,tt,stat,start,time,args',
  v: 'pid,stat,time,sl,re,pagein,vsz,rss,lim,tsiz,pcpu,pmem,args',
};

/** `ps --info` calls these RD_f, RD_j and RD_l. */
const RD: Partial<Record<SysvShape, string>> = {
  f: 'uid,pid,ppid,start_time,tname,bsdtime,args',
  l: 'f,s,uid,pid,ppid,priority,ni,wchan,tname,bsdtime,comm',
  j: 'pid,tname,s,bsdtime,pgid,sid,comm',
  // observed: -j with -f or -l adds PGID SID before the command.
  fj: 'uid,pid,ppid,start_time,tname,bsdtime,pgid,sid,args',
  jl: 'f,s,uid,pid,ppid,priority,ni,wchan,tname,bsdtime,pgid,sid,comm',
};

const TRU64_J = 'user,pid,ppid,pgid,sess,jobc,s,tname,time,args';
/** observed: the OS/390 personalities' -j (`ps --info`: J390); -jf and -jl are gnu's. */
const OS390: PersonalityFormats = {
  sysv: { j: 'pid,sid,pgrp,tname,time,args', fj: RD.fj as string, jl: RD.jl as string },
  names: { sysv: { j: 'J390' } },
};

const FB_NAMES = { bsd: { j: 'FB_j', l: 'FB_l', u: 'FB_u', v: 'FB_v' } };

const TRU64: PersonalityFormats = {
  bsd: {
    j: TRU64_J,
    l: 'uid,pid,ppid,cp,pri,ni,vsz,rss,wchan,s,tname,time,args',
    s: 'uid,pid,cursig,pending,blocked,ignored,caught,stat,tname,args',
    u: 'user,pid,pcpu,pmem,vsz,rss,tt,s,start,time,args',
    v: 'pid,tt,s,time,sl,pagein,vsz,rss,pcpu,pmem,args',
  },
  // observed: -jf and -jl are gnu's, not built on tru64's -f and -l.
  sysv: {
    f: 'user,pid,ppid,c,start,tname,time,cmd',
    l: 'f,s,uid,pid,ppid,c,pri,ni,addr,sz,wchan,tt,time,ucmd',
    j: TRU64_J,
    fl: 'f,s,uid,pid,ppid,pcpu,pri,ni,rss,wchan,start,time,args',
    fj: RD.fj as string,
    jl: RD.jl as string,
  },
  nlwpAfter: 'pcpu',
  names: {
    bsd: { j: 'JFMT', l: 'LFMT', s: 'SFMT', u: 'UFMT', v: 'VFMT' },
    sysv: { f: 'F5FMT', fl: 'FL5FMT', j: 'JFMT', l: 'L5FMT' },
  },
};

const IRIX: PersonalityFormats = { pri: 'priority', longAddr: 'sgi_p', longSize: ['sz', ':sgi_rss'] };

/** Personalities not listed use the usual formats (posix, sun, svr4, hpux, unix*, ...). */
const PERSONALITY_FORMATS: Record<string, PersonalityFormats> = {
  linux: { fullUser: true, longAddr: 'sgi_p', longSize: ['sz'] },
  bsd: { bsd: FB, names: FB_NAMES },
  sunos4: { bsd: FB, names: FB_NAMES },
  aix: { bsd: FB, names: FB_NAMES },
  gnu: { sysv: RD, names: { sysv: { f: 'RD_f', j: 'RD_j', l: 'RD_l' } } },
  debian: { sysv: RD, names: { sysv: { f: 'RD_f', j: 'RD_j', l: 'RD_l' } } },
  tru64: TRU64,
  digital: TRU64,
  compaq: TRU64,
  irix: IRIX,
  sgi: IRIX,
  '390': OS390,
  os390: OS390,
  s390: OS390,
};

/** `ps --info`'s names of the standard formats under a personality. */
export function formatNames(personality: string): PersonalityFormats['names'] {
  return PERSONALITY_FORMATS[personality]?.names;
}

const personalityOf = (o: Options): PersonalityFormats => PERSONALITY_FORMATS[o.personality] ?? {};

/** The personality's whole SysV format for these letters, if it has one. */
function sysvShape(o: Options): SysvShape | undefined {
  const full = o.sysv.has('f') || o.sysv.has('F');
  const shape = `${full ? 'f' : ''}${o.sysv.has('j') ? 'j' : ''}${o.sysv.has('l') ? 'l' : ''}`;
  return shape === '' || shape === 'fjl' ? undefined : (shape as SysvShape);
}

/**
 * Whether these SysV letters make a format of the personality's own (gnu's -f, os390's -j...).
 * observed: -y without -l is accepted beside one, and changes nothing (`PS_PERSONALITY=gnu ps -yF`).
 */
export function ownSysvFormat(o: Options): boolean {
  const shape = sysvShape(o);
  return shape !== undefined && personalityOf(o).sysv?.[shape] !== undefined;
}

/** Whether -j is a format of its own under this personality (gnu, debian, tru64, os390...). */
export function ownJFormat(o: Options): boolean {
  return personalityOf(o).sysv?.j !== undefined;
}

/**
 * Checks that ps makes after choosing the format (observed): with whole SysV formats -jlf is
 * refused and -c needs a PRI column to replace.
 */
export function checkPersonalityFormat(o: Options): void {
  // observed: --context has no PRI for -c either (its -f, -l, -F are refused earlier); nor have
  // the BSD formats but l.
  if (o.context && !o.format && !o.preloaded && o.sysv.has('c')) throw new InternalError('no PRI for -c option');
  // observed: a personality with its own -j format (gnu, tru64, os390...) refuses it with a BSD one.
  if (o.bsdFormat !== undefined && o.sysv.has('j') && ownJFormat(o)) throw new UsageError('conflicting format options');
  if (o.bsdFormat !== undefined && !o.format && !o.preloaded && !o.context && o.sysv.has('c')) {
    if (
      !bsdKeys(o)
        .split(',')
        .some((k) => PRI_KEYS.has(k))
    )
      throw new InternalError('no PRI for -c option');
  }
  const table = personalityOf(o).sysv;
  if (!table || o.format || o.preloaded || o.context || o.bsdFormat !== undefined) return;
  const full = o.sysv.has('f') || o.sysv.has('F');
  if (full && o.sysv.has('j') && o.sysv.has('l')) throw new UsageError('conflicting format options');
  const shape = sysvShape(o);
  const keys = shape && table[shape];
  if (keys && o.sysv.has('c') && !keys.split(',').some((k) => PRI_KEYS.has(k)))
    throw new InternalError('no PRI for -c option');
}

/** ps's `<argv0>:src/ps/sortformat.c:900: internal error: ...` line (observed, status 1). */
export class InternalError extends PlainError {
  readonly programPrefix = true;
  constructor(detail: string) {
    super(`:src/ps/sortformat.c:900: internal error: ${detail}`);
  }
}

const PRI_KEYS = new Set(['pri', 'priority', 'opri']);
/** The cpu column -c takes away with PRI (BSD l under bsd and tru64 has CPU or CP there). */
const CPU_KEYS = new Set(['c', 'pcpu', 'cpu', 'cp']);

function bsdKeys(o: Options): string {
  const format = o.bsdFormat as BsdFormat;
  return personalityOf(o).bsd?.[format] ?? BSD_FORMATS[format];
}

/**
 * A BSD format with the SysV modifiers, as on a whole SysV format (below), and -j's PGID SID after
 * PPID, else after PID (observed: `ps j -j` shows PPID PGID SID PID PGID SID ...).
 */
function bsdWithModifiers(base: string, o: Options): string[] {
  const keys = modifiedShape(base, o);
  if (!o.sysv.has('j')) return keys;
  const at = keys.includes('ppid') ? keys.indexOf('ppid') : keys.indexOf('pid');
  return [...keys.slice(0, at + 1), 'pgid', 'sid', ...keys.slice(at + 1)];
}

/**
 * A personality's whole SysV format with the modifiers: -c puts CLS PRI for [C|%CPU|CPU|CP] PRI [NI],
 * -y drops F and shows RSS for ADDR, -P changes nothing (observed).
 */
function modifiedShape(base: string, o: Options): string[] {
  let keys = base.split(',');
  if (o.sysv.has('c')) {
    const at = keys.findIndex((k) => PRI_KEYS.has(k));
    const from = CPU_KEYS.has(keys[at - 1] ?? '') ? at - 1 : at;
    const to = keys[at + 1] === 'ni' ? at + 2 : at + 1;
    keys = [...keys.slice(0, from), 'class', 'pri', ...keys.slice(to)];
  }
  if (o.sysv.has('y')) keys = keys.filter((k) => k !== 'f').map((k) => (k === 'addr' ? 'rss' : k));
  return keys;
}

/**
 * The SysV formats are one sequence with optional parts: -f/-F/-l/-j/-c/-P/-y/-M each switch some
 * on (observed headers of every combination in ps 4.0.2). With any BSD option on the command line
 * TIME becomes the BSD `M:SS` form and STAT follows TTY (observed: `ps -ef x`).
 */
function sysvFormat(o: Options, p: PersonalityFormats): string[] {
  const has = (letter: 'f' | 'F' | 'l' | 'j' | 'y' | 'c' | 'P' | 'M'): boolean => o.sysv.has(letter);
  const full = has('f') || has('F');
  const long = has('l');
  const keys: string[] = [];
  if (has('M')) keys.push('label');
  if (long && !has('y')) keys.push('f');
  if (long) keys.push('s');
  if (full) keys.push(p.fullUser ? 'user' : 'uid_hack');
  else if (long) keys.push('uid');
  keys.push('pid');
  if (full || long) keys.push('ppid');
  if (has('j')) keys.push('pgid', 'sid');
  if (has('P')) keys.push('psr');
  if (has('c')) keys.push('class', 'pri');
  else {
    if (full || long) keys.push('c');
    if (long) keys.push(p.pri ?? 'opri', 'ni');
  }
  if (long && has('y')) keys.push('rss', 'sz', 'wchan');
  else if (long) keys.push(p.longAddr ?? 'addr_1', ...(p.longSize ?? ['sz']), 'wchan');
  // observed: -F's RSS and PSR come once, where -y and -P put them (-lFyP).
  if (has('F')) keys.push(...(long ? [] : ['sz']), ...(long && has('y') ? [] : ['rss']), ...(has('P') ? [] : ['psr']));
  if (full) keys.push('stime');
  keys.push('tname');
  if (o.bsdSeen && !long) keys.push('stat');
  keys.push(o.bsdSeen ? 'bsdtime' : 'time');
  // observed: with a BSD option the command column shows the arguments (`-j x` says COMMAND).
  if (o.bsdSeen) keys.push(full || long ? 'cmd' : 'args');
  else keys.push(full ? 'cmd' : 'ucmd');
  return keys;
}

/**
 * observed: -L puts LWP after the first SID (`ps j -Lj`: PPID PGID SID LWP PID PGID SID), else
 * after the last of these, wherever they are (gnu -Lj: `PGID SID LWP`).
 */
const ID_KEYS = new Set(['pid', 'ppid', 'pgid', 'sid', 'sess']);

/**
 * -L adds LWP after the process ids and, in the built-up full formats and `u`, NLWP after C or
 * %CPU (else after LWP); -T adds SPID right after PID (observed: `-Lj` has `SID LWP`, `-Lf` has
 * `PPID LWP C NLWP`, `-Lfc` has `LWP NLWP CLS`).
 */
function addThreadColumns(keys: string[], o: Options, nlwpAfter: string | undefined): string[] {
  if (o.threadFlags.has('T')) {
    const at = keys.indexOf('pid');
    return [...keys.slice(0, at + 1), 'spid', ...keys.slice(at + 1)];
  }
  if (!o.threadFlags.has('L')) return keys;
  let at = keys.findIndex((k) => k === 'sid' || k === 'sess');
  if (at < 0) {
    at = keys.indexOf('pid');
    keys.forEach((k, i) => {
      if (ID_KEYS.has(k)) at = i;
    });
  }
  const out = [...keys.slice(0, at + 1), 'lwp', ...keys.slice(at + 1)];
  if (nlwpAfter !== undefined) {
    const c = out.indexOf(nlwpAfter);
    out.splice(c >= 0 ? c + 1 : out.indexOf('lwp') + 1, 0, 'nlwp');
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
  if (o.sysv.size === 0 && o.bsdFormat === undefined) {
    const fromEnv = psFormat();
    if (fromEnv) return fromEnv;
  }
  const p = personalityOf(o);
  const shape = sysvShape(o);
  const whole = shape && o.bsdFormat === undefined ? p.sysv?.[shape] : undefined;
  let keys: string[];
  let nlwpAfter: string | undefined;
  if (o.context) {
    // observed: --context is a format of its own that -j, -L, -T and -M add to (-f, -l, -F conflict).
    keys = [
      ...(o.sysv.has('M') ? ['label'] : []),
      'pid',
      ...(o.sysv.has('j') ? ['pgid', 'sid'] : []),
      'context',
      'args',
    ];
  } else if (o.bsdFormat !== undefined) {
    keys = bsdWithModifiers(bsdKeys(o), o);
    // observed: -L shows NLWP after a BSD format's %CPU (u, and tru64's and sunos4's v).
    if (keys.includes('pcpu')) nlwpAfter = 'pcpu';
  } else if (whole !== undefined) {
    keys = modifiedShape(whole, o);
    if (shape === 'fl') nlwpAfter = p.nlwpAfter;
    if (o.sysv.has('M')) keys.unshift('label');
  } else if (o.sysv.size > 0) {
    keys = sysvFormat(o, p);
    if (o.sysv.has('f') || o.sysv.has('F')) nlwpAfter = 'c';
  } else keys = o.bsdSeen ? BSD_FORMATS.default.split(',') : ['pid', 'tname', 'time', 'ucmd'];
  keys = addThreadColumns(keys, o, nlwpAfter);
  if ((o.label || (o.sysv.has('M') && o.bsdSeen)) && keys[0] !== 'label') keys.unshift('label');
  return keys.map(toItem);
}

/** `key:width`; `:key` is glued to the column before by a colon (observed: IRIX `SZ:RSS`). */
function toItem(spec: string): FormatItem {
  if (spec.startsWith(':')) return { key: spec.slice(1), prefix: ':', gap: 0 };
  const [key = spec, width] = spec.split(':');
  return width === undefined ? { key } : { key, width: Number(width) };
}
