// The thread behind ReadAhead (read-ahead.ts): a few lines of C (reader-thread-source.ts) run on
// a POSIX thread of our own, so that the kernel's work of producing /proc files for thousands of
// processes runs on a second core while JavaScript parses and prints on the first. The C is the
// shared library the build put beside the executable (TPROC_READER_LIBRARY), else compiled when
// first needed by the C compiler Bun carries (bun:ffi's cc, TinyCC: ~4 ms a run, against 0.2 for
// the library's dlopen). Under Bun on x86-64 only: elsewhere there is no thread, and every file is
// read in turn as before.
import { closeSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bunFfi } from './bun-ffi.ts';
import type { ThreadJob } from './read-ahead.ts';
import { READER_SOURCE } from './reader-thread-source.ts';
import { STAT_FIELD_NUMBERS, STAT_NUMBERS } from './stat-numbers.ts';

/**
 * The file name of the library compiled from READER_SOURCE, named by a hash of it, that the
 * executable finds beside itself: defined by scripts/build.mjs when it could compile one.
 */
declare const TPROC_READER_LIBRARY: string | undefined;

type Signatures = Record<string, { args: string[]; returns: string }>;
export type ReaderSymbols = {
  start(...args: (number | ArrayBufferView)[]): number;
  read_now(...args: (number | ArrayBufferView)[]): number;
  read_each(...args: (number | ArrayBufferView)[]): void;
  read_listing(...args: (number | ArrayBufferView)[]): number;
  socket_links(...args: (number | ArrayBufferView)[]): number;
  netlink_dump(...args: (number | ArrayBufferView)[]): number;
  read_processes(...args: (number | ArrayBufferView)[]): number;
  may_hold(...args: (number | ArrayBufferView)[]): number;
  /** A handle (a pointer as the FFI gives it), or null. */
  dumps_begin(...args: (number | ArrayBufferView)[]): unknown;
  dumps_end(handle: unknown, ...args: (number | ArrayBufferView)[]): number;
};
export type Ffi = {
  cc(options: { source: string; symbols: Signatures }): { symbols: ReaderSymbols };
  dlopen<T>(path: string, symbols: Signatures): { symbols: T };
  ptr(view: ArrayBufferView): number;
};

export const SIGNATURES: Signatures = {
  start: {
    args: ['ptr', 'int', 'ptr', 'int', 'ptr', 'int', 'u32', 'int', 'ptr', 'ptr', 'ptr', 'int', 'int', 'ptr'],
    returns: 'int',
  },
  read_now: { args: ['ptr', 'int', 'int', 'ptr', 'int', 'int', 'ptr', 'int'], returns: 'int' },
  read_each: { args: ['ptr', 'int', 'ptr', 'int', 'ptr', 'ptr', 'int', 'ptr'], returns: 'void' },
  read_listing: { args: ['ptr', 'int', 'ptr', 'ptr', 'int', 'ptr', 'ptr', 'int', 'int', 'ptr'], returns: 'int' },
  socket_links: { args: ['ptr', 'int', 'ptr', 'int'], returns: 'int' },
  netlink_dump: { args: ['int', 'ptr', 'int', 'ptr', 'int'], returns: 'int' },
  read_processes: {
    args: ['ptr', 'int', 'ptr', 'int', 'ptr', 'int', 'ptr', 'int', 'ptr', 'int', 'ptr'],
    returns: 'int',
  },
  may_hold: { args: ['ptr', 'int', 'ptr', 'int', 'ptr', 'int', 'ptr'], returns: 'int' },
  dumps_begin: { args: ['int', 'ptr', 'int', 'int'], returns: 'ptr' },
  dumps_end: { args: ['ptr', 'ptr', 'int', 'ptr'], returns: 'int' },
};

const MFD_CLOEXEC = 1;

/**
 * The visit's own read of item `name` of process `pid` under `root`, made as the thread makes it,
 * into `into`: the length used, or -errno. Pid -1 lets go of the last process's directory.
 */
export type ReadNow = (
  root: string,
  pid: number,
  name: string,
  whole: boolean,
  statxFlags: number,
  into: Uint8Array,
) => number;

/**
 * One-shot file `name` of each of `pids` under `root`, read by two threads at once: item i in
 * `data` at i * `slot`, its length (or -errno) in lengths[i].
 */
export type ReadEach = (
  root: string,
  pids: Int32Array,
  name: string,
  slot: number,
) => { data: Buffer; lengths: Int32Array };

/**
 * Ways a listing of comms may name processes without reading their files (where `root` is our
 * own /proc and the kernel lets us): a BPF task iterator's records, taskstats' replies.
 */
export const NAMED_BY = { iterator: 1, taskstats: 2 } as const;

/**
 * ReadEach over the numeric entries of `root`, read while it is listed: `count` pids in `pids`, in
 * the listing's order, and their files; count is -errno when the root could not be listed, and
 * more than `capacity` when there was no room for every pid (none is read past it). A comm may
 * come from the ways (NAMED_BY bits) allow instead: how many did, in `named`.
 */
export type ReadListing = (
  root: string,
  name: string,
  slot: number,
  capacity: number,
  ways?: number,
) => {
  count: number;
  pids: Int32Array;
  data: Buffer;
  lengths: Int32Array;
  named: { iterator: number; taskstats: number };
};

/**
 * Every socket a process under `root` holds, as (pid, fd, inode) triples, read on this thread in
 * one call (kernel threads passed over), each holder's network namespace after its sockets as
 * (pid, NETNS_FD, inode); undefined when `root` could not be listed.
 */
export type SocketLinks = (root: string) => Uint32Array | undefined;
export const NETNS_FD = 0xffffffff;

/** A netlink dump of `protocol` in one call: the reply's messages up to its end, or undefined. */
export type NetlinkDump = (protocol: number, request: Uint8Array) => Uint8Array | undefined;

/**
 * Netlink dumps of `protocol` begun beside the caller (on the C's kept thread), one a request of
 * the same length; the function returned waits for them and gives each as NetlinkDump does. It
 * must be called: the thread is the dumps' until then.
 */
export type NetlinkDumpsBeside = (
  protocol: number,
  requests: readonly Uint8Array[],
) => () => (Uint8Array | undefined)[];

/**
 * read_processes' bytes a process for its stat line; for command lines, packed, bytes a process on
 * average (one longer than ARGS_MAX, 32 KiB, or past the end of them all is left to the caller).
 */
export const PROCESS_STAT_SLOT = 512;
export const PROCESS_ARGS_SHARE = 1024;
/** read_processes' ints a process in `out`. */
export const PROCESS_FIELDS = 5;

/**
 * Every process under `root`, listed, then read on two threads: `count` of them; for process i at
 * o = PROCESS_FIELDS * i, out[o] its pid, out[o+1] its stat's length in `stats` at
 * i * PROCESS_STAT_SLOT (-errno, or -ENOSPC when it did not fit), out[o+2] its effective uid (-1 a
 * kernel thread, -2 not read), out[o+3] its cmdline's length (-errno, -ENOSPC; 0 for a kernel
 * thread) and out[o+4] where it starts in `args`; `numbers` has STAT_NUMBERS a process, its stat's
 * fields as stat-numbers.ts lists them. count is -errno when `root` could not be listed, more than
 * `capacity` when there was no room (nothing read then).
 */
export type ReadProcesses = (
  root: string,
  capacity: number,
) => { count: number; out: Int32Array; stats: Buffer; args: Buffer; numbers: Float64Array };

/**
 * Which of `pids` (ascending, under `root`) may hold a file of one of `inodes` (1 to 8 inode
 * numbers): 1 where one may, 0 where none does, told by the kernel at once (BPF iterators over
 * every process's program, mappings and descriptors; a process it cannot tell of may); undefined
 * where it would not tell (not our own /proc, not root, no BTF).
 */
export type MayHold = (root: string, pids: Int32Array, inodes: BigUint64Array) => Uint8Array | undefined;

/** The C's functions; a read-ahead's thread (start, readNow) under Bun only, whose FFI gives pointers. */
export type Reader = {
  start?: (job: ThreadJob) => boolean;
  readNow?: ReadNow;
  readEach: ReadEach;
  readListing: ReadListing;
  socketLinks: SocketLinks;
  netlinkDump: NetlinkDump;
  netlinkDumpsBeside: NetlinkDumpsBeside;
  readProcesses: ReadProcesses;
  mayHold: MayHold;
};
let reader: Reader | null | undefined;

/** The C's functions, loaded (or compiled) once per run, on the first call; undefined without one. */
function loaded(): Reader | undefined {
  if (reader === undefined) reader = load() ?? null;
  return reader ?? undefined;
}

/** The reader from now on (reader-library.ts's, loaded from a path the caller names). */
export function useReader(chosen: Reader): void {
  reader = chosen;
}

/** Whether the C is loaded already: reading on two threads then costs no load. */
export function readerLoaded(): boolean {
  return reader !== undefined && reader !== null;
}

/**
 * A function that starts a reader thread on a job (true when it runs), or undefined where there
 * is none to be had.
 */
export function readerThread(): ((job: ThreadJob) => boolean) | undefined {
  return loaded()?.start;
}

/** The thread's reading for the visit's own items (ReadNow), where there is a thread. */
export function visitReader(): ReadNow | undefined {
  return loaded()?.readNow;
}

/** Files of many processes read on two threads at once (ReadEach), under Bun or once loaded. */
export function eachReader(): ReadEach | undefined {
  return loaded()?.readEach;
}

/** Files of every process read on two threads while they are listed (ReadListing), under Bun or once loaded. */
export function listingReader(): ReadListing | undefined {
  return loaded()?.readListing;
}

/** Every process's socket links in one call (SocketLinks), under Bun or once loaded. */
export function socketLinksReader(): SocketLinks | undefined {
  return loaded()?.socketLinks;
}

/** A netlink dump in one call (NetlinkDump), where the reader is loaded already (no load for it). */
export function netlinkDumpReader(): NetlinkDump | undefined {
  return reader ? reader.netlinkDump : undefined;
}

/** Netlink dumps made beside the caller (NetlinkDumpsBeside), where the reader is loaded already. */
export function netlinkDumpsBesideReader(): NetlinkDumpsBeside | undefined {
  return reader ? reader.netlinkDumpsBeside : undefined;
}

/** Every process read at once (ReadProcesses), where the reader is loaded already (no load for it). */
export function processesReader(): ReadProcesses | undefined {
  return reader ? reader.readProcesses : undefined;
}

/** The kernel's word on which processes may hold some files (MayHold), under Bun or once loaded. */
export function holdingReader(): MayHold | undefined {
  return loaded()?.mayHold;
}

/** The library the build compiled, beside the executable; undefined where there is none. */
function prebuilt(ffi: Ffi): ReaderSymbols | undefined {
  if (typeof TPROC_READER_LIBRARY !== 'string') return undefined;
  try {
    return ffi.dlopen<ReaderSymbols>(join(dirname(process.execPath), TPROC_READER_LIBRARY), SIGNATURES).symbols;
  } catch {
    return undefined;
  }
}

/** READER_SOURCE compiled now by TinyCC. */
function compiledNow(ffi: Ffi): ReaderSymbols | undefined {
  // TinyCC reads its source from a file, and a compiled executable's own files are not ones it
  // can open: the source goes in an anonymous memory file, named through /proc/self/fd.
  const { symbols: libc } = ffi.dlopen<{ memfd_create(name: number, flags: number): number }>('libc.so.6', {
    memfd_create: { args: ['ptr', 'i32'], returns: 'i32' },
  });
  const name = Buffer.from('tproc-reader.c\0');
  const fd = libc.memfd_create(ffi.ptr(name), MFD_CLOEXEC);
  if (fd < 0) return undefined;
  try {
    writeSync(fd, READER_SOURCE);
    return ffi.cc({ source: `/proc/self/fd/${fd}`, symbols: SIGNATURES }).symbols;
  } finally {
    closeSync(fd);
  }
}

function load(): Reader | undefined {
  const ffi = bunFfi<Ffi>();
  if (ffi === undefined) return undefined;
  try {
    const symbols = prebuilt(ffi) ?? compiledNow(ffi);
    return symbols === undefined ? undefined : bunReader(ffi, symbols);
  } catch {
    return undefined;
  }
}

/** Every function of the C, through bun:ffi: the thread's start takes pointers. */
export function bunReader(ffi: Pick<Ffi, 'ptr'>, symbols: ReaderSymbols): Reader {
  const start = (job: ThreadJob) => {
    // start() copies the root; the names it points at are read as the thread goes, so the job
    // keeps them until the thread says it finished.
    const root = Buffer.from(job.root);
    const names = Buffer.from(`${job.names.join('\0')}\0`);
    job.keep.push(names);
    return (
      symbols.start(
        ffi.ptr(root),
        root.length,
        ffi.ptr(job.pids),
        job.pids.length,
        ffi.ptr(names),
        job.names.length,
        job.whole.reduce((mask, whole, f) => (whole ? mask | (1 << f) : mask), 0),
        job.statxFlags,
        ffi.ptr(job.state),
        ffi.ptr(job.lengths),
        ffi.ptr(job.data),
        job.window,
        job.slot,
        ffi.ptr(job.control),
      ) === 0
    );
  };
  const cString = cStrings();
  const readNow: ReadNow = (root, pid, name, whole, statxFlags, into) => {
    const rootBytes = cString(root);
    return symbols.read_now(
      rootBytes,
      rootBytes.length - 1,
      pid,
      cString(name),
      whole ? 1 : 0,
      statxFlags,
      into,
      into.length,
    );
  };
  return { start, readNow, ...readsInCalls(symbols) };
}

/** C strings of the roots and names asked for: a listing asks for a dozen, thousands of times. */
function cStrings(): (text: string) => Buffer {
  const strings = new Map<string, Buffer>();
  return (text) => {
    let bytes = strings.get(text);
    if (bytes === undefined) {
      bytes = Buffer.from(`${text}\0`);
      strings.set(text, bytes);
    }
    return bytes;
  };
}

/**
 * ReadEach, ReadListing, SocketLinks, NetlinkDump(sBeside) and ReadProcesses on the C's
 * read_each, read_listing, socket_links, netlink_dump (dumps_begin, dumps_end) and read_processes,
 * whichever FFI gave them: each takes a buffer where the C takes a pointer, and the C is done with
 * them when the call returns (dumps_begin copies its requests).
 */
export function readsInCalls(
  symbols: Pick<
    ReaderSymbols,
    | 'read_each'
    | 'read_listing'
    | 'socket_links'
    | 'netlink_dump'
    | 'read_processes'
    | 'may_hold'
    | 'dumps_begin'
    | 'dumps_end'
  >,
): Pick<
  Reader,
  'readEach' | 'readListing' | 'socketLinks' | 'netlinkDump' | 'netlinkDumpsBeside' | 'readProcesses' | 'mayHold'
> {
  const cString = cStrings();
  const readEach: ReadEach = (root, pids, name, slot) => {
    const rootBytes = cString(root);
    const data = Buffer.allocUnsafe(pids.length * slot);
    const lengths = new Int32Array(pids.length);
    symbols.read_each(rootBytes, rootBytes.length - 1, pids, pids.length, cString(name), data, slot, lengths);
    return { data, lengths };
  };
  const readListing: ReadListing = (root, name, slot, capacity, ways = NAMED_BY.taskstats) => {
    const rootBytes = cString(root);
    const data = Buffer.allocUnsafe(capacity * slot);
    const lengths = new Int32Array(capacity);
    const pids = new Int32Array(capacity);
    const named = new Int32Array(2);
    const count = symbols.read_listing(
      rootBytes,
      rootBytes.length - 1,
      cString(name),
      data,
      slot,
      lengths,
      pids,
      capacity,
      ways,
      named,
    );
    return { count, pids, data, lengths, named: { iterator: named[0] as number, taskstats: named[1] as number } };
  };
  const socketLinks: SocketLinks = (root) => {
    const rootBytes = cString(root);
    // Room for 256 sockets, and once more for as many as there were when that was not enough.
    for (let capacity = 256; ; ) {
      const out = new Uint32Array(3 * capacity);
      const found = symbols.socket_links(rootBytes, rootBytes.length - 1, out, capacity);
      if (found < 0) return undefined;
      if (found <= capacity) return out.subarray(0, 3 * found);
      capacity = found + 256;
    }
  };
  const netlinkDump: NetlinkDump = (protocol, request) => {
    // Room for a few of the kernel's batches (32 KiB each), and more when that was not enough.
    for (let size = 131072; size <= 1 << 26; size *= 4) {
      const out = Buffer.allocUnsafe(size);
      const length = symbols.netlink_dump(protocol, request, request.length, out, size);
      if (length >= 0) return out.subarray(0, length);
      if (length !== -ENOSPC) return undefined;
    }
    return undefined;
  };
  const readProcesses: ReadProcesses = (root, capacity) => {
    const rootBytes = cString(root);
    const stats = Buffer.allocUnsafe(capacity * PROCESS_STAT_SLOT);
    const args = Buffer.allocUnsafe(capacity * PROCESS_ARGS_SHARE);
    const out = new Int32Array(PROCESS_FIELDS * capacity);
    const numbers = new Float64Array(STAT_NUMBERS * capacity);
    const count = symbols.read_processes(
      rootBytes,
      rootBytes.length - 1,
      stats,
      PROCESS_STAT_SLOT,
      args,
      args.length,
      out,
      capacity,
      STAT_FIELD_NUMBERS,
      STAT_FIELD_NUMBERS.length,
      numbers,
    );
    return { count, out, stats, args, numbers };
  };
  const netlinkDumpsBeside: NetlinkDumpsBeside = (protocol, requests) => {
    const length = requests[0]?.length ?? 0;
    const handle = requests.every((r) => r.length === length)
      ? symbols.dumps_begin(protocol, Buffer.concat(requests), requests.length, length)
      : null;
    const inTurn = () => requests.map((request) => netlinkDump(protocol, request));
    if (!handle) return inTurn;
    return () => {
      const lengths = new Int32Array(requests.length);
      // The first call waits and says how many bytes the dumps hold, the second takes them.
      const needed = -symbols.dumps_end(handle, Buffer.alloc(1), 0, lengths);
      const out = Buffer.allocUnsafe(needed);
      if (needed > 0) symbols.dumps_end(handle, out, needed, lengths);
      let at = 0;
      return requests.map((request, i) => {
        const n = lengths[i] as number;
        // Past its room (a namespace with thousands of listeners), or failed: asked again alone.
        if (n < 0) return netlinkDump(protocol, request);
        at += n;
        return out.subarray(at - n, at);
      });
    };
  };
  const mayHold: MayHold = (root, pids, inodes) => {
    const rootBytes = cString(root);
    const marks = new Uint8Array(pids.length);
    const done = symbols.may_hold(rootBytes, rootBytes.length - 1, pids, pids.length, inodes, inodes.length, marks);
    return done === 0 ? marks : undefined;
  };
  return { readEach, readListing, socketLinks, netlinkDump, netlinkDumpsBeside, readProcesses, mayHold };
}

const ENOSPC = 28;
