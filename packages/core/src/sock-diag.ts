// The I/O of parse/sock-diag.ts: one netlink socket, each dump asked and read to its end.
import { closeSync } from 'node:fs';
import { syscallsSync } from '@tproc/syscalls/sync';
import type { InetSocket } from './parse/net.ts';
import { type DiagTable, inetDiagRequest, NETLINK_SOCK_DIAG, parseInetDiag } from './parse/sock-diag.ts';

/** What a dump needs of @tproc/syscalls' Native. */
export interface DiagCalls {
  netlinkSocket(protocol: number): number;
  send(fd: number, data: Uint8Array): void;
  recv(fd: number, into: Uint8Array): number;
}

/**
 * The sockets of each table in its `states` (a bit per state number) of the calling thread's
 * network namespace, by sock_diag, by table; undefined when the FFI or the kernel cannot answer
 * (the caller reads /proc/net instead).
 */
export function inetSocketsByDiag(
  tables: ReadonlyMap<DiagTable, number>,
  calls: DiagCalls | undefined = syscallsSync(),
): Map<DiagTable, InetSocket[]> | undefined {
  if (calls === undefined) return undefined;
  let fd: number;
  try {
    fd = calls.netlinkSocket(NETLINK_SOCK_DIAG);
  } catch {
    return undefined;
  }
  try {
    const into = new Uint8Array(32768);
    const out = new Map<DiagTable, InetSocket[]>();
    for (const [table, states] of tables) {
      calls.send(fd, inetDiagRequest(table, states));
      const sockets: InetSocket[] = [];
      for (let done = false; !done; ) {
        const length = calls.recv(fd, into);
        if (length <= 0) return undefined;
        const chunk = parseInetDiag(into.subarray(0, length), table, sockets.length);
        if (chunk.error !== undefined) return undefined;
        sockets.push(...chunk.sockets);
        done = chunk.done;
      }
      out.set(table, sockets);
    }
    return out;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
