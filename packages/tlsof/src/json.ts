// -J and -j: lsof 4.99.7's JSON and JSON Lines output, beside 4.95's own forms. -J prints one
// object, {"lsof_version", "processes": [{process fields, "files": [{file fields}]}]}; -j one
// flat object per open file with its process's fields repeated. The fields are the -F letters
// (DEFAULT_JSON_FIELDS without -F); numbers that identify (pid, uid...) are numbers, sizes,
// offsets and inodes decimal strings (they may pass 2^53), fd a string (cwd, 3...).
import { lsofEscape } from '@tproc/core';
import { deviceHex, nameText, tcpTpiItems } from './fields.ts';
import type { LsofFile, LsofProcess } from './model.ts';
import type { Options } from './options.ts';
import { fileFlagsText, sizeOffText } from './render.ts';

export const LSOF_VERSION = '4.95.0';

/** What -J and -j print without -F: every field lsof's -F prints by default. */
export const DEFAULT_JSON_FIELDS = 'pgRcuLKMfaltDdsoikPnT';

export interface JsonContext {
  options: Options;
  utf8: boolean;
  login(uid: number): string | undefined;
}

type Json = Record<string, unknown>;

function processFields(p: LsofProcess, letters: Set<string>, ctx: JsonContext): Json {
  const out: Json = { pid: p.pid };
  if (p.tid !== undefined && letters.has('K')) out.tid = p.tid;
  if (p.taskCommand !== undefined && letters.has('M')) out.task_command = lsofEscape(p.taskCommand, { wide: ctx.utf8 });
  if (letters.has('R')) out.ppid = p.ppid;
  if (letters.has('g')) out.pgid = p.pgid;
  if (letters.has('c')) out.command = lsofEscape(p.command, { wide: ctx.utf8 });
  if (letters.has('u')) out.uid = p.uid;
  if (letters.has('L')) {
    const login = ctx.login(p.uid);
    if (login !== undefined) out.login = login;
  }
  return out;
}

function fileFields(f: LsofFile, letters: Set<string>, ctx: JsonContext): Json {
  const o = ctx.options;
  const out: Json = {};
  if (letters.has('f')) out.fd = f.fd;
  if (letters.has('a') && f.access.trim() !== '') out.access = f.access;
  if (letters.has('l') && f.lock.trim() !== '') out.lock = f.lock;
  if (letters.has('t') && f.type !== '') out.type = f.type;
  if (letters.has('G') && f.flags !== undefined) out.flags = fileFlagsText(f.flags, o.fileFlags ?? 'hex');
  if (f.device !== '') {
    if (f.dev && /^\d+,\d+$/.test(f.device)) {
      if (letters.has('D') || letters.has('d')) out.device = f.device;
      if (letters.has('D')) out.device_number = deviceHex(f.dev);
    } else if (letters.has('d')) out.device = f.device;
  }
  if (letters.has('r') && f.rdev && (f.type === 'CHR' || f.type === 'BLK')) out.raw_device = deviceHex(f.rdev);
  const sizeOff = sizeOffText(f, o);
  if (sizeOff !== '') {
    if (sizeOff.startsWith('0t') || sizeOff.startsWith('0x')) {
      if (letters.has('o') && f.offset !== undefined) out.offset = String(f.offset);
    } else if (letters.has('s')) out.size = sizeOff;
  }
  if (letters.has('i') && /^\d+$/.test(f.node)) out.inode = f.node;
  if (letters.has('k') && f.nlink !== undefined && f.mode !== undefined) out.nlink = f.nlink;
  if (letters.has('P') && f.inet) out.protocol = f.inet.protocol;
  else if (letters.has('P') && f.type === 'pack') out.protocol = f.node;
  if (letters.has('n')) out.name = nameText(f, ctx.utf8);
  if (letters.has('T') && f.tcpTpi) {
    const info: Json = {};
    for (const item of tcpTpiItems(f, o)) {
      const [key, value] = [item.slice(0, 2), item.slice(3)];
      if (key === 'ST') info.state = value;
      else if (key === 'QR') info.recv_queue = Number(value);
      else if (key === 'QS') info.send_queue = Number(value);
    }
    if (Object.keys(info).length) out.tcp_info = info;
  }
  return out;
}

const letterSet = (o: Options): Set<string> => new Set(o.fields ?? DEFAULT_JSON_FIELDS);

/** -J: the whole listing as one object. */
export function renderJson(processes: LsofProcess[], ctx: JsonContext): string {
  const letters = letterSet(ctx.options);
  const list = processes.map((p) => ({
    ...processFields(p, letters, ctx),
    files: p.files.map((f) => fileFields(f, letters, ctx)),
  }));
  return `${JSON.stringify({ lsof_version: LSOF_VERSION, processes: list })}\n`;
}

/** -j: one object per open file, its process's fields first. */
export function renderJsonLines(processes: LsofProcess[], ctx: JsonContext): string {
  const letters = letterSet(ctx.options);
  let out = '';
  for (const p of processes) {
    const head = processFields(p, letters, ctx);
    for (const f of p.files) out += `${JSON.stringify({ ...head, ...fileFields(f, letters, ctx) })}\n`;
  }
  return out;
}
