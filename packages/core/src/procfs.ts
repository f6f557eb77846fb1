import { available, isGone } from './errors.ts';
import { loadSyscalls } from '@tproc/syscalls';
import type { HostInfo } from './host.ts';
import { expectWork, MANY_ITEMS } from './pacing.ts';
import { AT_CLKTCK, AT_PAGESZ, parseAuxv } from './parse/auxv.ts';
import { parseLoadavg, type Loadavg } from './parse/loadavg.ts';
import { type FileLock, parseLocks } from './parse/locks.ts';
import { parseMeminfo, type Meminfo } from './parse/meminfo.ts';
import { parseMountinfo, type Mount } from './parse/mountinfo.ts';
import {
  type InetSocket,
  type NetlinkSocket,
  type PacketSocket,
  parseNetInet,
  parseNetNetlink,
  parseNetPacket,
  parseNetUnix,
  type UnixSocket,
} from './parse/net.ts';
import { type HostEntry, parseHosts, parseServices, type ServiceEntry } from './parse/services.ts';
import { PF_KTHREAD, parseStat, type StatSummary } from './parse/stat.ts';
import { parseSwaps, type SwapArea } from './parse/swaps.ts';
import { parseSystemStat, type SystemStat } from './parse/system-stat.ts';
import { parseTtyDrivers, type TtyDriver } from './parse/tty-drivers.ts';
import { parseUptime, type Uptime } from './parse/uptime.ts';
import { Proc, type ProcessIdentity } from './proc.ts';
import { parseSocketLinks, ReadAhead, type SocketLink, type StartThread } from './read-ahead.ts';
import {
  type FileStat,
  listDir,
  listDirBytes,
  lstatPath,
  mountIdOfPath,
  readBytes,
  readBytesLater,
  readLinkBytes,
  readText,
  realPath,
  statPath,
} from './read.ts';
import {
  eachReader,
  holdingReader,
  listingReader,
  PROCESS_FIELDS,
  PROCESS_STAT_SLOT,
  NAMED_BY,
  processesReader,
  type ReadNow,
  readerLoaded,
  readerThread,
  socketLinksReader,
  NETNS_FD,
  visitReader,
} from './reader-thread.ts';
import { DEFAULT_ETC_ROOT, DEFAULT_PROC_ROOT, DEFAULT_SYS_ROOT } from './roots.ts';
import { parsedStat } from './stat-numbers.ts';
import { NO_SYNC_STATX_FLAGS } from './stat-nosync.ts';
import { UserDb } from './users.ts';

export interface ProcFsOptions {
  /** Where procfs is mounted (default `/proc`); tests pass a fixture tree. */
  procRoot?: string;
  /** Where passwd and group live (default `/etc`). */
  etcRoot?: string;
  /** Where sysfs is mounted (default `/sys`). */
  sysRoot?: string;
  /** Host facts to use instead of reading them (clock ticks, page size, boot time). */
  host?: Partial<HostInfo>;
  /**
   * getxattr(2), which Node lacks (tlsof passes @tproc/syscalls'): the value, or undefined when
   * the file has no such attribute. Without it, attribute reads give undefined.
   */
  getxattr?: (path: string, name: string) => Buffer | undefined;
  /**
   * stat(2) of a path that may sit on a mount that never answers (dead NFS, FUSE): a form that
   * cannot hang (fuser's statx without sync) replaces the plain one, here and for the processes'
   * fdStat and linkStat. Throws ProcError; a timeout is kind `other`.
   */
  stat?: (path: string | Buffer) => FileStat;
  /**
   * How a listing of `from` processes or more (default MANY_ITEMS) reads ahead on a second thread
   * (read-ahead.ts): `start` starts it (default: reader-thread.ts's, under Bun), `readNow` reads
   * what the visit reaches first (default: the same C's, with that thread); false: never.
   */
  readAhead?: false | { start?: StartThread; from?: number; readNow?: ReadNow };
}

export interface WalkOptions {
  /**
   * Once a long walk's reader thread runs, hold the JIT back (pacing.ts): the thread then has the
   * second core to itself. For walks whose time is system calls, or that must keep memory low.
   */
  holdsJit?: boolean;
  /**
   * The reader thread stats the processes' links and descriptors' files too, with a statx that
   * cannot block (stat-nosync.ts's flags), and the visits take those stats as their own: for a
   * caller whose stats all go to file systems where that statx gives what a stat(2) gives (none
   * that bounded-stat.ts's mayBlock names: the others sync nothing). With a stat of ProcFs's own
   * that is a statx (fuser's), the thread makes that one instead, always.
   */
  statsAhead?: boolean;
  /**
   * The files the reader thread reads for each process, in the order the visits ask for them
   * (Proc's names: `stat`, `maps`, `>cwd` a link's target, `@cwd` its stat, `@fd/*` the
   * descriptors' stats, `>fd/*` their links' targets and modes too); by default those the first
   * visits asked for most.
   */
  readAhead?: readonly string[];
}

export type InetTable = 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'raw' | 'raw6' | 'udplite' | 'udplite6';

/** The one-shot files read for many processes at once (textsOf, pidsWithTexts). */
type TextName = 'stat' | 'status' | 'comm';

/** Room a listing read on two threads keeps beyond loadavg's count of threads. */
const LISTING_SPARE = 256;
/**
 * Processes from which mayHoldAny asks the kernel at once (BPF iterators: the BTF's walk and
 * three loads ~1.5 ms here, against a process's stats ~50 us, the iterators' ~13 us).
 */
const ITERATOR_FROM = 500;
/** The inode numbers mayHoldAny passes to the kernel at most (the C's MAX_INODES). */
const MAY_HOLD_INODES = 8;
/**
 * socketLinksOfEach's room a process (~130 descriptors: a record's header, name and target), and its
 * processes a call: memory for a batch, not for every process at once.
 */
const FD_LINKS_SLOT = 8192;
const FD_LINKS_BATCH = 256;
const EACCES = 13;
const ENOSPC = 28;

/** A process that holds sockets (ProcFs.socketLinksOfAll), with its network namespace if read. */
export interface ProcessSockets {
  pid: number;
  links: SocketLink[];
  netns: number | undefined;
}

/**
 * A process as ProcFs.processesAtOnce read it: undefined where the caller reads for itself, and
 * for a kernel thread (PF_KTHREAD in its stat) the uid and command line, not read.
 */
export interface ProcessRead {
  pid: number;
  /** The stat fields a listing shows. */
  stat: StatSummary | undefined;
  /** The effective uid (status's Uid line). */
  uid: number | undefined;
  cmdline: Buffer | undefined;
}

/**
 * What the default proc root says that outlasts a ProcFs: this process's pid and auxv (fixed for
 * its life) and the boot time with the clocks' distance when it was read (ProcFs.host).
 */
const lasting: {
  self?: number;
  auxv?: Map<number, bigint>;
  bootTime?: { btime: number; offset: number };
} = {};
/** Date.now() counts whole milliseconds: the clocks' distance wobbles by up to one. */
const CLOCK_JITTER_MS = 2;

/**
 * The one place that does I/O on procfs for a run: process handles, system files, users.
 * System files are read at most once per ProcFs.
 */
export class ProcFs {
  readonly procRoot: string;
  readonly etcRoot: string;
  readonly sysRoot: string;
  readonly #hostOverride: Partial<HostInfo>;
  readonly #once = new Map<string, unknown>();
  #getxattr: ((path: string, name: string) => Buffer | undefined) | undefined;
  readonly #stat: (path: string | Buffer) => FileStat;
  readonly #readAhead: ProcFsOptions['readAhead'];

  constructor(options: ProcFsOptions = {}) {
    this.procRoot = options.procRoot ?? DEFAULT_PROC_ROOT;
    this.etcRoot = options.etcRoot ?? DEFAULT_ETC_ROOT;
    this.sysRoot = options.sysRoot ?? DEFAULT_SYS_ROOT;
    this.#hostOverride = options.host ?? {};
    this.#getxattr = options.getxattr;
    this.#stat = options.stat ?? statPath;
    this.#readAhead = options.readAhead;
  }

  #cached<T>(key: string, compute: () => T): T {
    if (!this.#once.has(key)) this.#once.set(key, compute());
    return this.#once.get(key) as T;
  }

  #text(name: string): string {
    return readBytes(`${this.procRoot}/${name}`).toString('latin1');
  }

  /** Every process id, ascending (the numeric entries of the proc root). */
  pids(): number[] {
    return this.#pidsOf(listDir(this.procRoot));
  }

  /**
   * The kernel threads, by one read: kthreadd (pid 2, where its stat says it is a kernel thread)
   * and its children (task/2/children, man 5 proc), which every other kernel thread is. Empty in a
   * PID namespace of its own, where pid 2 is a process like any other. One started after the read
   * is not in it.
   */
  kernelThreads(): ReadonlySet<number> {
    return this.#cached('kernel-threads', () => {
      const pids = new Set<number>();
      const kthreadd = available(() => parseStat(readBytes(`${this.procRoot}/2/stat`)));
      if (kthreadd === undefined || (kthreadd.flags & PF_KTHREAD) === 0) return pids;
      const children = available(() => this.#text('2/task/2/children')) ?? '';
      pids.add(2);
      for (const word of children.split(/\s+/)) if (word !== '') pids.add(Number(word));
      return pids;
    });
  }

  /**
   * pids() and textsOf(pids(), name, slot) at once. Where textsOf would read on two threads
   * (loadavg's count of threads, man 5 proc, bounds the number of processes), the files are read
   * while /proc is listed (reader-thread.ts's read_listing): the listing's 5 ms at 5,000
   * processes here is then spent beside the reads, not before them. `wanted` may decline a text
   * by its bytes (data[start, end)) before a string is made of it: undefined then, as for a
   * process that vanished.
   */
  pidsWithTexts(
    name: TextName,
    slot = 1024,
    wanted?: (data: Buffer, start: number, end: number) => boolean,
  ): { pids: number[]; texts: (string | undefined)[] } {
    let threads = 0;
    try {
      threads = this.loadavg().total;
    } catch {}
    const read = this.#onTwoThreads(threads) ? listingReader() : undefined;
    // Room for processes born since loadavg was read; a listing that found more is made again.
    let capacity = threads + LISTING_SPARE;
    // From MANY_ITEMS threads (#onTwoThreads) the kernel names them at once where it will: a BPF
    // iterator's BTF walk and load cost ~0.9 ms here, a process ~0.5 us against taskstats' ~2.5.
    const ways = NAMED_BY.taskstats | NAMED_BY.iterator;
    let listing = read?.(this.procRoot, name, slot, capacity, ways);
    if (listing && listing.count > capacity) {
      capacity = listing.count + LISTING_SPARE;
      listing = read?.(this.procRoot, name, slot, capacity, ways);
    }
    if (listing && listing.count >= 0 && listing.count <= capacity) {
      const { count, pids: listed, data, lengths } = listing;
      expectWork(count);
      const pids: number[] = [];
      const texts: (string | undefined)[] = [];
      let ascending = true;
      for (let i = 0; i < count; i++) {
        const pid = listed[i] as number;
        if (i > 0 && pid <= (listed[i - 1] as number)) ascending = false;
        const length = lengths[i] as number;
        const start = i * slot;
        const declined = wanted && length >= 0 && length < slot && !wanted(data, start, start + length);
        pids.push(pid);
        texts.push(declined ? undefined : this.#textIn(data, lengths, i, slot, pid, name));
      }
      // /proc lists pids ascending; another tree (a fixture, a copy) may not.
      if (ascending) return { pids, texts };
      const order = pids.map((_, i) => i).sort((a, b) => (pids[a] as number) - (pids[b] as number));
      return { pids: order.map((i) => pids[i] as number), texts: order.map((i) => texts[i]) };
    }
    const pids = this.pids();
    return { pids, texts: this.textsOf(pids, name, slot) };
  }

  /**
   * Of `pids` (ascending), those that may hold a file of one of `inodes` (inode numbers, any
   * device: a superset, each to be checked by its stats), as the kernel tells it at once where it
   * will (reader-thread.ts's MayHold: BPF iterators, for our own /proc, as root); `pids` itself
   * where it will not, or for fewer than ITERATOR_FROM processes.
   */
  mayHoldAny(pids: readonly number[], inodes: readonly number[]): readonly number[] {
    if (pids.length < ITERATOR_FROM || inodes.length === 0 || inodes.length > MAY_HOLD_INODES) return pids;
    if (!inodes.every((inode) => Number.isSafeInteger(inode) && inode >= 0)) return pids;
    const marks = holdingReader()?.(this.procRoot, Int32Array.from(pids), BigUint64Array.from(inodes, BigInt));
    return marks ? pids.filter((_, i) => marks[i] === 1) : pids;
  }

  #pidsOf(names: readonly string[]): number[] {
    const pids: number[] = [];
    for (const name of names) {
      const c = name.charCodeAt(0);
      if (c >= 48 && c <= 57) pids.push(Number(name));
    }
    expectWork(pids.length);
    return pids.sort((a, b) => a - b);
  }

  process(pid: number): Proc {
    return new Proc(pid, `${this.procRoot}/${pid}`, this.#stat);
  }

  /**
   * Handles for every process, made one at a time (so a listing can let each go once used);
   * nothing is read yet, so a vanished one fails only when read.
   */
  *processes(options: WalkOptions = {}): Generator<Proc> {
    yield* this.processesOf(this.pids(), options);
  }

  /**
   * Handles for `pids`, in that order, made one at a time as `processes()`. A long list is read
   * ahead on a second thread (read-ahead.ts) for the handle being visited: what it reads once the
   * next one is asked for, or once the walk is over, it reads itself.
   */
  *processesOf(pids: readonly number[], options: WalkOptions = {}): Generator<Proc> {
    const ahead = this.#aheadOf(pids, options);
    try {
      for (let position = 0; position < pids.length; position++) {
        const pid = pids[position] as number;
        if (ahead === undefined) {
          yield this.process(pid);
          continue;
        }
        ahead.visit(position);
        yield new Proc(pid, `${this.procRoot}/${pid}`, this.#stat, { from: ahead, position });
      }
    } finally {
      ahead?.stop();
    }
  }

  /**
   * One-shot file `name` of each of `pids` as latin1 text, in that order; undefined where the
   * process vanished. A long list is read on two threads at once where a listing would read ahead
   * (reader-thread.ts's read_each), each text in `slot` bytes (a longer one is read again alone).
   */
  textsOf(pids: readonly number[], name: TextName, slot = 1024): (string | undefined)[] {
    const each = this.#onTwoThreads(pids.length) ? eachReader() : undefined;
    if (each === undefined) return pids.map((pid) => this.#textAlone(pid, name));
    const { data, lengths } = each(this.procRoot, Int32Array.from(pids), name, slot);
    return pids.map((pid, i) => this.#textIn(data, lengths, i, slot, pid, name));
  }

  /**
   * Every process with its stat and, where it is no kernel thread, its effective uid and command
   * line, in one call of the reader's C on two threads (the caller lists, then both read), where
   * it is loaded already; undefined otherwise. What the C could not read (too long for its room,
   * or status unread) is left undefined for the caller to read; a process that vanished is left out.
   */
  processesAtOnce(): ProcessRead[] | undefined {
    const read = this.#readAhead === false ? undefined : processesReader();
    if (read === undefined) return undefined;
    // The root's link count bounds its entries (procfs counts every process of the machine there).
    let capacity = (available(() => this.#stat(this.procRoot).nlink) ?? 0) + LISTING_SPARE;
    let listing = read(this.procRoot, capacity);
    if (listing.count > capacity) {
      capacity = listing.count + LISTING_SPARE;
      listing = read(this.procRoot, capacity);
    }
    const { count, out, stats, args, numbers } = listing;
    if (count < 0 || count > capacity) return undefined;
    expectWork(count);
    const processes: ProcessRead[] = [];
    for (let i = 0; i < count; i++) {
      const o = PROCESS_FIELDS * i;
      const statLength = out[o + 1] as number;
      if (statLength < 0 && statLength !== -ENOSPC) continue;
      const uid = out[o + 2] as number;
      const argsLength = out[o + 3] as number;
      const argsAt = out[o + 4] as number;
      const pid = out[o] as number;
      const at = i * PROCESS_STAT_SLOT;
      processes.push({
        pid,
        stat:
          statLength < 0
            ? undefined
            : (parsedStat(pid, stats, at, numbers, i) ?? parseStat(stats.subarray(at, at + statLength))),
        uid: uid < 0 ? undefined : uid,
        cmdline: uid === -1 || argsLength < 0 ? undefined : args.subarray(argsAt, argsAt + argsLength),
      });
    }
    // /proc lists pids ascending; another tree (a fixture, a copy) may not.
    return processes.sort((a, b) => a.pid - b.pid);
  }

  /**
   * Every process that holds sockets, with its descriptors that do, in one call of the reader's
   * C on this thread (kernel threads passed over), where the reader is loaded already and the
   * proc root's link count (procfs counts every process of the machine there: restart.ts) is
   * under MANY_ITEMS (more are read on two threads, socketLinksOfEach); undefined otherwise.
   */
  socketLinksOfAll(): ProcessSockets[] | undefined {
    if (!readerLoaded() || this.#readAhead === false) return undefined;
    const few = (available(() => this.#stat(this.procRoot).nlink) ?? 0) < MANY_ITEMS;
    const triples = few ? socketLinksReader()?.(this.procRoot) : undefined;
    if (triples === undefined) return undefined;
    // The C reads a process's links together: its triples are consecutive, its namespace last.
    const holders: ProcessSockets[] = [];
    for (let i = 0; i + 2 < triples.length; i += 3) {
      const pid = triples[i] as number;
      const fd = triples[i + 1] as number;
      const inode = triples[i + 2] as number;
      let last = holders[holders.length - 1];
      if (last?.pid !== pid) {
        last = { pid, links: [], netns: undefined };
        holders.push(last);
      }
      if (fd === NETNS_FD) last.netns = inode;
      else last.links.push({ fd, inode });
    }
    return holders;
  }

  /**
   * The descriptors that hold sockets, of each of `pids` in that order, read on two threads (the
   * reader's `<fd/*`, FD_LINKS_BATCH processes a call) where a long listing would be or the reader
   * is loaded already; undefined otherwise. Per pid: `denied` when its links are refused (one
   * check covers them all, man 5 proc), undefined when it vanished or had more than a slot holds
   * (the caller reads it itself).
   */
  socketLinksOfEach(pids: readonly number[]): Iterator<SocketLink[] | 'denied' | undefined> | undefined {
    const each = this.#onTwoThreads(pids.length, true) ? eachReader() : undefined;
    if (each === undefined) return undefined;
    const root = this.procRoot;
    return (function* () {
      for (let from = 0; from < pids.length; from += FD_LINKS_BATCH) {
        const batch = Int32Array.from(pids.slice(from, from + FD_LINKS_BATCH));
        const { data, lengths } = each(root, batch, '<fd/*', FD_LINKS_SLOT);
        for (let i = 0; i < batch.length; i++) {
          const length = lengths[i] as number;
          if (length === -EACCES) yield 'denied';
          else if (length < 0) yield undefined;
          else yield parseSocketLinks(data.subarray(i * FD_LINKS_SLOT, i * FD_LINKS_SLOT + length));
        }
      }
    })();
  }

  /** Item i of a read on two threads: its text, read again alone when it did not fit its slot. */
  #textIn(data: Buffer, lengths: Int32Array, i: number, slot: number, pid: number, name: TextName): string | undefined {
    const length = lengths[i] as number;
    return length >= 0 && length < slot
      ? data.toString('latin1', i * slot, i * slot + length)
      : this.#textAlone(pid, name);
  }

  #textAlone(pid: number, name: TextName): string | undefined {
    try {
      return this.process(pid).text(name);
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  }

  /**
   * Whether files of `count` processes are read on two threads: where a walk would read ahead,
   * or (`anyCount`) wherever the reader is loaded already.
   */
  #onTwoThreads(count: number, anyCount = false): boolean {
    const options = this.#readAhead;
    if (options === false || options?.start !== undefined) return false;
    return count >= (options?.from ?? MANY_ITEMS) || (anyCount && readerLoaded());
  }

  #aheadOf(
    pids: readonly number[],
    { holdsJit = false, statsAhead = false, readAhead: names }: WalkOptions,
  ): ReadAhead | undefined {
    const options = this.#readAhead;
    if (options === false || pids.length < (options?.from ?? MANY_ITEMS)) return undefined;
    const start = options?.start ?? readerThread();
    const statxFlags =
      (this.#stat as { statxFlags?: number }).statxFlags ?? (statsAhead ? NO_SYNC_STATX_FLAGS : undefined);
    // The visit reads what it reaches first the thread's way, where the thread is ours.
    const readNow = options?.readNow ?? (options?.start === undefined ? visitReader() : undefined);
    return start === undefined
      ? undefined
      : new ReadAhead(this.procRoot, pids, start, { statxFlags, holdsJit, names, readNow });
  }

  /**
   * Calls `visit` on every process, skipping those that vanish meanwhile (a `gone` failure from
   * inside `visit`), as every listing must. An entry that vanishes inside a living process (an
   * fd, a thread) is read through Proc.entry(), which skips that entry alone.
   */
  *walk<T>(visit: (proc: Proc) => T, options: WalkOptions = {}): Generator<T> {
    for (const proc of this.processes(options)) {
      try {
        yield visit(proc);
      } catch (err) {
        if (!isGone(err)) throw err;
      }
    }
  }

  /** The pid of this very process as the proc root sees it (its `self` link), else as Node sees it. */
  selfPid(): number {
    return this.#cached('self', () => {
      const own = this.procRoot === DEFAULT_PROC_ROOT;
      if (own && lasting.self !== undefined) return lasting.self;
      let pid: number;
      try {
        pid = Number(readLinkBytes(`${this.procRoot}/self`).toString('latin1'));
      } catch {
        pid = process.pid;
      }
      if (own) lasting.self = pid;
      return pid;
    });
  }

  host(): HostInfo {
    return this.#cached('host', () => {
      const o = this.#hostOverride;
      let clockTicks = o.clockTicks;
      let pageSize = o.pageSize;
      if (clockTicks === undefined || pageSize === undefined) {
        const own = this.procRoot === DEFAULT_PROC_ROOT;
        // A proc root of another PID namespace has no `self` for us: fall back to the usual values.
        const auxv = (own ? lasting.auxv : undefined) ?? this.#auxv();
        if (own) lasting.auxv = auxv;
        clockTicks ??= Number(auxv.get(AT_CLKTCK) ?? 100n);
        pageSize ??= Number(auxv.get(AT_PAGESZ) ?? 4096n);
      }
      return { clockTicks, pageSize, bootTime: o.bootTime ?? this.#bootTime() };
    });
  }

  #auxv(): Map<number, bigint> {
    return parseAuxv(available(() => readBytes(`${this.procRoot}/self/auxv`)) ?? Buffer.alloc(0));
  }

  /**
   * /proc/stat's btime: the wall-clock time of boot, which moves only when the clock is set (or
   * after a suspend), and then the realtime clock's distance from the monotonic one moves as well.
   * The default root's is kept while that distance stays.
   */
  #bootTime(): number {
    if (this.procRoot !== DEFAULT_PROC_ROOT) return this.systemStat().btime;
    const offset = Date.now() - performance.now();
    const kept = lasting.bootTime;
    if (kept !== undefined && Math.abs(kept.offset - offset) < CLOCK_JITTER_MS) return kept.btime;
    const btime = this.systemStat().btime;
    lasting.bootTime = { btime, offset };
    return btime;
  }

  systemStat(): SystemStat {
    return this.#cached('stat', () => parseSystemStat(this.#text('stat')));
  }
  uptime(): Uptime {
    return this.#cached('uptime', () => parseUptime(this.#text('uptime')));
  }
  meminfo(): Meminfo {
    return this.#cached('meminfo', () => parseMeminfo(this.#text('meminfo')));
  }
  loadavg(): Loadavg {
    return this.#cached('loadavg', () => parseLoadavg(this.#text('loadavg')));
  }
  mountinfo(pid: number | 'self' = 'self'): Mount[] {
    return this.#cached(`mountinfo:${pid}`, () => parseMountinfo(this.#text(`${pid}/mountinfo`)));
  }
  inetSockets(table: InetTable): InetSocket[] {
    return this.#cached(`net:${table}`, () => parseNetInet(this.#text(`net/${table}`), table.endsWith('6') ? 6 : 4));
  }
  /**
   * The table of network namespace `netns` as process `pid` (a member of it) sees it:
   * /proc/PID/net/* shows the tables of the process's namespace (man 5 proc), so one read per
   * distinct namespace covers every socket in it. Cached by namespace: pass the inode its
   * ns/net link names.
   */
  inetSocketsOf(pid: number, netns: number, table: InetTable): InetSocket[] {
    return this.#cached(`net:${netns}:${table}`, () =>
      parseNetInet(this.#text(`${pid}/net/${table}`), table.endsWith('6') ? 6 : 4),
    );
  }
  /** /proc/PID/net/unix of network namespace `netns` (see inetSocketsOf). */
  unixSocketsOf(pid: number, netns: number): UnixSocket[] {
    return this.#cached(`net:${netns}:unix`, () => parseNetUnix(this.#text(`${pid}/net/unix`)));
  }
  unixSockets(): UnixSocket[] {
    return this.#cached('net:unix', () => parseNetUnix(this.#text('net/unix')));
  }
  netlinkSockets(): NetlinkSocket[] {
    return this.#cached('net:netlink', () => parseNetNetlink(this.#text('net/netlink')));
  }
  packetSockets(): PacketSocket[] {
    return this.#cached('net:packet', () => parseNetPacket(this.#text('net/packet')));
  }
  /** /proc/swaps: the swap partitions and files in use; empty when unreadable. */
  swaps(): SwapArea[] {
    return this.#cached('swaps', () => {
      try {
        return parseSwaps(this.#text('swaps'));
      } catch {
        return [];
      }
    });
  }
  /** /proc/locks: every lock (POSIX, FLOCK, OFDLCK, LEASE), with the requests waiting on one (`blocked`). */
  locks(): FileLock[] {
    return this.#cached('locks', () => parseLocks(this.#text('locks')));
  }
  /**
   * /proc/locks, read on the runtime's thread pool. Its reader waits for an RCU grace period
   * (the kernel takes its lock list's percpu rwsem for writing), 10-16 ms here even with no lock
   * held, unless another reader came just before: started early, the wait overlaps other work.
   */
  locksLater(): Promise<FileLock[]> {
    return this.#cached('locksLater', () =>
      readBytesLater(`${this.procRoot}/locks`).then((bytes) => parseLocks(bytes.toString('latin1'))),
    );
  }
  /** /etc/services; empty when unreadable. */
  services(): ServiceEntry[] {
    return this.#cached('services', () => parseServices(this.#etcText('services')));
  }
  /** /etc/hosts; empty when unreadable. */
  hosts(): HostEntry[] {
    return this.#cached('hosts', () => parseHosts(this.#etcText('hosts')));
  }
  #etcText(name: string): string {
    try {
      return readText(`${this.etcRoot}/${name}`);
    } catch {
      return '';
    }
  }
  /** The mount with this id in `pid`'s mountinfo (fdinfo's mnt_id names one). */
  mountById(id: number, pid: number | 'self' = 'self'): Mount | undefined {
    const byId = this.#cached(`mountsById:${pid}`, () => new Map(this.mountinfo(pid).map((m) => [m.mountId, m])));
    return byId.get(id);
  }
  /** stat(2) of any path (a file named on the command line, a mapped file), bounded when so built. */
  stat(path: string | Buffer): FileStat {
    return this.#stat(path);
  }
  /**
   * The mount id of the file `path` names (links followed), read from the fdinfo of an O_PATH
   * descriptor on it: works on any path we may look up, FIFOs and unreadable files included.
   * Also for a process's `cwd`, `root` and `exe` through `<procRoot>/PID/cwd`.
   */
  mountIdOf(path: string | Buffer): number {
    return mountIdOfPath(path, `${DEFAULT_PROC_ROOT}/self`);
  }
  lstat(path: string | Buffer): FileStat {
    return lstatPath(path);
  }
  readlink(path: string | Buffer): Buffer {
    return readLinkBytes(path);
  }
  /** realpath(3) of any path. */
  realpath(path: string | Buffer): Buffer {
    return realPath(path);
  }
  /** Entry names of any directory, as bytes (lsof +d/+D walks the named directories). */
  readDirectory(path: string | Buffer): Buffer[] {
    return listDirBytes(path);
  }
  /**
   * Makes fdAttribute answer: loads getxattr(2) (@tproc/syscalls, through the runtime's FFI) unless
   * one was given. Asked only by a listing that needs an attribute (tlsof's socket protocols).
   */
  async loadAttributes(): Promise<void> {
    if (this.#getxattr) return;
    const native = await loadSyscalls();
    if (native) this.#getxattr = (path, name) => native.getxattr(path, name);
  }
  /**
   * An extended attribute of a process's file, e.g. `system.sockprotoname` of a socket
   * (`TCP`, `UNIX`...). undefined when unavailable (no getxattr given, or the call failed).
   */
  fdAttribute(pid: number, fd: number, name: string): Buffer | undefined {
    if (!this.#getxattr) return undefined;
    try {
      return this.#getxattr(`${this.procRoot}/${pid}/fd/${fd}`, name);
    } catch {
      return undefined;
    }
  }
  /** The NUMA node of a cpu (sysfs devices/system/cpu/cpuN/nodeM); undefined when there is none. */
  cpuNode(cpu: number): number | undefined {
    return this.#cached(`node:${cpu}`, () => {
      const entry = available(() => listDir(`${this.sysRoot}/devices/system/cpu/cpu${cpu}`))?.find((n) =>
        /^node\d+$/.test(n),
      );
      return entry === undefined ? undefined : Number(entry.slice(4));
    });
  }
  ttyDrivers(): TtyDriver[] {
    return this.#cached('tty', () => parseTtyDrivers(this.#text('tty/drivers')));
  }
  pidMax(): number {
    return Number(this.pidMaxText().trim());
  }
  /** sys/kernel/pid_max as the file reads (ps sizes its pid columns by the text). */
  pidMaxText(): string {
    return this.#cached('pid_max', () => this.#text('sys/kernel/pid_max'));
  }
  users(): UserDb {
    return this.#cached('users', () => new UserDb(this.etcRoot));
  }

  /**
   * True when `id` still names a live process: same pid, same start time. Read fresh, right
   * before a signal, so a pid reused since matching is never hit.
   */
  isSameProcess(id: ProcessIdentity): boolean {
    try {
      return new Proc(id.pid, `${this.procRoot}/${id.pid}`).stat().starttime === id.startTime;
    } catch (err) {
      if (isGone(err)) return false;
      throw err;
    }
  }
}
