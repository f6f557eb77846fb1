// The I/O of parse/sock-diag.ts: each dump asked and read to its end, by the reader's C in one
// call where it is loaded (netlink_dump), else by the runtime's FFI a system call at a time.
import { closeSync } from 'node:fs';
import { syscallsSync } from '@tproc/syscalls/sync';
import type { InetSocket } from './parse/net.ts';
import { type DiagTable, dumpEnded, inetDiagRequest, NETLINK_SOCK_DIAG, parseInetDiag } from './parse/sock-diag.ts';
import { netlinkDumpReader, netlinkDumpsBesideReader } from './reader-thread.ts';

/** What a dump needs of @tproc/syscalls' Native. */
export interface DiagCalls {
  netlinkSocket(protocol: number): number;
  send(fd: number, data: Uint8Array): void;
  recv(fd: number, into: Uint8Array): number;
}

/** Netlink dumps: each the reply's messages up to its end, or undefined when it failed. */
export interface NetlinkDumper {
  dump(protocol: number, request: Uint8Array): Uint8Array | undefined;
  close(): void;
}

/** Dumps by socket(2), send(2) and recv(2) through the FFI, on one socket opened at the first. */
export function dumperByCalls(calls: DiagCalls): NetlinkDumper {
  let fd: number | undefined;
  return {
    dump(protocol, request) {
      try {
        fd ??= calls.netlinkSocket(protocol);
        calls.send(fd, request);
        const chunks: Uint8Array[] = [];
        for (;;) {
          const into = new Uint8Array(32768);
          const length = calls.recv(fd, into);
          if (length <= 0) return undefined;
          chunks.push(into.subarray(0, length));
          if (dumpEnded(chunks[chunks.length - 1] as Uint8Array)) return Buffer.concat(chunks);
        }
      } catch {
        return undefined;
      }
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** The reader's dumper where it is loaded, else the FFI's; undefined without either. */
function defaultDumper(): NetlinkDumper | undefined {
  const dump = netlinkDumpReader();
  if (dump !== undefined) return { dump, close() {} };
  const calls = syscallsSync();
  return calls === undefined ? undefined : dumperByCalls(calls);
}

/**
 * The sockets of each table in its `states` (a bit per state number) of the calling thread's
 * network namespace, by sock_diag, by table; undefined when the FFI or the kernel cannot answer
 * (the caller reads /proc/net instead).
 */
export function inetSocketsByDiag(
  tables: ReadonlyMap<DiagTable, number>,
  dumper: NetlinkDumper | undefined = defaultDumper(),
): Map<DiagTable, InetSocket[]> | undefined {
  if (dumper === undefined) return undefined;
  try {
    return socketsOfDumps(tables, (table, states) => dumper.dump(NETLINK_SOCK_DIAG, inetDiagRequest(table, states)));
  } finally {
    dumper.close();
  }
}

/**
 * inetSocketsByDiag begun now and answered by the function returned, which must be called: where
 * the reader's C is loaded, its kept thread makes the dumps meanwhile (a descriptor walk beside
 * them: pidsByPort); else they are made when it is called.
 */
export function inetSocketsByDiagBeside(
  tables: ReadonlyMap<DiagTable, number>,
): () => Map<DiagTable, InetSocket[]> | undefined {
  const beside = netlinkDumpsBesideReader();
  if (beside === undefined) return () => inetSocketsByDiag(tables);
  const order = [...tables];
  const finish = beside(
    NETLINK_SOCK_DIAG,
    order.map(([table, states]) => inetDiagRequest(table, states)),
  );
  return () => {
    const dumps = new Map(finish().map((bytes, i) => [order[i]?.[0], bytes]));
    return socketsOfDumps(tables, (table) => dumps.get(table));
  };
}

/** Each table's sockets from its dump; undefined when one failed or did not end. */
function socketsOfDumps(
  tables: ReadonlyMap<DiagTable, number>,
  dumpOf: (table: DiagTable, states: number) => Uint8Array | undefined,
): Map<DiagTable, InetSocket[]> | undefined {
  const out = new Map<DiagTable, InetSocket[]>();
  for (const [table, states] of tables) {
    const bytes = dumpOf(table, states);
    if (bytes === undefined) return undefined;
    const { sockets, done, error } = parseInetDiag(bytes, table);
    if (!done || error !== undefined) return undefined;
    out.set(table, sockets);
  }
  return out;
}
