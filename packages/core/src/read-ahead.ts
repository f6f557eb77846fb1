import { holdJit } from './pacing.ts';
import { type FileStat, ONE_SHOT_FILES } from './read.ts';
import type { ReadNow } from './reader-thread.ts';
import { fileStatOfStatx } from './stat-nosync.ts';

/**
 * Reading ahead of a long listing, on a second thread (reader-thread.ts).
 *
 * A listing visits processes in a known order (ProcFs.processesOf) and, for thousands of them,
 * spends most of its time in the kernel producing each /proc file: at 5,000 processes `tps -ef`
 * read stat, status and cmdline for ~200 of its ~270 ms. A reader thread reads those files for the
 * processes ahead of the one being visited into a window of slots, and the visit takes each file
 * from its slot instead of reading it: the kernel's work runs on a second core beside ours.
 *
 * Which files: those the walk names (WalkOptions.readAhead), else the MAX_NAMES that the first
 * LEARN visits asked for most (what a listing needs of every process, whatever its options).
 * Files the kernel produces whole in one read (Proc's ONE_SHOT_FILES) are read once, others
 * (maps) to their end; a name `@LINK` (`@cwd`, `@fd/0`) is a
 * statx(2) of that link, made only when the visits' own stat is the same statx; `>LINK` is the
 * link's target (readlink(2): a slot holds any /proc link's, PATH_MAX); `@fd/*` is the descriptor
 * directory, each entry with the statx of its file, `>fd/*` with its link's target and mode too
 * (parseDescriptors). A file that does
 * not fit its slot, or failed, is read again by the visit itself, so its error and its bytes are
 * exactly what a read of our own gives.
 *
 * Each file is an item, numbered in visiting order; the two sides agree through one state word
 * per item (compare-and-swap on both sides): the thread reads an item it claims FREE -> READING,
 * then sets DONE; a visit that comes first claims it FREE -> TAKEN and reads it itself, so neither
 * waits for the other but for the few microseconds of a read in progress. The thread stays at most
 * `window` items ahead of the visit (`CONSUMED`), the slot of item k being k % window.
 */
export const LEARN = 8;
/** At most this many files a process (reader-thread.ts's MAX_NAMES): those most asked for. */
export const MAX_NAMES = 12;
export const WINDOW = 128;
// Sized for a small process's maps (a sleep's: 3,654 bytes); a file's untouched pages cost nothing.
export const SLOT = 8192;
/** How many times a visit looks at an item being read before it naps. */
const SPINS = 2000;

export enum ItemState {
  Free = 0,
  Reading = 1,
  Done = 2,
  Taken = 3,
}

/** The control words, after the item states. */
export enum Control {
  Consumed = 0,
  Stop = 1,
  Finished = 2,
  /** Slept on (Atomics.wait with a timeout) while an item is being read. */
  Nap = 3,
}

/** What a reader thread is given: everything it touches lives in shared memory. */
export interface ThreadJob {
  root: string;
  pids: Int32Array;
  names: string[];
  /** Per name: read to the end (maps, a page a read), or in one read (stat, status...). */
  whole: boolean[];
  /** For the names `@cwd`, `@exe`...: the flags of the statx(2) that stats them instead. */
  statxFlags: number;
  state: Int32Array;
  lengths: Int32Array;
  data: Uint8Array;
  window: number;
  slot: number;
  control: Int32Array;
  /** Memory the thread reads after it started, kept alive here while the job is. */
  keep: unknown[];
}

/** Starts a thread on the job; false when none could be started. */
export type StartThread = (job: ThreadJob) => boolean;

/** Jobs whose thread did not say it finished when asked to stop: their memory stays referenced. */
const unfinished = new Set<ThreadJob>();
/** How long stop() waits for the thread to finish (it checks for a stop every item or nap). */
const STOP_WAIT_MS = 100;

const shared = <T>(make: new (buffer: SharedArrayBuffer) => T, bytes: number): T =>
  new make(new SharedArrayBuffer(bytes));

/**
 * Whether file `name` is read to its end (maps, a page a read) rather than in one read: not a
 * one-shot file (Proc's ONE_SHOT_FILES), a stat (`@`) or a link's target (`>`).
 */
export function readsWhole(name: string): boolean {
  return !'@>'.includes(name.charAt(0)) && !ONE_SHOT_FILES.has(name);
}

export class ReadAhead {
  readonly #root: string;
  readonly #pids: readonly number[];
  readonly #start: StartThread;
  readonly #statxFlags: number | undefined;
  readonly #holdsJit: boolean;
  readonly #readNow: ReadNow | undefined;
  /** Where the visit's own reads (readNow) go: a view of it is valid until the next take. */
  #own: Buffer | undefined;
  readonly #fixed: readonly string[] | undefined;
  /** While learning: the files the first visits asked for, in first-asked order: how often, how read. */
  #asked: Map<string, { count: number; whole: boolean }> | undefined = new Map();
  #job: ThreadJob | undefined;
  #names: string[] = [];
  #view: Buffer | undefined;

  /**
   * `statxFlags`: the flags of the statx(2) behind the visits' own stats of a process's links
   * (cwd, exe, root), which the thread then makes for them; undefined when their stat is another
   * call (Node's), and the thread stats nothing. `holdsJit`: once the thread runs, the JIT is
   * held back (pacing.ts's holdJit), for a walk whose time is the kernel's more than ours.
   * `names`: the files to read, in the order the visits ask for them, instead of those learned.
   * `readNow`: how the visit reads an item it reached first (the thread's way, without the
   * runtime's file calls); undefined: it is left to the caller, as a failed one is.
   */
  constructor(
    root: string,
    pids: readonly number[],
    start: StartThread,
    {
      statxFlags,
      holdsJit = false,
      names,
      readNow,
    }: {
      statxFlags?: number | undefined;
      holdsJit?: boolean;
      names?: readonly string[] | undefined;
      readNow?: ReadNow | undefined;
    } = {},
  ) {
    this.#readNow = readNow;
    this.#root = root;
    this.#pids = pids;
    this.#start = start;
    this.#statxFlags = statxFlags;
    this.#holdsJit = holdsJit;
    this.#fixed = names?.slice(0, MAX_NAMES);
  }

  /**
   * The visit has come to `position` in the pid list: what lies behind is no longer needed. At
   * LEARN, the thread starts on the files the visits so far asked for.
   */
  visit(position: number): void {
    if (this.#asked !== undefined) {
      if (position >= LEARN) this.#begin();
      return;
    }
    const job = this.#job;
    if (job !== undefined) Atomics.store(job.control, Control.Consumed, (position - LEARN) * this.#names.length);
  }

  /**
   * The listing is over (or abandoned): the thread stops at its next item, and is waited for, so
   * that nothing writes to the job's memory once it is let go.
   */
  stop(): void {
    this.#asked = undefined;
    const job = this.#job;
    if (job === undefined) return;
    this.#job = undefined;
    this.#view = undefined;
    this.#readNow?.(this.#root, -1, '', false, 0, this.#own ?? Buffer.alloc(0));
    Atomics.store(job.control, Control.Stop, 1);
    const until = performance.now() + STOP_WAIT_MS;
    while (Atomics.load(job.control, Control.Finished) === 0) {
      if (performance.now() > until) {
        unfinished.add(job);
        return;
      }
      Atomics.wait(job.control, Control.Nap, 0, 0.05);
    }
  }

  /** Whether the thread reads file `name` (one the walk named, or learnt). */
  reads(name: string): boolean {
    return (this.#fixed ?? this.#names).includes(name);
  }

  /**
   * The bytes of file `name` of the process at `position`, read ahead (to its end when `whole`,
   * else in one read); for `@NAME`, the struct statx of that link, for `>NAME` its target.
   * undefined when the visit must read it itself. The view is valid until the visit moves on (one
   * the visit read itself through readNow: until the next take).
   */
  take(position: number, name: string, whole = false): Buffer | undefined {
    if (name.charCodeAt(0) === 0x40 && this.#statxFlags === undefined) return undefined;
    const asked = this.#asked;
    if (asked !== undefined) {
      if (position < LEARN) asked.set(name, { count: (asked.get(name)?.count ?? 0) + 1, whole });
      return undefined;
    }
    const job = this.#job;
    const f = this.#names.indexOf(name);
    if (job === undefined || f < 0 || position < LEARN) return undefined;
    const k = (position - LEARN) * this.#names.length + f;
    if (k < Atomics.load(job.control, Control.Consumed) || k >= job.state.length) return undefined;
    let state = Atomics.compareExchange(job.state, k, ItemState.Free, ItemState.Taken);
    if (state === ItemState.Free) return this.#readOwn(position, name, whole);
    // A read in progress takes microseconds, a nap at least the timer slack (50 us): spin first.
    // One call's item (a one-shot file, a stat, a link) still being read after that (the thread
    // lost its core) is read again here; a descriptor directory or a maps may take far longer.
    for (let spins = 0; state === ItemState.Reading; spins++) {
      if (spins > SPINS) {
        if (!whole && !name.endsWith('/*')) return this.#readOwn(position, name, whole);
        Atomics.wait(job.control, Control.Nap, 0, 0.02);
      }
      state = Atomics.load(job.state, k);
    }
    const length = Atomics.load(job.lengths, k);
    if (state !== ItemState.Done || length < 0 || length >= job.slot) return undefined;
    const at = (k % job.window) * job.slot;
    this.#view ??= Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
    return this.#view.subarray(at, at + length);
  }

  /** An item the visit reached first, read as the thread would; undefined when it could not be. */
  #readOwn(position: number, name: string, whole: boolean): Buffer | undefined {
    const readNow = this.#readNow;
    if (readNow === undefined) return undefined;
    this.#own ??= Buffer.alloc(SLOT);
    const length = readNow(this.#root, this.#pids[position] as number, name, whole, this.#statxFlags ?? 0, this.#own);
    return length < 0 || length >= SLOT ? undefined : this.#own.subarray(0, length);
  }

  #begin(): void {
    const asked = this.#asked;
    this.#asked = undefined;
    if (asked === undefined) return;
    // The walk's own, else the most asked for first (a sort keeps the first-asked order among equals).
    const chosen =
      this.#fixed?.map((name) => [name, { whole: readsWhole(name) }] as const) ??
      [...asked].sort(([, a], [, b]) => b.count - a.count).slice(0, MAX_NAMES);
    this.#names = chosen.map(([name]) => name);
    const whole = chosen.map(([, how]) => how.whole);
    const count = this.#pids.length - LEARN;
    if (this.#names.length === 0 || count <= 0) return;
    for (const job of unfinished) if (Atomics.load(job.control, Control.Finished) === 1) unfinished.delete(job);
    const pids = shared(Int32Array, count * 4);
    for (let i = 0; i < count; i++) pids[i] = this.#pids[LEARN + i] as number;
    const items = count * this.#names.length;
    const job: ThreadJob = {
      root: this.#root,
      pids,
      names: this.#names,
      whole,
      statxFlags: this.#statxFlags ?? 0,
      state: shared(Int32Array, items * 4),
      lengths: shared(Int32Array, items * 4),
      data: shared(Uint8Array, WINDOW * SLOT),
      window: WINDOW,
      slot: SLOT,
      control: shared(Int32Array, 4 * 4),
      keep: [],
    };
    if (!this.#start(job)) return;
    this.#job = job;
    if (this.#holdsJit) holdJit();
  }
}

/** The bytes of a struct statx that an `@fd/*` record keeps: up to stx_dev_minor (reader-thread.ts). */
export const STAT_BYTES = 144;
const RECORD_HEADER = 20;

/** A descriptor directory read ahead: what the thread could not read, the visit reads itself. */
export interface DescriptorsAhead {
  /** The names, in the directory's order. */
  names: string[];
  stats: Map<string, FileStat>;
  /** Each link's target (`>fd/*`). */
  links: Map<string, Buffer>;
  /** Each link's own st_mode (`>fd/*`): its permission bits tell how the file is open. */
  modes: Map<string, number>;
  /** fdinfo, as latin1 text, of the descriptors whose lines show it (`>fd/*`: wants_fdinfo). */
  infos: Map<string, string>;
}

/**
 * An `@fd/*` or `>fd/*` item. A record is five int32, the name's length, the target's, the
 * link's mode, STAT_BYTES and the fdinfo's length (each -errno when its call failed, 0 when not
 * made), then the name, the target, the statx bytes and the fdinfo, padded to 4.
 */
export function parseDescriptors(view: Buffer): DescriptorsAhead {
  const out: DescriptorsAhead = { names: [], stats: new Map(), links: new Map(), modes: new Map(), infos: new Map() };
  for (let at = 0; at + RECORD_HEADER <= view.length; ) {
    const nameLength = view.readInt32LE(at);
    const linkLength = view.readInt32LE(at + 4);
    const mode = view.readInt32LE(at + 8);
    const statLength = view.readInt32LE(at + 12);
    const infoLength = view.readInt32LE(at + 16);
    let end = at + RECORD_HEADER + nameLength;
    const name = view.toString('latin1', at + RECORD_HEADER, end);
    out.names.push(name);
    if (linkLength > 0) {
      out.links.set(name, Buffer.from(view.subarray(end, end + linkLength)));
      end += linkLength;
    }
    if (mode > 0) out.modes.set(name, mode);
    if (statLength > 0) {
      out.stats.set(name, fileStatOfStatx(view.subarray(end, end + statLength)));
      end += statLength;
    }
    if (infoLength > 0) {
      out.infos.set(name, view.toString('latin1', end, end + infoLength));
      end += infoLength;
    }
    at = (end + 3) & ~3;
  }
  return out;
}

/** A descriptor that holds a socket: its number and the socket's inode. */
export interface SocketLink {
  fd: number;
  inode: number;
}

const SOCKET_LINK = Buffer.from('socket:[');

/** The socket links among `<fd/*` records (as parseDescriptors reads them), no string made of the others. */
export function parseSocketLinks(view: Buffer): SocketLink[] {
  const out: SocketLink[] = [];
  for (let at = 0; at + RECORD_HEADER <= view.length; ) {
    const nameLength = view.readInt32LE(at);
    const linkLength = view.readInt32LE(at + 4);
    const name = at + RECORD_HEADER;
    const target = name + nameLength;
    if (linkLength > SOCKET_LINK.length && view.compare(SOCKET_LINK, 0, 8, target, target + 8) === 0) {
      out.push({
        fd: Number(view.toString('latin1', name, target)),
        inode: Number(view.toString('latin1', target + 8, target + linkLength - 1)),
      });
    }
    at =
      (target +
        Math.max(linkLength, 0) +
        Math.max(view.readInt32LE(at + 12), 0) +
        Math.max(view.readInt32LE(at + 16), 0) +
        3) &
      ~3;
  }
  return out;
}
