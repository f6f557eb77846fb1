// lsof's JSON output (`-J`, one object; `-j`, JSON Lines, one object per open file), added in
// lsof 4.99.7: shared by tlsof and `tproc files`. The keys follow the -F field letters (man 8
// lsof, OUTPUT FOR OTHER PROGRAMS); `fd` is a string (`cwd`, `txt`, `3`), `size`, `offset` and
// `inode` decimal strings (they may pass 2^53), `pid`, `uid` and the other ids numbers. Names are
// lossless text (bytes-text.ts): invalid UTF-8 bytes become \udcNN escapes.
import { textFromBytes } from './bytes-text.ts';

/** One process of the listing, its fields already in lsof's terms. */
export interface LsofJsonProcess {
  pid: number;
  ppid?: number;
  pgid?: number;
  /** -K: the task id. */
  tid?: number;
  taskCommand?: Buffer | string;
  command: Buffer | string;
  uid?: number;
  /** The uid's login name. */
  login?: string;
  files: LsofJsonFile[];
}

export interface LsofJsonFile {
  fd: string;
  /** `r`, `w` or `u`; empty when none. */
  access?: string;
  lock?: string;
  /** `REG`, `DIR`, `CHR`, `FIFO`, `IPv4`, `unix`, `a_inode`... */
  type?: string;
  /** `MAJOR,MINOR`. */
  device?: string;
  size?: number | bigint;
  offset?: number | bigint;
  inode?: number | bigint;
  nlink?: number;
  /** `TCP`, `UDP`, `UNIX`, `NETLINK`... */
  protocol?: string;
  name: Buffer | string;
  /** open(2) flags as lsof's -F G prints them (`0x8002`). */
  flags?: string;
  tcpInfo?: { state?: string; recvQueue?: number; sendQueue?: number };
}

/** -F letters to JSON keys. */
export const LSOF_JSON_FIELDS: Readonly<Record<string, string>> = {
  p: 'pid',
  R: 'ppid',
  g: 'pgid',
  K: 'tid',
  M: 'task_command',
  c: 'command',
  u: 'uid',
  L: 'login',
  f: 'fd',
  a: 'access',
  l: 'lock',
  t: 'type',
  D: 'device',
  s: 'size',
  o: 'offset',
  i: 'inode',
  k: 'nlink',
  P: 'protocol',
  n: 'name',
  G: 'flags',
  T: 'tcp_info',
};

export type LsofJsonObject = Record<string, unknown>;

const text = (v: Buffer | string): string => (typeof v === 'string' ? v : textFromBytes(v));

/** Selection by -F letters; undefined selects every field. `p` and `f` are always kept (the keys). */
export type LsofFieldSelection = ReadonlySet<string> | undefined;

const want = (fields: LsofFieldSelection, letter: string): boolean =>
  fields === undefined || fields.has(letter) || letter === 'p' || letter === 'f';

export function lsofJsonProcessFields(p: LsofJsonProcess, fields?: LsofFieldSelection): LsofJsonObject {
  const o: LsofJsonObject = { pid: p.pid };
  if (p.tid !== undefined && want(fields, 'K')) o.tid = p.tid;
  if (p.taskCommand !== undefined && want(fields, 'M')) o.task_command = text(p.taskCommand);
  if (p.ppid !== undefined && want(fields, 'R')) o.ppid = p.ppid;
  if (p.pgid !== undefined && want(fields, 'g')) o.pgid = p.pgid;
  if (want(fields, 'c')) o.command = text(p.command);
  if (p.uid !== undefined && want(fields, 'u')) o.uid = p.uid;
  if (p.login !== undefined && want(fields, 'L')) o.login = p.login;
  return o;
}

export function lsofJsonFile(f: LsofJsonFile, fields?: LsofFieldSelection): LsofJsonObject {
  const o: LsofJsonObject = { fd: f.fd };
  const put = (letter: string, key: string, value: unknown): void => {
    if (value !== undefined && value !== '' && want(fields, letter)) o[key] = value;
  };
  put('a', 'access', f.access?.trim());
  put('l', 'lock', f.lock?.trim());
  put('t', 'type', f.type);
  put('D', 'device', f.device);
  put('s', 'size', f.size?.toString());
  put('o', 'offset', f.offset?.toString());
  put('i', 'inode', f.inode?.toString());
  put('k', 'nlink', f.nlink);
  put('P', 'protocol', f.protocol);
  put('G', 'flags', f.flags);
  put('n', 'name', text(f.name));
  if (f.tcpInfo && want(fields, 'T')) {
    const t: LsofJsonObject = {};
    if (f.tcpInfo.state !== undefined) t.state = f.tcpInfo.state;
    if (f.tcpInfo.recvQueue !== undefined) t.recv_queue = f.tcpInfo.recvQueue;
    if (f.tcpInfo.sendQueue !== undefined) t.send_queue = f.tcpInfo.sendQueue;
    o.tcp_info = t;
  }
  return o;
}

/** `-J`: `{"lsof_version": ..., "processes": [{..., "files": [...]}]}` as one JSON text and a newline. */
export function lsofJson(version: string, processes: readonly LsofJsonProcess[], fields?: LsofFieldSelection): string {
  const body = {
    lsof_version: version,
    processes: processes.map((p) => ({
      ...lsofJsonProcessFields(p, fields),
      files: p.files.map((f) => lsofJsonFile(f, fields)),
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** `-j`: one line per open file, the process's fields repeated on each. */
export function lsofJsonLines(processes: readonly LsofJsonProcess[], fields?: LsofFieldSelection): string {
  let out = '';
  for (const p of processes) {
    const head = lsofJsonProcessFields(p, fields);
    for (const f of p.files) out += `${JSON.stringify({ ...head, ...lsofJsonFile(f, fields) })}\n`;
  }
  return out;
}
