// NETLINK_SOCK_DIAG, the kernel's socket table by message (man 7 sock_diag): the requests asked
// and the replies parsed into the rows /proc/net/{tcp,udp}{,6} would show. A dump of listeners
// alone walks only the kernel's listening hash; /proc/net/tcp walks the established hash too,
// however few connections it holds (3.3 ms here for a table of two lines, against 15 us).
import { formatIpv6, type InetSocket } from './net.ts';

export const NETLINK_SOCK_DIAG = 4;
const SOCK_DIAG_BY_FAMILY = 20;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLM_F_REQUEST = 0x1;
const NLM_F_DUMP = 0x300;
const NLMSG_HEADER = 16;
/** struct inet_diag_req_v2 after the header. */
const REQUEST_LENGTH = NLMSG_HEADER + 56;
/** struct inet_diag_msg: the part of a reply read here. */
const MESSAGE_LENGTH = 72;

const AF_INET = 2;
const AF_INET6 = 10;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const TCP_LISTEN = 10;

export type DiagTable = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** Listeners as /proc/net's tables count them: TCP in LISTEN, UDP unconnected (state 7, CLOSE). */
export const LISTENER_STATES: Readonly<Record<DiagTable, number>> = {
  tcp: 1 << TCP_LISTEN,
  tcp6: 1 << TCP_LISTEN,
  udp: 1 << 7,
  udp6: 1 << 7,
};

/** A dump request (inet_diag_req_v2) for the sockets of `table` in `states` (a bit per state number). */
export function inetDiagRequest(table: DiagTable, states: number, sequence = 1): Uint8Array {
  const b = Buffer.alloc(REQUEST_LENGTH);
  b.writeUInt32LE(REQUEST_LENGTH, 0);
  b.writeUInt16LE(SOCK_DIAG_BY_FAMILY, 4);
  b.writeUInt16LE(NLM_F_REQUEST | NLM_F_DUMP, 6);
  b.writeUInt32LE(sequence, 8);
  b[16] = table.endsWith('6') ? AF_INET6 : AF_INET;
  b[17] = table.startsWith('tcp') ? IPPROTO_TCP : IPPROTO_UDP;
  b.writeUInt32LE(states >>> 0, 20);
  return b;
}

/** Whether `bytes` (whole messages of a netlink dump) hold its last one (NLMSG_DONE or NLMSG_ERROR). */
export function dumpEnded(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + NLMSG_HEADER <= b.length; ) {
    const type = b.readUInt16LE(at + 4);
    if (type === NLMSG_DONE || type === NLMSG_ERROR) return true;
    const length = b.readUInt32LE(at);
    if (length < NLMSG_HEADER) return false;
    at += (length + 3) & ~3;
  }
  return false;
}

/** One recv's messages: the rows, and whether the dump ended (NLMSG_DONE, or an error's -errno). */
export interface DiagChunk {
  sockets: InetSocket[];
  done: boolean;
  /** The kernel's error (a positive errno) when the dump failed. */
  error?: number;
}

/** The address column as /proc/net prints it: each 32-bit word in host order, %08X. */
function rawAddress(b: Buffer, at: number, words: number): string {
  let text = '';
  for (let w = 0; w < words; w++)
    text += b
      .readUInt32LE(at + 4 * w)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
  return text;
}

function address(b: Buffer, at: number, v6: boolean): string {
  return v6 ? formatIpv6([...b.subarray(at, at + 16)]) : `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/**
 * The messages in `bytes` (one recv of a dump of `table`), numbered (`sl`) from `first`. Queues as /proc/net/tcp shows them: for
 * a listener the diag reply's write queue is its backlog's limit (ss's Send-Q), the table's is 0.
 */
export function parseInetDiag(bytes: Uint8Array, table: DiagTable, first = 0): DiagChunk {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const v6 = table.endsWith('6');
  const words = v6 ? 4 : 1;
  const sockets: InetSocket[] = [];
  for (let at = 0; at + NLMSG_HEADER <= b.length; ) {
    const length = b.readUInt32LE(at);
    const type = b.readUInt16LE(at + 4);
    if (length < NLMSG_HEADER || at + length > b.length) break;
    if (type === NLMSG_DONE) return { sockets, done: true };
    if (type === NLMSG_ERROR) return { sockets, done: true, error: -b.readInt32LE(at + NLMSG_HEADER) };
    if (type === SOCK_DIAG_BY_FAMILY && length >= NLMSG_HEADER + MESSAGE_LENGTH) {
      const m = at + NLMSG_HEADER;
      const state = b[m + 1]!;
      const localPort = b.readUInt16BE(m + 4);
      const remotePort = b.readUInt16BE(m + 6);
      const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
      sockets.push({
        sl: first + sockets.length,
        localAddress: address(b, m + 8, v6),
        localPort,
        remoteAddress: address(b, m + 24, v6),
        remotePort,
        localRaw: `${rawAddress(b, m + 8, words)}:${hexPort(localPort)}`,
        remoteRaw: `${rawAddress(b, m + 24, words)}:${hexPort(remotePort)}`,
        state,
        txQueue: table.startsWith('tcp') && state === TCP_LISTEN ? 0 : b.readUInt32LE(m + 60),
        rxQueue: b.readUInt32LE(m + 56),
        uid: b.readUInt32LE(m + 64),
        inode: b.readUInt32LE(m + 68),
      });
    }
    at += (length + 3) & ~3;
  }
  return { sockets, done: false };
}
