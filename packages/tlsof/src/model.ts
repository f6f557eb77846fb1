// What tlsof lists: processes and their open files, as the listing, -F and -J print them.
import type { DeviceNumber } from '@tproc/core';

/** A process (or, with -K, a task) and the files it holds. */
export interface LsofProcess {
  pid: number;
  /** With -K: the task id (TID column); undefined for the process itself. */
  tid?: number;
  /** The task's own command name (TASKCMD), with -K. */
  taskCommand?: Buffer;
  ppid: number;
  pgid: number;
  uid: number;
  /** comm, as stat gives it (raw bytes). */
  command: Buffer;
  files: LsofFile[];
}

/** Address of one end of an Internet socket. */
export interface InetEnd {
  /** Dotted IPv4 or RFC 5952 IPv6 text; `::ffff:a.b.c.d` stays IPv6 here. */
  address: string;
  port: number;
}

/** What -i and -F/-J need of an Internet socket. */
export interface InetInfo {
  family: 4 | 6;
  protocol: 'TCP' | 'UDP' | 'UDPLITE';
  local: InetEnd;
  /** undefined when unconnected (address and port zero). */
  remote?: InetEnd;
  /** TCP state name (LISTEN, ESTABLISHED...), or undefined for UDP. */
  state?: string;
  /** The kernel's state number (UDP sockets report 7 when idle, 1 when connected). */
  stateNumber: number;
  rxQueue: number;
  txQueue: number;
}

/**
 * One line of the listing. Texts are what the columns show before padding; `name` holds raw
 * bytes (escaped when printed) plus plain text after it.
 */
export interface LsofFile {
  /** FD column: `cwd`, `rtd`, `txt`, `mem`, `DEL`, `NOFD`, or the descriptor number (`*345` past 9999). */
  fd: string;
  /** The descriptor number, for -d ranges. */
  fdNumber?: number;
  /** Access mode character: r, w, u, or ' ' when unknown. '' when it has none (mem, txt...). */
  access: string;
  /** Lock character: r R w W u U, or ' '. '' when it has none. */
  lock: string;
  /** TYPE column. */
  type: string;
  /** DEVICE column text (`254,0`, `0x0000000071913413`, an inode for IPv4...). */
  device: string;
  /** The device number for name matching (st_dev, or st_rdev for device files' own number). */
  dev?: DeviceNumber;
  rdev?: DeviceNumber;
  /** File size, when it has one to show. */
  size?: number;
  /** File offset, when known (fdinfo pos). */
  offset?: number;
  /** Whether SIZE/OFF shows the offset (character devices, FIFOs, sockets) rather than the size. */
  preferOffset: boolean;
  /** NODE column text (inode, or protocol name for Internet sockets). */
  node: string;
  inode?: number;
  nlink?: number;
  /** st_mode type bits, when stat-ed. */
  mode?: number;
  /** NAME column: raw bytes (escaped on output) and a plain suffix (` (deleted)`, errors...). */
  name: Buffer;
  nameSuffix: string;
  /** -F P: protocol name. */
  protocol?: string;
  inet?: InetInfo;
  /** A Unix socket's bound path (for name matching). */
  unixPath?: Buffer;
  /** The file was found deleted (link count 0, ` (deleted)` link). */
  deleted?: boolean;
  /** open(2) flags from fdinfo, for +f g/G. */
  flags?: number;
  /**
   * A socket's state word: TCP's (LISTEN, ESTABLISHED...) or a Unix socket's (CONNECTED...),
   * shown in parentheses after the name or as -F's `TST=`.
   */
  socketState?: string;
  /** A line that reports a failure (readlink, stat, opendir): -t does not count it (observed). */
  error?: boolean;
  /** NAME is followed by TCP/TPI items (Internet and Unix sockets). */
  tcpTpi?: boolean;
  /**
   * One object on the lines of every process that has this file so (a mapped file, a cwd, root
   * or program): its line from FD on is the same on each, made once (render.ts).
   */
  shared?: boolean;
}
