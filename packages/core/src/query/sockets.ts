// Who listens where: the TCP and UDP tables of every network namespace on the machine (our own
// namespace's listeners by sock_diag, the rest once through a member process's /proc/PID/net/*),
// joined with the processes that hold each socket (their fd links `socket:[INODE]`). lsof and
// fuser read only their own namespace's tables.
import { available, isDenied } from '../errors.ts';
import { type InetSocket, TCP_STATES } from '../parse/net.ts';
import { type ProcessSockets, ProcFs } from '../procfs.ts';
import { LISTENER_STATES } from '../parse/sock-diag.ts';
import { listDir, readLinkText } from '../read.ts';
import type { SocketLink } from '../read-ahead.ts';
import { DEFAULT_PROC_ROOT } from '../roots.ts';
import { inetSocketsByDiagBeside } from '../sock-diag.ts';

export type InetProtocol = 'tcp' | 'tcp6' | 'udp' | 'udp6';
export const INET_PROTOCOLS: readonly InetProtocol[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/** A descriptor that holds a socket. */
export interface SocketHolder {
  pid: number;
  fd: number;
}

export interface NetSocket {
  protocol: InetProtocol;
  /** The network namespace's inode number (as its ns/net link names it). */
  netns: number;
  localAddress: string;
  localPort: number;
  /** `0.0.0.0` / `::` and 0 when unconnected. */
  remoteAddress: string;
  remotePort: number;
  /** TCP's state name (LISTEN, ESTABLISHED...); for UDP `UNCONN` or `ESTABLISHED` (as ss names them). */
  state: string;
  /** The socket's owner (the table's uid column). */
  uid: number;
  inode: number;
  rxQueue: number;
  txQueue: number;
  /** The processes holding it, by pid then fd; empty when none could be seen (another user's, as non-root). */
  holders: SocketHolder[];
}

export interface SocketQuery {
  fs?: ProcFs;
  /** Every socket, connections included; default only listeners (TCP LISTEN, unconnected UDP). */
  all?: boolean;
  /** Only these local ports (exact match). */
  ports?: readonly number[];
  protocols?: readonly InetProtocol[];
}

const TCP_LISTEN = 10;
const UDP_UNCONNECTED = 7;

function stateOf(protocol: InetProtocol, state: number): string {
  if (protocol.startsWith('udp')) return state === UDP_UNCONNECTED ? 'UNCONN' : (TCP_STATES[state] ?? String(state));
  return TCP_STATES[state] ?? String(state);
}

function isListener(protocol: InetProtocol, socket: InetSocket): boolean {
  return protocol.startsWith('udp') ? socket.state === UDP_UNCONNECTED : socket.state === TCP_LISTEN;
}

export interface SocketOwners {
  /** Holders of each socket inode. */
  holders: Map<number, SocketHolder[]>;
  /** One process per network namespace seen among the holders, by the namespace's inode. */
  namespaces: Map<number, number>;
  /** Each holder's network namespace, where it could be read. */
  netnsOf: Map<number, number>;
}

/**
 * Walks every process's descriptors once for the sockets they hold. Processes whose fd directory
 * is closed to us (another user's, as non-root) or that vanish are skipped.
 */
export function socketOwners(fs: ProcFs): SocketOwners {
  const holders = new Map<number, SocketHolder[]>();
  const namespaces = new Map<number, number>();
  const netnsOf = new Map<number, number>();
  for (const { pid, links, netns: read } of socketLinksByProcess(fs)) {
    for (const { fd, inode } of links) {
      const list = holders.get(inode);
      if (list) list.push({ pid, fd });
      else holders.set(inode, [{ pid, fd }]);
    }
    const netns = read ?? available(() => fs.process(pid).namespace('net'));
    if (netns === undefined) continue;
    netnsOf.set(pid, netns);
    if (!namespaces.has(netns)) namespaces.set(netns, pid);
  }
  return { holders, namespaces, netnsOf };
}

/**
 * Each process that holds sockets, with its socket links: in one call of the reader's C where
 * ProcFs.socketLinksOfAll answers, else process by process (kernel threads, which hold no files,
 * passed over), on two threads where socketLinksOfEach reads them.
 */
function* socketLinksByProcess(fs: ProcFs): Generator<ProcessSockets> {
  const all = fs.socketLinksOfAll();
  if (all !== undefined) {
    yield* all;
    return;
  }
  const kernel = fs.kernelThreads();
  const pids = fs.pids().filter((pid) => !kernel.has(pid));
  const ahead = fs.socketLinksOfEach(pids);
  for (const pid of pids) {
    const read = ahead?.next().value;
    if (read === 'denied') continue;
    const links = read ?? socketLinksInTurn(fs, pid);
    if (links.length > 0) yield { pid, links, netns: undefined };
  }
}

/**
 * A process's descriptors that hold sockets, read in turn: plain reads, no Proc handle (this
 * walks every descriptor of every process, ss -p's work), a link read as text only to find
 * `socket:[INODE]`. Empty when it vanished or its fd directory is closed to us (another user's,
 * as non-root).
 */
function socketLinksInTurn(fs: ProcFs, pid: number): SocketLink[] {
  const dir = `${fs.procRoot}/${pid}/fd`;
  const links: SocketLink[] = [];
  let fds: string[];
  try {
    fds = listDir(dir);
  } catch {
    return links;
  }
  for (const name of fds) {
    let target: string;
    try {
      target = readLinkText(`${dir}/${name}`);
    } catch (err) {
      // One ptrace check guards every link of the directory (man 5 proc): refused once, all are.
      if (isDenied(err)) break;
      continue;
    }
    if (target.startsWith('socket:[')) links.push({ fd: Number(name), inode: Number(target.slice(8, -1)) });
  }
  return links;
}

/**
 * The TCP and UDP sockets (IPv4 and IPv6) of every network namespace that a process we can see
 * is in, plus our own, with their holders. Sorted by protocol, local port, namespace, inode.
 */
export function listInetSockets(query: SocketQuery = {}): NetSocket[] {
  const fs = query.fs ?? new ProcFs();
  const protocols = query.protocols ?? INET_PROTOCOLS;
  const ports = query.ports ? new Set(query.ports) : undefined;
  // Listeners of our own namespace are asked of sock_diag, which need not walk the kernel's
  // established hash as /proc/net/tcp does (parse/sock-diag.ts), beside the descriptors' walk;
  // other namespaces' are read from a member's /proc/PID/net, which needs no setns(2).
  const diag =
    !query.all && fs.procRoot === DEFAULT_PROC_ROOT
      ? inetSocketsByDiagBeside(new Map(protocols.map((p) => [p, LISTENER_STATES[p]])))
      : undefined;
  let owners: SocketOwners;
  let dumped: ReturnType<NonNullable<typeof diag>>;
  try {
    owners = socketOwners(fs);
  } finally {
    dumped = diag?.();
  }
  const { holders, namespaces, netnsOf } = owners;
  const self = fs.selfPid();
  const ownNs = netnsOf.get(self) ?? available(() => fs.process(self).namespace('net'));
  const byDiag = ownNs === undefined ? undefined : dumped;
  // Our own namespace even when no process in it holds a socket we can see.
  if (ownNs !== undefined && !namespaces.has(ownNs)) namespaces.set(ownNs, self);
  const out: NetSocket[] = [];
  for (const [netns, pid] of namespaces) {
    for (const protocol of protocols) {
      const table =
        (netns === ownNs ? byDiag?.get(protocol) : undefined) ??
        available(() => fs.inetSocketsOf(pid, netns, protocol));
      if (!table) continue;
      for (const s of table) {
        if (!query.all && !isListener(protocol, s)) continue;
        if (ports && !ports.has(s.localPort)) continue;
        out.push({
          protocol,
          netns,
          localAddress: s.localAddress,
          localPort: s.localPort,
          remoteAddress: s.remoteAddress,
          remotePort: s.remotePort,
          state: stateOf(protocol, s.state),
          uid: s.uid,
          inode: s.inode,
          rxQueue: s.rxQueue,
          txQueue: s.txQueue,
          holders: s.inode === 0 ? [] : (holders.get(s.inode) ?? []),
        });
      }
    }
  }
  const order = (p: InetProtocol): number => INET_PROTOCOLS.indexOf(p);
  return out.sort(
    (a, b) =>
      order(a.protocol) - order(b.protocol) || a.localPort - b.localPort || a.netns - b.netns || a.inode - b.inode,
  );
}

/** The pids holding a socket that listens on `port` (TCP or UDP, any address, any namespace). */
export function pidsByPort(port: number, options: { fs?: ProcFs } = {}): number[] {
  const pids = new Set<number>();
  for (const s of listInetSockets({ ...options, ports: [port] })) for (const h of s.holders) pids.add(h.pid);
  return [...pids].sort((a, b) => a - b);
}

/** The two ends of a connection as the tables show them (addresses as parseNetInet writes them). */
export interface InetEnds {
  protocol: InetProtocol;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

const v4 = (address: string): string => (address.startsWith('::ffff:') ? address.slice(7) : address);

/**
 * The other end of a connection inside the same network namespace (a loopback or local
 * connection), looked up in `netns`'s tables of both families (an IPv4-mapped IPv6 socket may
 * talk to an IPv4 one); undefined when it is elsewhere or unconnected.
 */
export function peerSocket(fs: ProcFs, viaPid: number, netns: number, ends: InetEnds): InetSocket | undefined {
  if (ends.remotePort === 0) return undefined;
  const base = ends.protocol.startsWith('tcp') ? 'tcp' : 'udp';
  for (const table of [base, `${base}6`] as const) {
    for (const row of available(() => fs.inetSocketsOf(viaPid, netns, table)) ?? []) {
      if (
        row.localPort === ends.remotePort &&
        row.remotePort === ends.localPort &&
        v4(row.localAddress) === v4(ends.remoteAddress) &&
        v4(row.remoteAddress) === v4(ends.localAddress)
      ) {
        return row;
      }
    }
  }
  return undefined;
}
