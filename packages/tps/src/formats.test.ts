import { describe, expect, it } from 'vitest';
import { chooseFormat, InternalError } from './formats.ts';
import { UsageError } from './options/errors.ts';
import type { Lookups } from './options/lists.ts';
import { parseArgs } from './options/parse.ts';

const lookups: Lookups = {
  uidOf: () => 0,
  gidOf: () => 0,
  ttyDevice: () => 0,
  knownColumn: () => true,
  sortable: () => true,
};

/** The format as ps -o would spell it: `key`, `key:width`, `:key` for a colon-glued column. */
const keys = (personality: string, ...argv: string[]): string =>
  chooseFormat(parseArgs(argv, lookups, personality))
    .map((i) => `${i.prefix === ':' ? ':' : ''}${i.key}${i.width === undefined ? '' : `:${i.width}`}`)
    .join(',');

describe('PS_PERSONALITY formats', () => {
  it('linux: USER in the full formats, P and a wide SZ in the long ones', () => {
    expect(keys('linux', '-l')).toBe('f,s,uid,pid,ppid,c,opri,ni,sgi_p,sz,wchan,tname,time,ucmd');
    expect(keys('linux', '-f')).toBe('user,pid,ppid,c,stime,tname,time,cmd');
    expect(keys('linux', '-ly')).toBe('s,uid,pid,ppid,c,opri,ni,rss,sz,wchan,tname,time,ucmd');
    expect(keys('linux', '-Lf')).toBe('user,pid,ppid,lwp,c,nlwp,stime,tname,time,cmd');
  });

  it('bsd: FreeBSD-style l j u v, and -abc read as BSD letters', () => {
    expect(keys('bsd', '-l')).toBe('uid,pid,ppid,cpu,pri,ni,vsz,rss,wchan,stat,tt,time,args');
    expect(keys('bsd', 'j')).toBe('user,pid,ppid,pgid,sess,jobc,stat,tt,time,args');
    expect(keys('bsd', 'u')).toBe('user,pid,pcpu,pmem,vsz,rss,tt,stat,start,time,args');
    expect(keys('bsd', 'v')).toBe('pid,stat,time,sl,re,pagein,vsz,rss,lim,tsiz,pcpu,pmem,args');
    expect(keys('bsd', '-f')).toBe('pid,tname,stat,bsdtime,args');
    expect(keys('BSD', 's')).toBe('uid,pid,pending,blocked,ignored,caught,stat,tname,bsdtime,args');
  });

  it('gnu and debian: whole -f -j -l formats, modified by -j -c -y -L -T -M', () => {
    for (const p of ['gnu', 'debian']) {
      expect(keys(p, '-l')).toBe('f,s,uid,pid,ppid,priority,ni,wchan,tname,bsdtime,comm');
      expect(keys(p, '-f')).toBe('uid,pid,ppid,start_time,tname,bsdtime,args');
      expect(keys(p, '-F')).toBe('uid,pid,ppid,start_time,tname,bsdtime,args');
      expect(keys(p, '-j')).toBe('pid,tname,s,bsdtime,pgid,sid,comm');
    }
    expect(keys('gnu', '-jf')).toBe('uid,pid,ppid,start_time,tname,bsdtime,pgid,sid,args');
    expect(keys('gnu', '-cl')).toBe('f,s,uid,pid,ppid,class,pri,wchan,tname,bsdtime,comm');
    expect(keys('gnu', '-ly')).toBe('s,uid,pid,ppid,priority,ni,wchan,tname,bsdtime,comm');
    expect(keys('gnu', '-Pf')).toBe('uid,pid,ppid,start_time,tname,bsdtime,args');
    expect(keys('gnu', '-Lj')).toBe('pid,tname,s,bsdtime,pgid,sid,lwp,comm');
    expect(keys('gnu', '-Tf')).toBe('uid,pid,spid,ppid,start_time,tname,bsdtime,args');
    expect(keys('gnu', '-Mj')).toBe('label,pid,tname,s,bsdtime,pgid,sid,comm');
    // -f with -l has no whole format: the usual one, with BSD times.
    expect(keys('gnu', '-lf')).toBe('f,s,uid_hack,pid,ppid,c,opri,ni,addr_1,sz,wchan,stime,tname,bsdtime,cmd');
    expect(keys('gnu', '-c')).toBe('pid,class,pri,tname,stat,bsdtime,args');
  });

  it('gnu: -c without a PRI column and -jlf are refused', () => {
    expect(() => keys('gnu', '-cf')).toThrow(InternalError);
    expect(() => keys('tru64', '-cj')).toThrow('no PRI for -c option');
    expect(() => keys('gnu', '-jlf')).toThrow(UsageError);
    expect(keys('linux', '-jlf')).toContain('pgid,sid');
  });

  it('tru64 and digital: their own l j s u v, -f, -l and -fl', () => {
    for (const p of ['tru64', 'digital']) {
      expect(keys(p, '-l')).toBe('f,s,uid,pid,ppid,c,pri,ni,addr,sz,wchan,tt,time,ucmd');
      expect(keys(p, '-f')).toBe('user,pid,ppid,c,start,tname,time,cmd');
      expect(keys(p, '-lf')).toBe('f,s,uid,pid,ppid,pcpu,pri,ni,rss,wchan,start,time,args');
      expect(keys(p, '-j')).toBe('user,pid,ppid,pgid,sess,jobc,s,tname,time,args');
      expect(keys(p, 's')).toBe('uid,pid,cursig,pending,blocked,ignored,caught,stat,tname,args');
    }
    expect(keys('tru64', '-jf')).toBe(keys('gnu', '-jf'));
    expect(keys('tru64', '-lfc')).toBe('f,s,uid,pid,ppid,class,pri,rss,wchan,start,time,args');
    expect(keys('tru64', '-ly')).toBe('s,uid,pid,ppid,c,pri,ni,rss,sz,wchan,tt,time,ucmd');
    expect(keys('tru64', '-Lf')).toBe('user,pid,ppid,lwp,c,start,tname,time,cmd');
    expect(keys('tru64', '-Llf')).toBe('f,s,uid,pid,ppid,lwp,pcpu,nlwp,pri,ni,rss,wchan,start,time,args');
    expect(keys('tru64', '-Lj')).toBe('user,pid,ppid,pgid,sess,lwp,jobc,s,tname,time,args');
  });

  it('irix and sgi: PRI is priority, ADDR is P, SZ is SZ:RSS', () => {
    for (const p of ['irix', 'sgi']) {
      expect(keys(p, '-l')).toBe('f,s,uid,pid,ppid,c,priority,ni,sgi_p,sz,:sgi_rss,wchan,tname,time,ucmd');
      expect(keys(p, '-ly')).toBe('s,uid,pid,ppid,c,priority,ni,rss,sz,wchan,tname,time,ucmd');
      expect(keys(p, '-f')).toBe('uid_hack,pid,ppid,c,stime,tname,time,cmd');
    }
  });

  it('sunos4: BSD defaults and the FreeBSD-style BSD formats; aix: those formats only', () => {
    expect(keys('sunos4')).toBe('pid,tname,stat,bsdtime,args');
    expect(keys('sunos4', '-f')).toBe('uid_hack,pid,ppid,c,stime,tname,stat,bsdtime,cmd');
    expect(keys('sunos4', 'l')).toBe(keys('bsd', 'l'));
    expect(keys('aix', 'v')).toBe(keys('bsd', 'v'));
    expect(keys('aix', '-f')).toBe(keys('posix', '-f'));
    expect(keys('aix')).toBe('pid,tname,time,ucmd');
  });

  it('personalities without format changes', () => {
    for (const p of ['posix', 'svr4', 'hpux', 'sun', 'unix95', 'unix98', 'unix', 'nonsense']) {
      for (const f of ['-l', '-f', '-lf', 'l', 'u', '-Lf']) expect(keys(p, f)).toBe(keys('', f));
    }
  });
});

describe('format fixes found on the way', () => {
  it('-L: NLWP with any -f (after C, else after LWP), LWP after the last id', () => {
    expect(keys('', '-Llf')).toBe('f,s,uid_hack,pid,ppid,lwp,c,nlwp,opri,ni,addr_1,sz,wchan,stime,tname,time,cmd');
    expect(keys('', '-Lfc')).toBe('uid_hack,pid,ppid,lwp,nlwp,class,pri,stime,tname,time,cmd');
    expect(keys('', '-Ll')).toBe('f,s,uid,pid,ppid,lwp,c,opri,ni,addr_1,sz,wchan,tname,time,ucmd');
  });

  it('BSD M lists threads; L stands alone; threads and trees conflict', () => {
    expect(parseArgs(['M'], lookups).threads).toBe('m');
    expect(() => parseArgs(['L', 'x'], lookups)).toThrow('the option is exclusive: L');
    expect(() => parseArgs(['f', 'H'], lookups)).toThrow('thread display conflicts with forest display');
    expect(() => parseArgs(['-H', '-L'], lookups)).toThrow('thread display conflicts with forest display');
  });
});
