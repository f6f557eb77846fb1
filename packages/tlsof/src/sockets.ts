// Sockets by inode, from this network namespace's /proc/net tables (lsof 4.95 reads only its
// own namespace's: a socket of another namespace is found nowhere and prints as `sock`).
import {
  type InetSocket,
  type InetTable,
  type NetlinkSocket,
  type PacketSocket,
  type ProcFs,
  TCP_STATES,
  type UnixSocket,
} from '@tproc/core';
import type { InetInfo } from './model.ts';

export type InetEntry = { kind: 'inet'; family: 4 | 6; protocol: 'TCP' | 'UDP' | 'UDPLITE'; socket: InetSocket };

export type SocketEntry =
  | InetEntry
  | { kind: 'raw'; family: 4 | 6; socket: InetSocket }
  | { kind: 'unix'; socket: UnixSocket }
  | { kind: 'netlink'; socket: NetlinkSocket }
  | { kind: 'packet'; socket: PacketSocket };

type Add = (inode: number, entry: SocketEntry) => void;

const inetTable =
  (table: InetTable, family: 4 | 6, protocol: InetEntry['protocol']) =>
  (fs: ProcFs, add: Add): void => {
    for (const socket of fs.inetSockets(table)) add(socket.inode, { kind: 'inet', family, protocol, socket });
  };

const rawTable =
  (table: InetTable, family: 4 | 6) =>
  (fs: ProcFs, add: Add): void => {
    for (const socket of fs.inetSockets(table)) add(socket.inode, { kind: 'raw', family, socket });
  };

/**
 * The tables in the order a socket is looked for, the cheap first: reading tcp or tcp6 takes
 * 3.4 ms here however few sockets they hold (the kernel walks its whole connection hash), each
 * other ~0.03 ms. `inet`: not read with -X.
 */
const TABLES: readonly { inet: boolean; read: (fs: ProcFs, add: Add) => void }[] = [
  {
    inet: false,
    read: (fs, add) => {
      for (const socket of fs.unixSockets()) add(socket.inode, { kind: 'unix', socket });
    },
  },
  {
    inet: false,
    read: (fs, add) => {
      for (const socket of fs.netlinkSockets()) add(socket.inode, { kind: 'netlink', socket });
    },
  },
  {
    inet: false,
    read: (fs, add) => {
      for (const socket of fs.packetSockets()) add(socket.inode, { kind: 'packet', socket });
    },
  },
  { inet: false, read: rawTable('raw', 4) },
  { inet: false, read: rawTable('raw6', 6) },
  { inet: true, read: inetTable('udp', 4, 'UDP') },
  { inet: true, read: inetTable('udp6', 6, 'UDP') },
  { inet: true, read: inetTable('udplite', 4, 'UDPLITE') },
  { inet: true, read: inetTable('udplite6', 6, 'UDPLITE') },
  { inet: true, read: inetTable('tcp', 4, 'TCP') },
  { inet: true, read: inetTable('tcp6', 6, 'TCP') },
];

/**
 * Sockets by inode from the socket tables, each read once, and only until the socket looked for
 * is found (lsof reads them all at its first socket; a socket sits in one table alone).
 */
export class SocketTables {
  readonly #byInode = new Map<number, SocketEntry>();
  readonly #unread: (typeof TABLES)[number][];

  constructor(
    readonly fs: ProcFs,
    /** -X: TCP and UDP tables are not read. */
    skipInet = false,
  ) {
    this.#unread = TABLES.filter((table) => !(skipInet && table.inet));
  }

  find(inode: number): SocketEntry | undefined {
    for (;;) {
      const entry = this.#byInode.get(inode);
      if (entry || !this.#readNext()) return entry;
    }
  }

  /**
   * The inodes of the Unix sockets whose path (unixPathOf) is one of `paths`: from the Unix table
   * alone.
   */
  unixBoundAt(paths: readonly Buffer[]): Set<number> {
    const inodes = new Set<number>();
    if (paths.length === 0) return inodes;
    let sockets: UnixSocket[] = [];
    try {
      sockets = this.fs.unixSockets();
    } catch {}
    for (const socket of sockets) {
      const path = unixPathOf(socket);
      if (socket.inode !== 0 && path?.length && paths.some((p) => p.equals(path))) inodes.add(socket.inode);
    }
    return inodes;
  }

  /** The TCP, UDP and UDPLITE sockets of the tables. */
  inetEntries(): InetEntry[] {
    while (this.#readNext());
    return [...this.#byInode.values()].filter((e): e is InetEntry => e.kind === 'inet');
  }

  /** Reads the next unread table (an unreadable one holds nothing); false when none is left. */
  #readNext(): boolean {
    const table = this.#unread.shift();
    if (!table) return false;
    try {
      table.read(this.fs, (inode, entry) => {
        if (inode !== 0 && !this.#byInode.has(inode)) this.#byInode.set(inode, entry);
      });
    } catch {}
    return true;
  }
}

/**
 * A Unix socket's path as lsof takes it: lsof splits /proc/net/unix lines at blanks and colons,
 * so a path ends at its first space, tab or ':' (observed: `@zoo-abstract:/tmp/d` shows as
 * `@zoo-abstract`).
 */
export function unixPathOf(s: UnixSocket): Buffer | undefined {
  const cut = s.path ? s.path.findIndex((b) => b === 0x20 || b === 0x09 || b === 0x3a) : -1;
  return s.path && cut >= 0 ? s.path.subarray(0, cut) : s.path;
}

/** What -i and -F/-J need of an Internet socket's table entry. */
export function inetInfo(entry: InetEntry): InetInfo {
  const s = entry.socket;
  const inet: InetInfo = {
    family: entry.family,
    protocol: entry.protocol,
    local: { address: s.localAddress, port: s.localPort },
    stateNumber: s.state,
    rxQueue: s.rxQueue,
    txQueue: s.txQueue,
  };
  const zero = s.remoteAddress === '0.0.0.0' || s.remoteAddress === '::';
  if (!(zero && s.remotePort === 0)) inet.remote = { address: s.remoteAddress, port: s.remotePort };
  if (entry.protocol === 'TCP') inet.state = tcpStateName(s.state);
  return inet;
}

/** TCP state names as lsof prints them (include/net/tcp_states.h names). */
export function tcpStateName(state: number): string {
  const name = TCP_STATES[state];
  if (name === undefined) return `UNKNOWN_TCP_STATE_${state}`;
  return name;
}

/** Netlink families (include/uapi/linux/netlink.h) by number, as lsof names them. */
export const NETLINK_NAMES: Readonly<Record<number, string>> = {
  0: 'ROUTE',
  1: 'UNUSED',
  2: 'USERSOCK',
  3: 'FIREWALL',
  4: 'SOCK_DIAG',
  5: 'NFLOG',
  6: 'XFRM',
  7: 'SELINUX',
  8: 'ISCSI',
  9: 'AUDIT',
  10: 'FIB_LOOKUP',
  11: 'CONNECTOR',
  12: 'NETFILTER',
  13: 'IP6_FW',
  14: 'DNRTMSG',
  15: 'KOBJECT_UEVENT',
  16: 'GENERIC',
  18: 'SCSITRANSPORT',
  19: 'ECRYPTFS',
  20: 'RDMA',
  21: 'CRYPTO',
  22: 'SMC',
};

/** Ethertypes (include/uapi/linux/if_ether.h) as lsof names packet socket protocols. */
export const ETHERTYPE_NAMES: Readonly<Record<number, string>> = {
  1: '802_3',
  2: 'AX25',
  3: 'ALL',
  4: '802_2',
  5: 'SNAP',
  6: 'DDCMP',
  7: 'WAN_PPP',
  8: 'PPP_MP',
  9: 'LOCALTALK',
  16: 'PPPTALK',
  17: 'TR_802_2',
  21: 'MOBITEX',
  22: 'CONTROL',
  23: 'IRDA',
  24: 'ECONET',
  512: 'PUP',
  513: 'PUPAT',
  2048: 'IP',
  2053: 'X25',
  2054: 'ARP',
  2303: 'BPQ',
  2560: 'IEEEPUP',
  2561: 'IEEEPUPAT',
  24576: 'DEC',
  24577: 'DNA_DL',
  24578: 'DNA_RC',
  24579: 'DNA_RT',
  24580: 'LAT',
  24581: 'DIAG',
  24582: 'CUST',
  24583: 'SCA',
  32821: 'RARP',
  32923: 'ATALK',
  33011: 'AARP',
  33024: '8021Q',
  33079: 'IPX',
  34525: 'IPV6',
  34824: 'PAUSE',
  34825: 'SLOW',
  34878: 'WCCP',
  34915: 'PPP_DISC',
  34916: 'PPP_SES',
  34887: 'MPLS_UC',
  34888: 'MPLS_MC',
  34892: 'ATMMPOA',
  34948: 'ATMFATE',
  34978: 'AOE',
  35018: 'TIPC',
  36864: 'LOOP',
};

export const UNIX_TYPES: Readonly<Record<number, string>> = {
  1: 'STREAM',
  2: 'DGRAM',
  3: 'RAW',
  4: 'RDM',
  5: 'SEQPACKET',
};

/** The state word lsof adds to a Unix socket's name (St column; __SO_ACCEPTCON flag = LISTEN). */
export function unixStateName(socket: UnixSocket): string {
  if (socket.flags & 0x10000) return 'LISTEN';
  switch (socket.state) {
    case 1:
      return 'UNCONNECTED';
    case 2:
      return 'CONNECTING';
    case 3:
      return 'CONNECTED';
    case 4:
      return 'DISCONNECTING';
    default:
      return `UNKNOWN_STATE_${socket.state}`;
  }
}
