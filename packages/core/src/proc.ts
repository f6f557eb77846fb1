import { parseCgroup, type CgroupEntry } from './parse/cgroup.ts';
import { parseNulList } from './parse/cmdline.ts';
import { parseFdinfo, type FdInfo } from './parse/fdinfo.ts';
import { parseIo, type Io } from './parse/io.ts';
import { parseLimits, type Limit } from './parse/limits.ts';
import { type MapEntry, type MappedFile, type MappedFileCache, parseMappedFiles, parseMaps } from './parse/maps.ts';
import { type NAMESPACE_TYPES, parseNsLink } from './parse/namespaces.ts';
import { ParseError, parseStat, type Stat } from './parse/stat.ts';
import { parseStatm, type Statm } from './parse/statm.ts';
import { parseStatus, type Status } from './parse/status.ts';
import { isGone } from './errors.ts';
import { type DescriptorsAhead, parseDescriptors, type ReadAhead, readsWhole } from './read-ahead.ts';
import { fileStatOfStatx } from './stat-nosync.ts';
import { type FileIdentity, fileIdentity } from './files.ts';
import {
  type FileOwner,
  type FileStat,
  listDir,
  listDirInOrder,
  lstatPath,
  ONE_SHOT_FILES,
  ownerOf,
  readBytes,
  readLatin1,
  readLinkBytes,
  readView,
  statPath,
} from './read.ts';

const ONE_SHOT = { shortReadIsEof: true } as const;

type Cached = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What a read gave: its value, or the failure to throw again at every later ask. */
function settle(read: () => unknown): Cached {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return { ok: false, error };
  }
}

function unwrap<T>(hit: Cached): T {
  if (!hit.ok) throw hit.error;
  return hit.value as T;
}

/** What makes a process itself: a pid is reused, a (pid, start time) pair is not. */
export interface ProcessIdentity {
  pid: number;
  /** Clock ticks after boot (stat field 22). */
  startTime: number;
}

/**
 * A lazy handle on /proc/<pid> (or /proc/<pid>/task/<tid>). Nothing is read until asked, and each
 * file is read at most once: the value, or the failure, is kept. Failures are ProcError:
 * `gone` when the file is not there, `denied` when the field is not ours to read.
 *
 * "Gone" says what is gone: a file missing inside a process that lives on (an fd closed between
 * listing fd/ and reading fd/N, a thread that exited under task/) is that entry alone; read such
 * entries through `entry()`, which gives undefined for them. The process is gone only when its
 * stat no longer reads, or reads with another start time (the pid was reused): `isAlive()`.
 */
export class Proc {
  /** Made on first use: a listing that reads only stat and status never needs it. */
  #cache?: Map<string, Cached>;

  /** The directory: `<root>/<pid>` or `<root>/<pid>/task/<tid>`. */
  readonly #dir: string;

  constructor(
    readonly pid: number,
    dir: string,
    /** stat(2) for fdStat and linkStat: ProcFs passes its own (fuser's no-sync one, when built so). */
    readonly statFile: (path: string) => FileStat = statPath,
    /** A listing's read-ahead, and where this process stands in it (ProcFs.processesOf). */
    ahead?: { from: ReadAhead; position: number },
  ) {
    this.#dir = dir;
    this.#ahead = ahead;
  }

  readonly #ahead: { from: ReadAhead; position: number } | undefined;

  /** A file as read ahead by the listing's reader thread (to its end when readsWhole), if it was. */
  #readAhead(name: string): Buffer | undefined {
    const ahead = this.#ahead;
    return ahead === undefined ? undefined : ahead.from.take(ahead.position, name, readsWhole(name));
  }

  // stat and status are read for nearly every process of a listing, the owner for every one of
  // a tree's same-named siblings: their own slots spare the key strings, map lookups and a Map
  // a process (measured at 5,000 processes).
  #stat?: Cached;
  #status?: Cached;
  #owner?: Cached;

  #once<T>(key: string, compute: () => T): T {
    this.#cache ??= new Map();
    let hit = this.#cache.get(key);
    if (!hit) {
      hit = settle(compute);
      this.#cache.set(key, hit);
    }
    return unwrap(hit);
  }

  #bytes(name: string): Buffer {
    return this.#once(`file:${name}`, () => {
      const ahead = this.#readAhead(name);
      if (ahead !== undefined) return Buffer.from(ahead);
      return readBytes(`${this.#dir}/${name}`, ONE_SHOT_FILES.has(name) ? ONE_SHOT : undefined);
    });
  }

  #parsed<T>(name: string, parse: (bytes: Buffer) => T): T {
    return this.#once(`parsed:${name}`, () => parse(this.#bytes(name)));
  }

  #link(name: string): Buffer {
    return this.#once(`link:${name}`, () => {
      const ahead = this.#readAhead(`>${name}`);
      return ahead === undefined ? readLinkBytes(`${this.#dir}/${name}`) : Buffer.from(ahead);
    });
  }

  /** Parsed straight from latin1 text (no Buffer copy): the files every listing reads. */
  #parsedText<T>(name: string, parse: (text: string) => T): T {
    const bytes = this.#cache?.get(`file:${name}`);
    if (bytes?.ok) return parse((bytes.value as Buffer).toString('latin1'));
    const ahead = this.#readAhead(name);
    return parse(ahead === undefined ? readLatin1(`${this.#dir}/${name}`, ONE_SHOT) : ahead.toString('latin1'));
  }

  /**
   * The path of an entry of this process (`fd/3`, `cwd`): for a message that names it as the
   * reference does (lsof's `/proc/PID/fd/3 (readlink: ...)`), or a bounded stat of it.
   */
  pathOf(entry: string): string {
    return `${this.#dir}/${entry}`;
  }

  stat(): Stat {
    this.#stat ??= settle(() => this.#parsedText('stat', parseStat));
    return unwrap(this.#stat);
  }
  status(): Status {
    this.#status ??= settle(() => this.#parsedText('status', parseStatus));
    return unwrap(this.#status);
  }
  statm(): Statm {
    return this.#once('parsed:statm', () => this.#parsedText('statm', parseStatm));
  }
  /** The raw NUL-separated argument area; empty for kernel threads and zombies. */
  cmdlineBytes(): Buffer {
    return this.#bytes('cmdline');
  }
  cmdline(): Buffer[] {
    return this.#parsed('cmdline', parseNulList);
  }
  environBytes(): Buffer {
    return this.#bytes('environ');
  }
  environ(): Buffer[] {
    return this.#parsed('environ', parseNulList);
  }
  /** /proc/<pid>/comm without its newline: same bytes as stat's name, but for threads set by prctl. */
  comm(): Buffer {
    return this.#parsed('comm', (b) => (b[b.length - 1] === 0x0a ? b.subarray(0, b.length - 1) : b));
  }
  io(): Io {
    return this.#parsed('io', (b) => parseIo(b.toString('latin1')));
  }
  /** Kernel symbol the task sleeps in, or '0' when running (man 5 proc). */
  wchan(): string {
    return this.#parsed('wchan', (b) => b.toString('latin1'));
  }
  cwd(): Buffer {
    return this.#link('cwd');
  }
  exe(): Buffer {
    return this.#link('exe');
  }
  /** Which file the process runs (stat(2) through the exe link), as pidof and killall compare it. */
  exeIdentity(): FileIdentity {
    return this.#once('exe:identity', () => fileIdentity(`${this.#dir}/exe`));
  }
  root(): Buffer {
    return this.#link('root');
  }
  /** Open descriptor numbers, ascending. */
  fds(): number[] {
    return this.#once('fds', () =>
      this.fdNames()
        .map(Number)
        .sort((a, b) => a - b),
    );
  }
  /**
   * The fd directory's names, in its own order (ascending in practice), with what the listing's
   * reader thread read of each (read-ahead.ts): its file's stat (`@fd/*`), its link's target and
   * mode too (`>fd/*`, when the walk named it).
   */
  #fdDirectory(): { names: string[] } | DescriptorsAhead {
    return this.#once('fdDirectory', () => {
      const item = this.#ahead?.from.reads('>fd/*') ? '>fd/*' : '@fd/*';
      const ahead = this.#readAhead(item);
      return ahead === undefined ? { names: listDir(`${this.#dir}/fd`) } : parseDescriptors(ahead);
    });
  }
  /** What the listing's reader thread read of the fd directory, once it is listed. */
  #descriptorsAhead(): Partial<DescriptorsAhead> | undefined {
    const listed = this.#cache?.get('fdDirectory');
    return listed?.ok ? (listed.value as Partial<DescriptorsAhead>) : undefined;
  }
  fdTarget(fd: number): Buffer {
    return this.#descriptorsAhead()?.links?.get(String(fd)) ?? this.#link(`fd/${fd}`);
  }
  /**
   * stat(2) through the fd link: the open file itself, whatever its path now names. With Node's
   * stat it may block on a dead network or FUSE mount (ProcFs can be built with another).
   */
  fdStat(fd: number): FileStat {
    return this.#once(`stat:fd/${fd}`, () => {
      // With the directory listed, the thread's stats are its item's (or none): not asked one by one.
      const listed = this.#descriptorsAhead();
      const known = listed?.stats?.get(String(fd));
      if (known !== undefined) return known;
      const ahead = this.#cache?.has('fdDirectory') ? undefined : this.#readAhead(`@fd/${fd}`);
      return ahead === undefined ? this.statFile(`${this.#dir}/fd/${fd}`) : fileStatOfStatx(ahead);
    });
  }
  /**
   * The st_mode of the fd link itself (lstat(2)): its permission bits tell how the file is open
   * (0500 read, 0300 write, 0700 both: fs/proc/fd.c), one system call where fdinfo takes three.
   */
  fdLinkMode(fd: number): number {
    return (
      this.#descriptorsAhead()?.modes?.get(String(fd)) ??
      this.#once(`lstat:fd/${fd}`, () => lstatPath(`${this.#dir}/fd/${fd}`).mode)
    );
  }
  /** stat(2) through the cwd, root or exe link. */
  linkStat(name: 'cwd' | 'root' | 'exe'): FileStat {
    return this.#once(`stat:${name}`, () => {
      const ahead = this.#readAhead(`@${name}`);
      return ahead === undefined ? this.statFile(`${this.#dir}/${name}`) : fileStatOfStatx(ahead);
    });
  }
  /** Open descriptor numbers in the directory's own order (ascending in practice), as strings. */
  fdNames(): string[] {
    return this.#fdDirectory().names;
  }
  /** Whether the listing's reader thread read this descriptor's fdinfo with its directory (`>fd/*`). */
  fdinfoAhead(fd: number): boolean {
    return this.#descriptorsAhead()?.infos?.has(String(fd)) ?? false;
  }
  fdinfo(fd: number): FdInfo {
    // seq_file single_open: one read gives it all (a short read is the end).
    return this.#once(`parsed:fdinfo/${fd}`, () =>
      parseFdinfo(
        this.#descriptorsAhead()?.infos?.get(String(fd)) ?? readLatin1(`${this.#dir}/fdinfo/${fd}`, ONE_SHOT),
      ),
    );
  }
  maps(): MapEntry[] {
    return this.#parsed('maps', (b) => parseMaps(b.toString('latin1')));
  }
  /** The distinct mapped files (parseMappedFiles, with a listing's `known` ones), read straight as text. */
  mappedFiles(known?: MappedFileCache): MappedFile[] {
    // Not a one-shot file: seq_file hands maps out a page at a time.
    return this.#once('mappedFiles', () =>
      parseMappedFiles(this.#readAhead('maps')?.toString('latin1') ?? readLatin1(`${this.#dir}/maps`), known),
    );
  }
  /**
   * Reads maps into a buffer shared by every read (or takes the listing's read-ahead slot) and
   * hands it to `inspect` (which must keep nothing of it): for a search that only asks whether a
   * file is mapped, with no copy. Not kept: each call reads again, but for the read-ahead.
   */
  withMaps<T>(inspect: (maps: Buffer) => T): T {
    const ahead = this.#readAhead('maps');
    return ahead === undefined ? readView(`${this.#dir}/maps`, inspect) : inspect(ahead);
  }
  /**
   * Thread ids in the kernel's order: the thread group leader first, then by creation, whatever
   * the numbers (as ps -L and pgrep -w list them, observed after a pid wrap-around).
   */
  tids(): number[] {
    return this.#once('tids', () => listDirInOrder(`${this.#dir}/task`).map(Number).filter(Number.isInteger));
  }
  task(tid: number): Proc {
    return new Proc(tid, `${this.#dir}/task/${tid}`, this.statFile);
  }
  cgroup(): CgroupEntry[] {
    return this.#parsed('cgroup', (b) => parseCgroup(b.toString('latin1')));
  }
  limits(): Limit[] {
    return this.#parsed('limits', (b) => parseLimits(b.toString('latin1')));
  }
  /** Namespace inode by type (`net`, `pid`, ...), read from the ns/* links. */
  namespace(type: (typeof NAMESPACE_TYPES)[number]): number {
    return this.#once(`ns:${type}`, () => {
      const target = this.#link(`ns/${type}`).toString('latin1');
      const link = parseNsLink(target);
      if (!link) throw new ParseError(`ns/${type}: ${target}`);
      return link.inode;
    });
  }
  /** 4294967295 ((uid_t)-1) when unset. */
  loginuid(): number {
    return this.#parsed('loginuid', (b) => Number(b.toString('latin1').trim()));
  }
  oomScore(): number {
    return this.#parsed('oom_score', (b) => Number(b.toString('latin1').trim()));
  }
  oomScoreAdj(): number {
    return this.#parsed('oom_score_adj', (b) => Number(b.toString('latin1').trim()));
  }
  /** Owner of the /proc/<pid> directory: the effective uid and gid (root for non-dumpable ones). */
  owner(): FileOwner {
    this.#owner ??= settle(() => ownerOf(this.#dir));
    return unwrap(this.#owner);
  }
  /**
   * Whether the process (or thread) this handle names still lives, read fresh: its stat reads,
   * with the start time read before when there was one.
   */
  isAlive(): boolean {
    let starttime: number;
    try {
      starttime = parseStat(readLatin1(`${this.#dir}/stat`, ONE_SHOT)).starttime;
    } catch (err) {
      if (isGone(err)) return false;
      throw err;
    }
    const seen = this.#stat?.ok ? (this.#stat.value as Stat).starttime : undefined;
    return seen === undefined || seen === starttime;
  }

  /**
   * Reads one entry inside the process (`proc.entry(() => proc.fdTarget(3))`, a task's stat...):
   * undefined when the entry vanished while the process lives on; a `gone` failure when the process
   * itself is gone, so that a walk drops it. Other failures (denied...) are thrown as they come.
   */
  entry<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (err) {
      if (isGone(err) && this.isAlive()) return undefined;
      throw err;
    }
  }

  identity(): ProcessIdentity {
    return { pid: this.pid, startTime: this.stat().starttime };
  }
  /** A one-shot file (stat, status, comm) as latin1 text, not kept: for a caller that parses it once. */
  text(name: 'stat' | 'status' | 'comm'): string {
    return this.#parsedText(name, (text) => text);
  }
  /** Any other file under the process directory, read once. */
  file(name: string): Buffer {
    return this.#bytes(name);
  }
}
