// A process's open files, as `tproc files`, `tproc inspect` and `tproc who` use them: the cwd,
// root and executable links, the mapped files, and every descriptor, each with what stat(2),
// fdinfo and the socket tables of the process's own network namespace say of it.
import { available, errnoOf, isGone } from '../errors.ts';
import { entryOf } from './entry.ts';
import { expectWork } from '../pacing.ts';
import { type FdLink, parseFdLink } from '../parse/fd-link.ts';
import type { InetSocket, UnixSocket } from '../parse/net.ts';
import { TCP_STATES } from '../parse/net.ts';
import type { Proc } from '../proc.ts';
import type { ProcFs } from '../procfs.ts';
import { type FileStat, S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK } from '../read.ts';
import type { InetProtocol } from './sockets.ts';

export type OpenFileKind = 'cwd' | 'root' | 'exe' | 'mmap' | 'fd';

export type SocketInfo =
  | {
      family: 'inet';
      protocol: InetProtocol;
      localAddress: string;
      localPort: number;
      remoteAddress: string;
      remotePort: number;
      /** TCP state name; for UDP `UNCONN` or `ESTABLISHED`. */
      state: string;
      rxQueue: number;
      txQueue: number;
    }
  | {
      family: 'unix';
      /** Bound path (`@name` for abstract names); undefined when unbound. */
      path?: Buffer;
      type: 'stream' | 'dgram' | 'seqpacket' | 'unknown';
      listening: boolean;
      /** `UNCONNECTED`, `CONNECTING`, `CONNECTED`, `DISCONNECTING`. */
      state: string;
    }
  | { family: 'other' };

export interface OpenFile {
  kind: OpenFileKind;
  /** The descriptor, for kind `fd`. */
  fd?: number;
  /** lsof's FD name: `cwd`, `rtd`, `txt`, `mem`, `DEL` (a deleted mapped file) or the number. */
  label: string;
  /** The link as read (cwd, root, exe, fds); maps have none. */
  link?: FdLink;
  /** The file's path (path links and maps), without ` (deleted)`. */
  path?: Buffer;
  deleted: boolean;
  /** `REG`, `DIR`, `CHR`, `BLK`, `FIFO`, `LINK`, `sock`, `unix`, `IPv4`, `IPv6`, `a_inode`, `unknown`. */
  type: string;
  stat?: FileStat;
  /** Maps: the device and inode the kernel gives (no stat needed). */
  dev?: { major: number; minor: number };
  inode?: number;
  /** errno name when the link or the file could not be read (EACCES...). */
  error?: string;
  /** From fdinfo's flags: `r`, `w` or `u` (read and write). */
  access?: 'r' | 'w' | 'u';
  flags?: number;
  offset?: number;
  mountId?: number;
  socket?: SocketInfo;
}

export interface OpenFilesOptions {
  /** Include the mapped files (default true). */
  maps?: boolean;
  /** stat(2) each file through its link (default true); without it only the links are read. */
  stat?: boolean;
}

/** lsof's TYPE for each type of st_mode (observed: lsof -p on each kind of file). */
const MODE_TYPES: ReadonlyMap<number, string> = new Map([
  [S_IFREG, 'REG'],
  [S_IFDIR, 'DIR'],
  [S_IFCHR, 'CHR'],
  [S_IFBLK, 'BLK'],
  [S_IFIFO, 'FIFO'],
  [S_IFLNK, 'LINK'],
  [S_IFSOCK, 'sock'],
]);

/** TYPE for st_mode's type bits, as lsof names them; another type as lsof shows it, 4 hex digits. */
export function fileTypeOfMode(mode: number): string {
  return MODE_TYPES.get(mode & S_IFMT) ?? ((mode & S_IFMT) >>> 12).toString(16).padStart(4, '0');
}

const O_ACCMODE = 3;
const accessOf = (flags: number): 'r' | 'w' | 'u' =>
  (flags & O_ACCMODE) === 0 ? 'r' : (flags & O_ACCMODE) === 1 ? 'w' : 'u';

const UNIX_TYPES: Readonly<Record<number, 'stream' | 'dgram' | 'seqpacket'>> = {
  1: 'stream',
  2: 'dgram',
  5: 'seqpacket',
};
const UNIX_STATES: Readonly<Record<number, string>> = {
  1: 'UNCONNECTED',
  2: 'CONNECTING',
  3: 'CONNECTED',
  4: 'DISCONNECTING',
};
// __SO_ACCEPTCON in /proc/net/unix's Flags column: a listening socket.
const SO_ACCEPTCON = 0x10000;

type SocketRow = { protocol: InetProtocol; row: InetSocket } | { protocol: 'unix'; row: UnixSocket };

const indexes = new WeakMap<ProcFs, Map<number, Map<number, SocketRow>>>();

/** inode -> row over the tcp, udp and unix tables of network namespace `netns`, via member `pid`. */
function socketIndex(fs: ProcFs, pid: number, netns: number): Map<number, SocketRow> {
  let byNs = indexes.get(fs);
  if (!byNs) {
    byNs = new Map();
    indexes.set(fs, byNs);
  }
  let index = byNs.get(netns);
  if (index) return index;
  index = new Map();
  for (const protocol of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
    for (const row of available(() => fs.inetSocketsOf(pid, netns, protocol)) ?? []) {
      if (row.inode !== 0) index.set(row.inode, { protocol, row });
    }
  }
  for (const row of available(() => fs.unixSocketsOf(pid, netns)) ?? [])
    index.set(row.inode, { protocol: 'unix', row });
  byNs.set(netns, index);
  return index;
}

function socketInfo(found: SocketRow | undefined): { type: string; socket: SocketInfo } {
  if (!found) return { type: 'sock', socket: { family: 'other' } };
  if (found.protocol === 'unix') {
    const r = found.row;
    const socket: SocketInfo = {
      family: 'unix',
      type: UNIX_TYPES[r.type] ?? 'unknown',
      listening: (r.flags & SO_ACCEPTCON) !== 0,
      state: UNIX_STATES[r.state] ?? String(r.state),
    };
    if (r.path) socket.path = r.path;
    return { type: 'unix', socket };
  }
  const r = found.row;
  const udp = found.protocol.startsWith('udp');
  return {
    type: found.protocol.endsWith('6') ? 'IPv6' : 'IPv4',
    socket: {
      family: 'inet',
      protocol: found.protocol,
      localAddress: r.localAddress,
      localPort: r.localPort,
      remoteAddress: r.remoteAddress,
      remotePort: r.remotePort,
      state: udp && r.state === 7 ? 'UNCONN' : (TCP_STATES[r.state] ?? String(r.state)),
      rxQueue: r.rxQueue,
      txQueue: r.txQueue,
    },
  };
}

/** Reads a link and what it names; failures other than the process vanishing become `error`. */
function linkFile(proc: Proc, kind: 'cwd' | 'root' | 'exe', label: string, withStat: boolean): OpenFile {
  const file: OpenFile = { kind, label, deleted: false, type: 'unknown' };
  try {
    const target = proc.entry(() => proc[kind]());
    // Gone while the process lives on (a zombie's links): that entry alone.
    if (target === undefined) {
      file.error = 'ENOENT';
      return file;
    }
    const link = parseFdLink(target);
    file.link = link;
    if (link.kind === 'path') {
      file.path = link.path;
      file.deleted = link.deleted;
    }
  } catch (err) {
    if (isGone(err)) throw err;
    file.error = errnoOf(err) ?? 'EIO';
    return file;
  }
  if (withStat) {
    try {
      const stat = proc.entry(() => proc.linkStat(kind));
      if (stat === undefined) file.error = 'ENOENT';
      else {
        file.stat = stat;
        file.type = fileTypeOfMode(stat.mode);
      }
    } catch (err) {
      if (isGone(err)) throw err;
      file.error = errnoOf(err) ?? 'EIO';
    }
  }
  return file;
}

/**
 * The open files of `proc`: cwd, root, exe, then its mapped files (one per device and inode, the
 * executable left out, in maps order), then its descriptors in ascending order. Throws ProcError
 * `gone` when the process vanished; anything else unreadable becomes an entry's `error` (a closed
 * fd directory gives one `fd` entry with label `NOFD`).
 */
export function openFiles(proc: Proc, fs: ProcFs, options: OpenFilesOptions = {}): OpenFile[] {
  const withStat = options.stat ?? true;
  const out: OpenFile[] = [
    linkFile(proc, 'cwd', 'cwd', withStat),
    linkFile(proc, 'root', 'rtd', withStat),
    linkFile(proc, 'exe', 'txt', withStat),
  ];
  const exe = out[2]!.stat;
  if (options.maps ?? true) {
    const seen = new Set<string>();
    if (exe) seen.add(`${exe.dev.major}:${exe.dev.minor}:${exe.ino}`);
    for (const m of entryOf(proc, () => proc.maps()) ?? []) {
      if (m.inode === 0 || !m.path || m.path[0] !== 0x2f) continue;
      const key = `${m.dev.major}:${m.dev.minor}:${m.inode}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        kind: 'mmap',
        label: m.deleted ? 'DEL' : 'mem',
        path: m.path,
        deleted: m.deleted,
        type: 'REG',
        dev: m.dev,
        inode: m.inode,
      });
    }
  }
  let fds: number[];
  try {
    fds = proc.entry(() => proc.fds()) ?? [];
  } catch (err) {
    if (isGone(err)) throw err;
    out.push({ kind: 'fd', label: 'NOFD', deleted: false, type: 'unknown', error: errnoOf(err) ?? 'EIO' });
    return out;
  }
  expectWork(out.length + fds.length);
  let netns: number | undefined | null = null;
  for (const fd of fds) {
    const file: OpenFile = { kind: 'fd', fd, label: String(fd), deleted: false, type: 'unknown' };
    out.push(file);
    let target: Buffer | undefined;
    try {
      target = proc.entry(() => proc.fdTarget(fd));
    } catch (err) {
      if (isGone(err)) throw err;
      file.error = errnoOf(err) ?? 'EIO';
      continue;
    }
    // A descriptor closed since the listing, in a process that lives on: leave it out.
    if (target === undefined) {
      out.pop();
      continue;
    }
    const link: FdLink = parseFdLink(target);
    file.link = link;
    const info = entryOf(proc, () => proc.fdinfo(fd));
    if (info) {
      file.flags = info.flags;
      file.offset = info.pos;
      file.access = accessOf(info.flags);
      if (info.mntId !== undefined) file.mountId = info.mntId;
    }
    if (link.kind === 'path') {
      file.path = link.path;
      file.deleted = link.deleted;
    } else if (link.kind === 'anon') {
      file.type = 'a_inode';
      continue;
    } else if (link.kind === 'socket') {
      if (netns === null) netns = entryOf(proc, () => proc.namespace('net'));
      const found = netns === undefined ? undefined : socketIndex(fs, proc.pid, netns).get(link.inode);
      const { type, socket } = socketInfo(found);
      file.type = type;
      file.socket = socket;
      file.inode = link.inode;
    } else if (link.kind === 'pipe') {
      file.type = 'FIFO';
      file.inode = link.inode;
    }
    if (withStat) {
      try {
        const st = proc.entry(() => proc.fdStat(fd));
        if (st === undefined) continue;
        file.stat = st;
        if (file.type === 'unknown') file.type = fileTypeOfMode(st.mode);
      } catch (err) {
        if (isGone(err)) throw err;
        file.error = errnoOf(err) ?? 'EIO';
      }
    }
  }
  return out;
}
