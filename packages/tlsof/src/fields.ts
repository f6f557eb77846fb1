// -F: one field per line (or NUL-terminated with 0), a process set then its file sets, in lsof's
// fixed order whatever the order of the letters (observed: -F Lucgpf prints p g c u L f).
import { type DeviceNumber, lsofEscape } from '@tproc/core';
import type { LsofFile, LsofProcess } from './model.ts';
import type { Options } from './options.ts';
import { fileFlagsText, sizeOffText } from './render.ts';

export interface FieldContext {
  options: Options;
  utf8: boolean;
  login(uid: number): string | undefined;
}

/** st_dev as lsof prints it in D and r: glibc's makedev(), in hex. */
export function deviceHex(d: DeviceNumber): string {
  const major = BigInt(d.major);
  const minor = BigInt(d.minor);
  const dev =
    ((major & 0xfffff000n) << 32n) | ((major & 0xfffn) << 8n) | ((minor & 0xffffff00n) << 12n) | (minor & 0xffn);
  return `0x${dev.toString(16)}`;
}

/**
 * TCP/TPI items of a socket: its state (TCP's, or a Unix socket's) and, for Internet sockets, the
 * queue lengths, as selected with -T (man 8 lsof).
 */
export function tcpTpiItems(f: LsofFile, o: Options): string[] {
  const items: string[] = [];
  if (o.tcpInfo.state && f.socketState) items.push(`ST=${f.socketState}`);
  if (o.tcpInfo.queues && f.inet) items.push(`QR=${f.inet.rxQueue}`, `QS=${f.inet.txQueue}`);
  return items;
}

/**
 * What the NAME column adds after a socket's name: a space, then the items in parentheses (the
 * state without its `ST=`); nothing with a bare -T (observed: UDP names end in a space by default).
 */
export function tcpTpiSuffix(f: LsofFile, o: Options): string {
  if (!f.tcpTpi || !o.tcpInfo.enabled) return '';
  const items = tcpTpiItems(f, o).map((i) => (i.startsWith('ST=') ? i.slice(3) : i));
  return items.length ? ` (${items.join(' ')})` : ' ';
}

/** A file's NAME as the column and -F n show it (bytes escaped, then the plain suffix). */
export function nameText(f: LsofFile, utf8: boolean): string {
  return lsofEscape(f.name, { wide: utf8 }) + f.nameSuffix;
}

export function renderFields(processes: LsofProcess[], ctx: FieldContext): string {
  const o = ctx.options;
  const letters = new Set(o.fields ?? '');
  const end = o.nul ? '\0' : '\n';
  const setEnd = o.nul ? '\n' : '';
  let out = '';
  const field = (letter: string, value: string) => {
    out += `${letter}${value}${end}`;
  };
  for (const p of processes) {
    field('p', String(p.pid));
    if (p.tid !== undefined && letters.has('K')) field('K', String(p.tid));
    if (p.taskCommand !== undefined && letters.has('M')) field('M', lsofEscape(p.taskCommand, { wide: ctx.utf8 }));
    if (letters.has('g')) field('g', String(p.pgid));
    if (letters.has('R')) field('R', String(p.ppid));
    if (letters.has('c')) field('c', lsofEscape(p.command, { wide: ctx.utf8 }));
    if (letters.has('u')) field('u', String(p.uid));
    if (letters.has('L')) {
      const login = ctx.login(p.uid);
      if (login !== undefined) field('L', login);
    }
    out += setEnd;
    for (const f of p.files) {
      if (letters.has('f')) field('f', f.fd);
      if (letters.has('a')) field('a', f.access || ' ');
      if (letters.has('l')) field('l', f.lock || ' ');
      if (letters.has('t') && f.type !== '') field('t', f.type);
      if (letters.has('G')) {
        const flags = fileFlagsText(f.flags, o.fileFlags ?? 'hex');
        if (flags !== '') field('G', flags);
      }
      if (f.device !== '') {
        if (f.dev && /^\d+,\d+$/.test(f.device)) {
          if (letters.has('D')) field('D', deviceHex(f.dev));
        } else if (letters.has('d')) field('d', f.device);
      }
      if (letters.has('r') && f.rdev && (f.type === 'CHR' || f.type === 'BLK')) field('r', deviceHex(f.rdev));
      const sizeOff = sizeOffText(f, o);
      if (sizeOff !== '') {
        const isOffset = sizeOff.startsWith('0t') || sizeOff.startsWith('0x');
        if (letters.has(isOffset ? 'o' : 's')) field(isOffset ? 'o' : 's', sizeOff);
      }
      if (letters.has('i') && /^\d+$/.test(f.node)) field('i', f.node);
      if (letters.has('k') && f.nlink !== undefined && f.mode !== undefined && f.type !== 'sock')
        field('k', String(f.nlink));
      if (letters.has('P') && f.protocol !== undefined && f.inet !== undefined) field('P', f.protocol);
      else if (letters.has('P') && f.type === 'pack') field('P', f.node);
      if (letters.has('n')) field('n', nameText(f, ctx.utf8));
      if (letters.has('T')) for (const item of tcpTpiItems(f, o)) field('T', item);
      out += setEnd;
    }
  }
  return out;
}
