/** Names of the `st` column of /proc/net/tcp{,6}, indexed by number (include/net/tcp_states.h). */
export const TCP_STATES: Readonly<Record<number, string>> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};

/** A row of /proc/net/{tcp,udp,raw}{,6} (man 5 proc). */
export interface InetSocket {
  sl: number;
  /** Dotted IPv4, or IPv6 in RFC 5952 form (`::1`, `::ffff:127.0.0.1`), as Node formats it. */
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** The address columns as written, `0100007F:B26E` (lsof prints raw sockets this way). */
  localRaw: string;
  remoteRaw: string;
  /** TCP state number (see TCP_STATES); UDP and raw sockets reuse it (7 CLOSE when unconnected). */
  state: number;
  txQueue: number;
  rxQueue: number;
  uid: number;
  inode: number;
  /** Socket reference count (the column after inode). */
  refCount?: number;
  /** udp and raw only. */
  drops?: number;
}

// Asked of the memory itself rather than of node:os, which every command would then load at start.
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The kernel prints each 32-bit word of the address with %08X in host byte order, so on
 * little-endian machines `0100007F` is 127.0.0.1 (man 5 proc).
 */
function addressBytes(hex: string, littleEndian: boolean): number[] {
  const bytes: number[] = [];
  for (let w = 0; w + 8 <= hex.length; w += 8) {
    const word = [0, 2, 4, 6].map((i) => Number.parseInt(hex.slice(w + i, w + i + 2), 16));
    bytes.push(...(littleEndian ? word.reverse() : word));
  }
  return bytes;
}

/** RFC 5952 text for 16 address bytes: lowercase, longest run (>= 2) of zero groups as `::`, IPv4-mapped dotted. */
export function formatIpv6(bytes: readonly number[]): string {
  const b = (i: number) => bytes[i] ?? 0;
  if (bytes.slice(0, 10).every((x) => x === 0) && b(10) === 0xff && b(11) === 0xff) {
    return `::ffff:${b(12)}.${b(13)}.${b(14)}.${b(15)}`;
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b(i) << 8) | b(i + 1));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function formatAddress(hex: string, family: 4 | 6, littleEndian: boolean): string {
  const bytes = addressBytes(hex, littleEndian);
  return family === 4 ? bytes.join('.') : formatIpv6(bytes);
}

function endpoint(field: string, family: 4 | 6, littleEndian: boolean): [string, number] {
  const colon = field.indexOf(':');
  return [formatAddress(field.slice(0, colon), family, littleEndian), Number.parseInt(field.slice(colon + 1), 16)];
}

/**
 * Parses /proc/net/{tcp,tcp6,udp,udp6,raw,raw6}. `littleEndian` defaults to this host's byte
 * order, which is the order the kernel printed the addresses in.
 */
export function parseNetInet(text: string, family: 4 | 6, littleEndian = HOST_LITTLE_ENDIAN): InetSocket[] {
  const sockets: InetSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !/^\d+:$/.test(f[0]!)) continue;
    const [local, remote] = [endpoint(f[1]!, family, littleEndian), endpoint(f[2]!, family, littleEndian)];
    const [tx = '', rx = ''] = f[4]!.split(':');
    const socket: InetSocket = {
      sl: Number.parseInt(f[0]!, 10),
      localAddress: local[0],
      localPort: local[1],
      remoteAddress: remote[0],
      remotePort: remote[1],
      localRaw: f[1]!,
      remoteRaw: f[2]!,
      state: Number.parseInt(f[3]!, 16),
      txQueue: Number.parseInt(tx, 16),
      rxQueue: Number.parseInt(rx, 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
    };
    if (f[10] !== undefined) socket.refCount = Number(f[10]);
    // udp/raw lines end "ref pointer drops"; tcp lines carry more timer columns after the pointer.
    if (f.length === 13) socket.drops = Number(f[12]);
    sockets.push(socket);
  }
  return sockets;
}

/** A row of /proc/net/unix (man 5 proc). */
export interface UnixSocket {
  /** The `Num` column: the socket's kernel address as the kernel hashes it for printing (%pK). */
  address: string;
  refCount: number;
  /** Always 0. */
  protocol: number;
  /** 0x10000 (__SO_ACCEPTCON) marks a listening socket. */
  flags: number;
  /** 1 SOCK_STREAM, 2 SOCK_DGRAM, 5 SOCK_SEQPACKET. */
  type: number;
  /** 1 unconnected, 2 connecting, 3 connected, 4 disconnecting. */
  state: number;
  inode: number;
  /**
   * Bound path. Abstract names start with `@`, and the kernel prints every NUL byte of an abstract
   * name as `@` too (Node's abstract sockets fill sun_path, so they show a long tail of `@`).
   */
  path?: Buffer;
}

// Num: RefCount Protocol Flags Type St Inode [Path]; all hex but the inode.
const UNIX_LINE =
  /^([0-9a-fA-F]+): ([0-9a-fA-F]+) ([0-9a-fA-F]+) ([0-9a-fA-F]+) ([0-9a-fA-F]+) ([0-9a-fA-F]+) +(\d+)(?: (.*))?$/;

export function parseNetUnix(text: string | Buffer): UnixSocket[] {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const sockets: UnixSocket[] = [];
  for (const line of s.split('\n')) {
    const m = UNIX_LINE.exec(line);
    if (!m) continue;
    const socket: UnixSocket = {
      address: m[1]!,
      refCount: Number.parseInt(m[2]!, 16),
      protocol: Number.parseInt(m[3]!, 16),
      flags: Number.parseInt(m[4]!, 16),
      type: Number.parseInt(m[5]!, 16),
      state: Number.parseInt(m[6]!, 16),
      inode: Number(m[7]),
    };
    // The path follows a single space, so leading spaces belong to it.
    if (m[8] !== undefined && m[8] !== '') socket.path = Buffer.from(m[8], 'latin1');
    sockets.push(socket);
  }
  return sockets;
}

/** A row of /proc/net/netlink (net/netlink/af_netlink.c). */
export interface NetlinkSocket {
  /** The `sk` column: the kernel address as hashed for printing. */
  address: string;
  /** The netlink family (NETLINK_ROUTE 0, NETLINK_KOBJECT_UEVENT 15, ...): the `Eth` column. */
  protocol: number;
  /** Port id (0 until bound). */
  portId: number;
  groups: string;
  inode: number;
}

export function parseNetNetlink(text: string): NetlinkSocket[] {
  const sockets: NetlinkSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !/^[0-9a-f]+$/.test(f[0]!)) continue;
    sockets.push({ address: f[0]!, protocol: Number(f[1]), portId: Number(f[2]), groups: f[3]!, inode: Number(f[9]) });
  }
  return sockets;
}

/** A row of /proc/net/packet (net/packet/af_packet.c). */
export interface PacketSocket {
  address: string;
  refCount: number;
  /** SOCK_RAW 3 or SOCK_DGRAM 2. */
  type: number;
  /** The ethertype in host order (ETH_P_ALL 0x0003, ETH_P_IP 0x0800...). */
  protocol: number;
  ifindex: number;
  running: boolean;
  uid: number;
  inode: number;
}

export function parseNetPacket(text: string): PacketSocket[] {
  const sockets: PacketSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 9 || !/^[0-9a-f]+$/.test(f[0]!)) continue;
    sockets.push({
      address: f[0]!,
      refCount: Number(f[1]),
      type: Number(f[2]),
      protocol: Number.parseInt(f[3]!, 16),
      ifindex: Number(f[4]),
      running: f[5] === '1',
      uid: Number(f[7]),
      inode: Number(f[8]),
    });
  }
  return sockets;
}
