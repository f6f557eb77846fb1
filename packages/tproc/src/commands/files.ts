// tproc files PID|PATH: a process's open files, or the processes that have PATH open, in
// lsof's JSON schema (-J: {"lsof_version", "processes": [{..., "files": [...]}]}) with --json,
// as lsof's columns on a terminal.
import {
  available,
  type FileLock,
  isGone,
  type LsofJsonFile,
  lsofJsonFile,
  type LsofJsonProcess,
  lsofJsonProcessFields,
  type OpenFile,
  openFiles,
  type Proc,
  type ProcFs,
  textFromBytes,
  tprocEscape,
  usersOf,
  useTarget,
} from '@tproc/core';
import type { Argv } from 'yargs';
import { lookupFailure, parsePid } from '../args.ts';
import type { Context } from '../context.ts';
import { type Row, renderTable } from '../render/table.ts';
import type { CommandSpec } from './spec.ts';

/** The version tproc's lsof JSON names: the lsof whose output tlsof reproduces. */
export const LSOF_VERSION = '4.95.0';

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
};

const endpoint = (address: string, port: number): string =>
  address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;

function lockIndex(fs: ProcFs): Map<string, string> {
  const index = new Map<string, string>();
  for (const lock of available(() => fs.locks()) ?? ([] as FileLock[])) {
    const key = `${lock.pid}:${lock.major}:${lock.minor}:${lock.inode}`;
    if (index.has(key)) continue;
    // As lsof: the first lock found; lower case for part of the file, upper case for all of it.
    const whole = lock.start === 0n && lock.end === undefined;
    const char = lock.access === 'READ' ? 'r' : lock.access === 'WRITE' ? 'w' : 'u';
    index.set(key, whole && char !== 'u' ? char.toUpperCase() : char);
  }
  return index;
}

/** An OpenFile in lsof's terms (the -J file object's fields). */
export function lsofFile(file: OpenFile, pid: number, locks: Map<string, string>): LsofJsonFile {
  const out: LsofJsonFile = { fd: file.label, name: '' };
  if (file.kind === 'fd' && file.access) out.access = file.access;
  out.type = file.type;
  const st = file.stat;
  const device = file.type === 'CHR' || file.type === 'BLK' ? st?.rdev : (st?.dev ?? file.dev);
  if (device && file.link?.kind !== 'socket' && file.link?.kind !== 'pipe' && file.type !== 'a_inode') {
    out.device = `${device.major},${device.minor}`;
  }
  if (st && (file.type === 'REG' || file.type === 'DIR')) out.size = st.size;
  if (file.offset !== undefined) out.offset = file.offset;
  const inode = st?.ino ?? file.inode;
  if (inode !== undefined && file.type !== 'a_inode') out.inode = inode;
  if (st && file.link?.kind === 'path') out.nlink = st.nlink;
  if (st) {
    const lock = locks.get(`${pid}:${st.dev.major}:${st.dev.minor}:${st.ino}`);
    if (lock) out.lock = lock;
  }
  if (file.error) {
    const what = file.kind === 'fd' && file.label === 'NOFD' ? 'opendir' : 'readlink';
    out.name = `(${what}: ${ERRNO_TEXT[file.error] ?? file.error})`;
    return out;
  }
  const socket = file.socket;
  if (socket?.family === 'inet') {
    out.protocol = socket.protocol.startsWith('tcp') ? 'TCP' : 'UDP';
    const local = endpoint(socket.localAddress, socket.localPort);
    out.name = socket.remotePort === 0 ? local : `${local}->${endpoint(socket.remoteAddress, socket.remotePort)}`;
    out.tcpInfo = { state: socket.state, recvQueue: socket.rxQueue, sendQueue: socket.txQueue };
  } else if (socket?.family === 'unix') {
    out.protocol = 'UNIX';
    out.name = socket.path ?? `type=${socket.type.toUpperCase()}`;
    out.tcpInfo = { state: socket.listening ? 'LISTEN' : socket.state };
  } else if (file.link?.kind === 'pipe') out.name = 'pipe';
  else if (file.link?.kind === 'anon') out.name = `[${file.link.name}]`;
  else if (file.link?.kind === 'typed') out.name = `${file.link.type}:[${file.link.inode}]`;
  else if (file.link?.kind === 'socket') out.name = `socket:[${file.link.inode}]`;
  else if (file.path) out.name = file.deleted ? Buffer.concat([file.path, Buffer.from(' (deleted)')]) : file.path;
  else if (file.link?.kind === 'other') out.name = file.link.text;
  return out;
}

function lsofProcess(fs: ProcFs, proc: Proc, files: LsofJsonFile[]): LsofJsonProcess {
  const stat = proc.stat();
  const uid = available(() => proc.status().uid[1]) ?? proc.owner().uid;
  const p: LsofJsonProcess = { pid: proc.pid, ppid: stat.ppid, pgid: stat.pgrp, command: stat.comm, uid, files };
  const login = fs.users().userName(uid);
  if (login !== undefined) p.login = login;
  return p;
}

/** The lsof -J document, as tproc files --json prints it. */
export function lsofDocument(processes: readonly LsofJsonProcess[]): Record<string, unknown> {
  return {
    lsof_version: LSOF_VERSION,
    processes: processes.map((p) => ({ ...lsofJsonProcessFields(p), files: p.files.map((f) => lsofJsonFile(f)) })),
  };
}

function collect(ctx: Context, target: string): LsofJsonProcess[] {
  const fs = ctx.fs;
  const locks = lockIndex(fs);
  if (/^\d+$/.test(target)) {
    const pid = parsePid(target);
    const proc = fs.process(pid);
    const files = openFiles(proc, fs).map((f) => lsofFile(f, pid, locks));
    return [lsofProcess(fs, proc, files)];
  }
  let resolved: ReturnType<typeof useTarget>;
  try {
    resolved = useTarget(target, fs);
  } catch (err) {
    throw lookupFailure(target, err);
  }
  const out: LsofJsonProcess[] = [];
  for (const user of usersOf(resolved, fs)) {
    const proc = fs.process(user.pid);
    try {
      const fds = new Set(user.uses.filter((u) => u.kind === 'fd').map((u) => u.fd));
      const kinds = new Set(user.uses.map((u) => u.kind));
      const maps = new Set(user.uses.filter((u) => u.kind === 'mmap').map((u) => u.path?.toString('latin1')));
      const files = openFiles(proc, fs)
        .filter((f) =>
          f.kind === 'fd'
            ? fds.has(f.fd)
            : f.kind === 'mmap'
              ? maps.has(f.path?.toString('latin1'))
              : kinds.has(f.kind),
        )
        .map((f) => lsofFile(f, user.pid, locks));
      out.push(lsofProcess(fs, proc, files));
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }
  return out;
}

export async function runFiles(ctx: Context, args: { target: string }): Promise<number> {
  let processes: LsofJsonProcess[];
  try {
    processes = collect(ctx, String(args.target));
  } catch (err) {
    if (!isGone(err)) throw err;
    ctx.warn(`no process with pid ${args.target}`);
    return 1;
  }
  if (ctx.format === 'json') {
    ctx.writeJson(lsofDocument(processes));
  } else if (ctx.format === 'ndjson') {
    // lsof's -j: one object per open file, the process's fields repeated.
    ctx.writeJson(processes.flatMap((p) => p.files.map((f) => ({ ...lsofJsonProcessFields(p), ...lsofJsonFile(f) }))));
  } else {
    const style = await ctx.style();
    const rows: Row[] = [];
    for (const p of processes) {
      for (const f of p.files) {
        rows.push([
          tprocEscape(textFromBytes(Buffer.isBuffer(p.command) ? p.command : Buffer.from(p.command))),
          String(p.pid),
          p.login ?? String(p.uid),
          `${f.fd}${f.access ?? ''}${f.lock ?? ''}`,
          f.type ?? '',
          f.device ?? '',
          f.size !== undefined ? String(f.size) : f.offset !== undefined ? `0t${f.offset}` : '',
          f.inode !== undefined ? String(f.inode) : '',
          {
            text:
              tprocEscape(typeof f.name === 'string' ? f.name : textFromBytes(f.name)) +
              (f.tcpInfo?.state ? ` (${f.tcpInfo.state})` : ''),
            paint: f.type?.startsWith('IPv') ? style.cyan : undefined,
          },
        ]);
      }
    }
    const columns = [
      { header: 'COMMAND' },
      { header: 'PID', align: 'right' as const },
      { header: 'USER' },
      { header: 'FD', align: 'right' as const },
      { header: 'TYPE' },
      { header: 'DEVICE', align: 'right' as const },
      { header: 'SIZE/OFF', align: 'right' as const },
      { header: 'NODE', align: 'right' as const },
      { header: 'NAME', flex: true },
    ];
    ctx.out(await renderTable(columns, rows, { width: ctx.width, paintHeader: style.bold }));
  }
  return processes.length > 0 ? 0 : 1;
}

export const files: CommandSpec = {
  command: 'files <target>',
  describe: "a process's open files (PID), or the processes that have a file open (PATH); lsof's JSON",
  builder: (y: Argv) =>
    y
      .positional('target', { type: 'string', describe: 'a pid, or a path (./123 for a file named by digits)' })
      .example('$0 files $$', "this shell's open files")
      .example('$0 files /var/log/syslog --json', 'who has the log open, in lsof -J form')
      .example('$0 files 1 --ndjson', "pid 1's files, one object per line (lsof -j)"),
  run: (ctx, args) => runFiles(ctx, args as { target: string }),
};
