// The query: a process's open files as lsof 4.95 describes them, from core's readers.
// Observed order: cwd, rtd, txt, then the memory-mapped files in maps order (one line per
// device and inode, the executable's left out), then descriptors in ascending order.
import {
  expectWork,
  fileTypeOfMode,
  boundedStat,
  type DeviceNumber,
  type FileLock,
  errnoOf,
  type FdInfo,
  type FdLink,
  type FileStat,
  isGone,
  type MappedFile,
  type MappedFileCache,
  mayBlock,
  type Proc,
  ProcError,
  type ProcFs,
  parseFdLink,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
} from '@tproc/core';
import { errorMessage } from '@tproc/syscalls';
import type { LsofFile } from './model.ts';
import type { NetNames } from './net-names.ts';
import type { NamedKinds } from './select.ts';
import {
  ETHERTYPE_NAMES,
  inetInfo,
  NETLINK_NAMES,
  type SocketEntry,
  type SocketTables,
  UNIX_TYPES,
  unixPathOf,
  unixStateName,
} from './sockets.ts';

export const devText = (d: DeviceNumber): string => `${d.major},${d.minor}`;

const timedOut = (path: string | Buffer): ProcError =>
  new ProcError('other', path.toString(), { cause: Object.assign(new Error('ETIMEDOUT'), { code: 'ETIMEDOUT' }) });

/** `(readlink: Permission denied)` and the like. */
function failure(call: string, err: unknown): string {
  return ` (${call}: ${errorMessage(errnoOf(err))})`;
}

/** Where a file's lines of the listing come from; `needsProtocol` ones wait for getxattr. */
export interface Gathered {
  files: LsofFile[];
  /** `sock` files whose NAME is the socket's protocol attribute (`protocol: TCP`), fd numbers. */
  pendingProtocols: { file: LsofFile; fd: number }[];
  /** What a descriptor's readlink met (EACCES), where it is what every other one meets. */
  linksDenied?: string;
}

export interface GatherOptions {
  /** The FD names this listing can use (undefined: all): lets -d skip reading what it excludes. */
  wantFd?: (fd: string, fdNumber?: number) => boolean;
  /** Only sockets can be listed (-i, -U): cwd, rtd, txt and maps are not read, nor other fds. */
  socketsOnly?: boolean;
}

/** A mount namespace's mounts, longest mount point first, and whether any may block a stat. */
interface MountTable {
  mounts: { point: string; prefix: string; blocks: boolean }[];
  any: boolean;
}

/**
 * Whether `err` says an fd of a living process vanished (closed between reads): that entry only is
 * skipped. When the process itself is gone, the failure is thrown on, so that it is dropped.
 */
function fdGone(proc: Proc, err: unknown): boolean {
  if (!isGone(err)) return false;
  if (!proc.isAlive()) throw err;
  return true;
}

const fdLabel = (fd: number): string => (fd > 9999 ? `*${String(fd % 1000).padStart(3, '0')}` : String(fd));

/** What Inspector.mayHold reads of each process, in its order (ProcFs's WalkOptions.readAhead). */
export function mayHoldReads(kinds: NamedKinds): string[] {
  return [
    '>ns/mnt',
    ...(kinds.exe ? ['@exe'] : []),
    ...(kinds.links ? ['@cwd', '@root'] : []),
    ...(kinds.maps ? ['maps'] : []),
    '@fd/*',
  ];
}

/**
 * What gather reads of a whole process, in its order (ProcFs's WalkOptions.readAhead): the first
 * visits of a walk are pid 1 and kernel threads, which ask for less than a listing's processes.
 * The process's stat is read before, by the listing.
 */
export const GATHER_READS: readonly string[] = [
  '>ns/mnt',
  '>cwd',
  '@cwd',
  '>root',
  '@root',
  '>exe',
  '@exe',
  'maps',
  '>fd/*',
];

/** The fdinfo files locksFromFdinfo reads, past those gather reads anyway, before it reads the table. */
const LOCK_FDINFO_BUDGET = 64;

/** Describes files; holds what every process shares (socket tables, locks, names). */
export class Inspector {
  #locks?: Promise<FileLock[]>;
  /** Files whose lock character waits for /proc/locks (resolveLocks). */
  readonly #lockLookups: { pid: number; file: LsofFile }[] = [];
  /** locksFromFdinfo: the fdinfo reads left before /proc/locks is read anyway; else undefined. */
  #lockFdinfoBudget?: number;
  /** A stat of one socket, pipe, or anonymous inode per mount: what the others of its kind share. */
  readonly #kindStats = new Map<string, FileStat>();
  /** stat of mapped files by path: every process maps the same libraries. */
  readonly #pathStats = new Map<string, FileStat | ProcError>();
  /** A listing's mapped files, each line's once (parseMappedFiles), and the line each makes. */
  readonly #mappedFiles: MappedFileCache = new Map();
  readonly #mapLines = new Map<MappedFile, LsofFile>();
  /** cwd, rtd and txt lines by what they show (#linkFile). */
  readonly #linkLines = new Map<string, LsofFile>();
  /** Whether a mapped file's line may be of a name (mayHold). */
  readonly #mapNamed = new Map<LsofFile, boolean>();

  /** Mount tables by mount namespace: which file systems a path is on. */
  readonly #mountTables = new Map<string, MountTable>();
  readonly #deadMounts = new Set<string>();
  #ownNamespace?: string;

  constructor(
    readonly fs: ProcFs,
    readonly sockets: SocketTables,
    readonly names: NetNames,
    /** Open flags are printed (-F G, +fg, +fG): fdinfo is read for every descriptor. */
    readonly needFlags = false,
    /** Offsets are printed for every file (-o, -F o). */
    readonly needOffsets = false,
    /** -S: how long a stat that may block may take (ms). */
    readonly statTimeout = 15_000,
  ) {}

  /**
   * Whether a stat of `path` may block: the file system it is on (in the mount namespace of
   * `proc`, or ours) may wait on a server (NFS, FUSE...). Read from mountinfo, which never blocks.
   */
  #mayBlock(proc: Proc | undefined, path: Buffer): string | undefined {
    let key = 'self';
    let source: number | 'self' = 'self';
    if (proc) {
      try {
        const ns = String(proc.namespace('mnt'));
        if (ns !== this.#ownMountNamespace()) {
          key = ns;
          source = proc.pid;
        }
      } catch {
        key = `pid:${proc.pid}`;
        source = proc.pid;
      }
    }
    const table = this.#mountTable(key, source);
    // Most namespaces have no such mount: no path of theirs needs looking at.
    if (!table.any) return undefined;
    const text = path.toString('latin1');
    for (const m of table.mounts) {
      if (text === m.point || text.startsWith(m.prefix)) return m.blocks ? `${key} ${m.point}` : undefined;
    }
    return undefined;
  }

  #ownMountNamespace(): string {
    this.#ownNamespace ??= String(this.fs.process(this.fs.selfPid()).namespace('mnt'));
    return this.#ownNamespace;
  }

  /** Whether a stat of a file of our own mount namespace may block (see #mayBlock). */
  ownMountsMayBlock(): boolean {
    return this.#mountTable('self', 'self').any;
  }

  #mountTable(key: string, source: number | 'self'): MountTable {
    let table = this.#mountTables.get(key);
    if (!table) {
      let mounts: MountTable['mounts'] = [];
      try {
        mounts = this.fs
          .mountinfo(source)
          .map((m) => {
            const point = m.mountPoint.toString('latin1');
            return { point, prefix: point === '/' ? '/' : `${point}/`, blocks: mayBlock(m.fsType) };
          })
          .sort((a, b) => b.point.length - a.point.length);
      } catch {}
      table = { mounts, any: mounts.some((m) => m.blocks) };
      this.#mountTables.set(key, table);
    }
    return table;
  }

  /**
   * A stat bounded by -S. Once one has timed out on a mount, the others on it fail at once: a
   * server that does not answer one request answers none (each would cost -S seconds more).
   */
  #bounded(path: string | Buffer, mount: string): FileStat {
    if (this.#deadMounts.has(mount)) throw timedOut(path);
    try {
      return boundedStat(path, this.statTimeout);
    } catch (err) {
      if (errnoOf(err) === 'ETIMEDOUT') this.#deadMounts.add(mount);
      throw err;
    }
  }

  /** Starts reading /proc/locks, whose reader waits in the kernel (ProcFs.locksLater). */
  readLocksSoon(): void {
    this.#locks ??= this.fs.locksLater().catch(() => []);
  }

  /**
   * /proc/locks is read only once the fdinfo of a file that may show a lock holds a `lock:` line
   * (man 5 proc: the locks held through that descriptor), or cannot be read, or past
   * LOCK_FDINFO_BUDGET of them (a long walk, which hides the table's wait); else no file shows
   * one. The table's first read in a while waits in the kernel for an RCU grace period
   * (locks_start takes a percpu rwsem for writing: 8-25 ms here, measured), which a short walk
   * cannot hide. Not seen this way: a lock a process took through a description it no longer
   * holds (another process does), on a file it has open again; lsof, matching /proc/locks by pid
   * and inode, shows it.
   */
  locksFromFdinfo(): void {
    this.#lockFdinfoBudget = LOCK_FDINFO_BUDGET;
  }

  /** A file's lock character waits for /proc/locks; locksFromFdinfo: whether to read it at all. */
  #lookUpLock(proc: Proc, fd: number, file: LsofFile, info: FdInfo | undefined): void {
    this.#lockLookups.push({ pid: proc.pid, file });
    if (this.#lockFdinfoBudget === undefined || this.#locks !== undefined) return;
    let locked = true;
    try {
      if (!info && this.#lockFdinfoBudget-- > 0) locked = Object.hasOwn(proc.fdinfo(fd).extra, 'lock');
      else if (info) locked = Object.hasOwn(info.extra, 'lock');
    } catch {}
    if (locked) this.readLocksSoon();
  }

  /**
   * Sets the lock character of every file gathered that may hold one: `pid`'s first lock on the
   * file in /proc/locks (lsof reports only the first; lower case for part of the file, upper case
   * for all of it).
   */
  async resolveLocks(): Promise<void> {
    if (this.#lockLookups.length === 0) return;
    // locksFromFdinfo, and no descriptor showed a lock.
    if (this.#lockFdinfoBudget !== undefined && this.#locks === undefined) {
      this.#lockLookups.length = 0;
      return;
    }
    this.readLocksSoon();
    const chars = new Map<string, string>();
    for (const lock of (await this.#locks) ?? []) {
      if (lock.blocked) continue;
      const key = `${lock.pid}:${lock.major}:${lock.minor}:${lock.inode}`;
      if (chars.has(key)) continue;
      const whole = lock.start === 0n && lock.end === undefined;
      const char = lock.access === 'READ' ? 'r' : lock.access === 'WRITE' ? 'w' : 'u';
      chars.set(key, whole && char !== 'u' ? char.toUpperCase() : char);
    }
    for (const { pid, file } of this.#lockLookups.splice(0)) {
      const { dev, inode } = file;
      if (dev !== undefined && inode !== undefined)
        file.lock = chars.get(`${pid}:${dev.major}:${dev.minor}:${inode}`) ?? ' ';
    }
  }

  /**
   * Whether `proc` may hold a file `named` says could be named (Selection.mayBeNamed): its cwd,
   * root, executable, mapped files and descriptors by stat alone, no readlink, lstat or fdinfo
   * and nothing described, before the whole gather of the few that may. Any failure says it may
   * (the gather then decides, and words the failure). Only where no stat can block: the caller
   * knows no file system of our mount namespace can, and a process of another namespace may.
   */
  mayHold(
    proc: Proc,
    named: (dev: DeviceNumber, inode: number, rdev: DeviceNumber | undefined) => boolean,
    /** The sockets bound at a path named (a name finds the socket bound there: names.ts). */
    namedSockets: ReadonlySet<number>,
    /** Which of its files a name could be: the others are not looked at. */
    kinds: NamedKinds,
  ): boolean {
    const matches = (stat: FileStat) => named(stat.dev, stat.ino, stat.rdev);
    try {
      if (String(proc.namespace('mnt')) !== this.#ownMountNamespace()) return true;
      const exe = kinds.exe ? proc.linkStat('exe') : undefined;
      if (exe && matches(exe)) return true;
      if (kinds.links && (matches(proc.linkStat('cwd')) || matches(proc.linkStat('root')))) return true;
      for (const file of kinds.maps ? this.#mapFiles(proc, exe) : []) {
        let may = this.#mapNamed.get(file);
        if (may === undefined) {
          may = file.dev === undefined || file.inode === undefined || named(file.dev, file.inode, file.rdev);
          this.#mapNamed.set(file, may);
        }
        if (may) return true;
      }
      for (const fd of proc.fdNames()) {
        const stat = proc.fdStat(Number(fd));
        if (matches(stat)) return true;
        if ((stat.mode & S_IFMT) === S_IFSOCK && namedSockets.has(stat.ino)) return true;
      }
      return false;
    } catch {
      return true;
    }
  }

  gather(proc: Proc, options: GatherOptions = {}): Gathered {
    const out: Gathered = { files: [], pendingProtocols: [] };
    const sockets = options.socketsOnly === true;
    const want = sockets ? (fd: string) => /^[\d*]/.test(fd) : (options.wantFd ?? (() => true));
    let exe: FileStat | undefined;
    for (const [fd, link] of [
      ['cwd', 'cwd'],
      ['rtd', 'root'],
      ['txt', 'exe'],
    ] as const) {
      // The exe is needed to leave it out of the memory maps even when txt is not listed.
      if (!want(fd) && !(fd === 'txt' && (want('mem') || want('DEL')))) continue;
      const file = this.#linkFile(proc, fd, link);
      if (fd === 'txt') exe = file.stat;
      if (want(fd)) out.files.push(file.file);
    }
    if (want('mem') || want('DEL')) {
      for (const file of this.#mapFiles(proc, exe)) if (want(file.fd)) out.files.push(file);
    }
    let fds: string[];
    try {
      fds = proc.fdNames();
    } catch (err) {
      if (isGone(err)) throw err;
      if (want('NOFD')) {
        out.files.push(blankFile('NOFD', '', Buffer.from(proc.pathOf('fd')), failure('opendir', err)));
      }
      return out;
    }
    expectWork(out.files.length + fds.length);
    const numbers = fds.map(Number).sort((a, b) => a - b);
    for (const fd of numbers) {
      const label = fdLabel(fd);
      if (!want(label, fd)) continue;
      const file = this.#fdFile(proc, fd, label, out, sockets);
      if (file) out.files.push(file);
    }
    return out;
  }

  /** cwd, rtd or txt. */
  #linkFile(proc: Proc, fd: 'cwd' | 'rtd' | 'txt', link: 'cwd' | 'root' | 'exe'): { file: LsofFile; stat?: FileStat } {
    const path = proc.pathOf(link);
    let target: Buffer;
    try {
      target = link === 'cwd' ? proc.cwd() : link === 'root' ? proc.root() : proc.exe();
    } catch (err) {
      if (isGone(err) && errnoOf(err) !== 'ENOENT') throw err;
      // observed: a kernel thread's exe (ENOENT) shows the link path alone.
      const suffix = errnoOf(err) === 'ENOENT' ? '' : failure('readlink', err);
      return { file: blankFile(fd, ' ', Buffer.from(path), suffix, 'unknown') };
    }
    let stat: FileStat;
    try {
      const mount = this.#mayBlock(proc, target);
      stat = mount ? this.#bounded(proc.pathOf(link), mount) : proc.linkStat(link);
    } catch (err) {
      return { file: blankFile(fd, ' ', target, failure('stat', err), 'unknown') };
    }
    // Processes share a cwd, root and program: one line object for each such file serves them all.
    const key = `${fd} ${stat.mode} ${stat.dev.major}:${stat.dev.minor} ${stat.rdev.major}:${stat.rdev.minor} ${stat.ino} ${stat.nlink} ${stat.size} ${target.toString('latin1')}`;
    let file = this.#linkLines.get(key);
    if (file === undefined) {
      const parsed = parseFdLink(target);
      const name = parsed.kind === 'path' ? parsed.path : target;
      file = statFile(fd, ' ', stat, name, parsed.kind === 'path' && parsed.deleted ? ' (deleted)' : '');
      file.lock = ' ';
      file.shared = true;
      this.#linkLines.set(key, file);
    }
    return { file, stat };
  }

  #mapFiles(proc: Proc, exe: FileStat | undefined): LsofFile[] {
    let maps: MappedFile[];
    try {
      maps = proc.mappedFiles(this.#mappedFiles);
    } catch (err) {
      if (isGone(err)) throw err;
      return [];
    }
    const files: LsofFile[] = [];
    for (const map of maps) {
      if (exe && map.dev.major === exe.dev.major && map.dev.minor === exe.dev.minor && map.inode === exe.ino) continue;
      // Processes map the same libraries: one line object per file serves them all.
      let file = this.#mapLines.get(map);
      if (!file) {
        file = this.#mapLine(map);
        file.shared = true;
        this.#mapLines.set(map, file);
      }
      files.push(file);
    }
    return files;
  }

  #mapLine(map: MappedFile): LsofFile {
    const path = Buffer.from(map.path, 'latin1');
    if (map.deleted) {
      const file = blankFile('DEL', '', path, '', 'REG');
      file.device = devText(map.dev);
      file.dev = map.dev;
      file.node = String(map.inode);
      file.inode = map.inode;
      return file;
    }
    const stat = this.#pathStat(path);
    if (stat instanceof ProcError) return blankFile('mem', '', path, failure('stat', stat), 'unknown');
    return statFile('mem', '', stat, path, '');
  }

  /** stat(2) of a path, once per run (lsof stats each mapped file by its path). */
  #pathStat(path: Buffer): FileStat | ProcError {
    const key = path.toString('latin1');
    let hit = this.#pathStats.get(key);
    if (hit === undefined) {
      try {
        const mount = this.#mayBlock(undefined, path);
        hit = mount ? this.#bounded(path, mount) : this.fs.stat(path);
      } catch (err) {
        hit = err instanceof ProcError ? err : new ProcError('other', key, { cause: err });
      }
      this.#pathStats.set(key, hit);
    }
    return hit;
  }

  #fdFile(proc: Proc, fd: number, label: string, out: Gathered, socketsOnly = false): LsofFile | undefined {
    const denied = (suffix: string) => blankFile(label, ' ', Buffer.from(proc.pathOf(`fd/${fd}`)), suffix, 'unknown');
    if (out.linksDenied !== undefined) return denied(out.linksDenied);
    let target: Buffer | undefined;
    try {
      // Closed since the directory was read: that entry only is skipped (undefined); the process
      // gone, the failure goes up and the process is dropped (Proc.entry).
      target = proc.entry(() => proc.fdTarget(fd));
    } catch (err) {
      if (isGone(err)) throw err;
      const suffix = failure('readlink', err);
      // The links of a process's fd/ are read under one ptrace access check of the process (man 5
      // proc, /proc/pid/fd), not one a descriptor: refused once, refused for each.
      if (errnoOf(err) === 'EACCES') out.linksDenied = suffix;
      return denied(suffix);
    }
    if (target === undefined) return undefined;
    const link = parseFdLink(target);
    if (socketsOnly && link.kind !== 'socket') return undefined;
    // Sockets and pipes need neither their stat (one per kind tells the device: sockfs, pipefs)
    // nor fdinfo (their position is 0) unless flags are printed: the fd link's own mode tells
    // the access. Anonymous inodes need fdinfo for their names, which also tells the device
    // (by mount id) and the inode. Everything else is stat-ed, with fdinfo for access and offset.
    let info: FdInfo | undefined;
    const quick = (link.kind === 'socket' || link.kind === 'pipe') && !this.needFlags;
    // A file's offset shows only with -o (or -F o); its size otherwise: then the link's mode
    // is enough. Devices and FIFOs show their offset (fdinfo read ahead with the directory is
    // theirs: taken first, its flags give the access).
    const needInfo = !quick && (link.kind !== 'path' || this.needFlags || this.needOffsets || proc.fdinfoAhead(fd));
    if (needInfo) {
      try {
        info = proc.fdinfo(fd);
      } catch (err) {
        if (fdGone(proc, err)) return undefined;
      }
    }
    let access: string;
    if (info) access = accessChar(info.flags);
    else {
      try {
        access = accessOfLinkMode(proc.fdLinkMode(fd));
      } catch (err) {
        if (fdGone(proc, err)) return undefined;
        access = ' ';
      }
    }
    let stat: FileStat;
    try {
      stat = this.#fdStat(proc, fd, link, info);
    } catch (err) {
      if (fdGone(proc, err)) return undefined;
      const file = blankFile(label, access, target, failure('stat', err), 'unknown');
      file.fdNumber = fd;
      if (errnoOf(err) === 'ETIMEDOUT') this.#fillFromFdinfo(proc, fd, file);
      return file;
    }
    if (!info && link.kind === 'path' && (stat.mode & S_IFMT) !== S_IFREG && (stat.mode & S_IFMT) !== S_IFDIR) {
      try {
        info = proc.fdinfo(fd);
      } catch (err) {
        if (fdGone(proc, err)) return undefined;
      }
    }
    const file = this.#describe(proc, fd, label, access, link, target, stat, info, out);
    file.fdNumber = fd;
    if (info) {
      file.offset = info.pos;
      file.flags = info.flags;
    } else if (quick) file.offset = 0;
    return file;
  }

  /**
   * What the kernel tells of a file without a call that can block: its device from the mount
   * fdinfo names (mountinfo's numbers) and its inode (man 5 proc).
   */
  #fillFromFdinfo(proc: Proc, fd: number, file: LsofFile): void {
    try {
      const info = proc.fdinfo(fd);
      const mount =
        info.mntId === undefined
          ? undefined
          : (this.fs.mountById(info.mntId) ?? this.fs.mountinfo(proc.pid).find((m) => m.mountId === info.mntId));
      if (mount) {
        file.dev = { major: mount.major, minor: mount.minor };
        file.device = devText(file.dev);
      }
      if (info.ino !== undefined) {
        file.inode = info.ino;
        file.node = String(info.ino);
      }
      file.offset = info.pos;
      file.flags = info.flags;
    } catch {}
  }

  /** stat of an fd's file, from a cached one of the same kind when only its device differs. */
  #fdStat(proc: Proc, fd: number, link: FdLink, info: FdInfo | undefined): FileStat {
    let kindKey: string | undefined;
    let inode: number | undefined;
    if (link.kind === 'socket' || link.kind === 'pipe') {
      kindKey = link.kind;
      inode = link.inode;
    } else if (link.kind === 'anon' && info?.mntId !== undefined && info.ino !== undefined) {
      kindKey = `anon:${info.mntId}`;
      inode = info.ino;
    }
    if (kindKey === undefined || inode === undefined) {
      const mount = link.kind === 'path' ? this.#mayBlock(proc, link.path) : undefined;
      if (mount) return this.#bounded(proc.pathOf(`fd/${fd}`), mount);
      return proc.fdStat(fd);
    }
    const known = this.#kindStats.get(kindKey);
    if (known) return { ...known, ino: inode };
    const stat = proc.fdStat(fd);
    this.#kindStats.set(kindKey, stat);
    return stat;
  }

  #describe(
    proc: Proc,
    fd: number,
    label: string,
    access: string,
    link: FdLink,
    target: Buffer,
    stat: FileStat,
    info: FdInfo | undefined,
    out: Gathered,
  ): LsofFile {
    switch (link.kind) {
      case 'socket':
        return this.#socketFile(fd, label, access, link.inode, stat, out);
      case 'pipe': {
        const file = statFile(label, access, stat, Buffer.from('pipe'), '');
        file.lock = ' ';
        return file;
      }
      case 'anon': {
        const file = statFile(label, access, stat, Buffer.from(anonName(link.name, link.text, info), 'latin1'), '');
        file.type = 'a_inode';
        file.lock = ' ';
        return file;
      }
      case 'path': {
        const file = statFile(label, access, stat, link.path, link.deleted ? ' (deleted)' : '');
        if (link.deleted) file.deleted = true;
        file.lock = ' ';
        this.#lookUpLock(proc, fd, file, info);
        return file;
      }
      default: {
        const file = statFile(label, access, stat, target, '');
        file.lock = ' ';
        return file;
      }
    }
  }

  #socketFile(fd: number, label: string, access: string, inode: number, stat: FileStat, out: Gathered): LsofFile {
    const entry = this.sockets.find(inode);
    const file = blankFile(label, access, Buffer.alloc(0), '', 'sock');
    file.lock = ' ';
    file.preferOffset = true;
    file.inode = inode;
    file.dev = stat.dev;
    if (!entry) {
      file.device = devText(stat.dev);
      file.node = String(inode);
      out.pendingProtocols.push({ file, fd });
      return file;
    }
    this.#describeSocket(file, entry);
    return file;
  }

  #describeSocket(file: LsofFile, entry: SocketEntry): void {
    const inode = file.inode ?? 0;
    switch (entry.kind) {
      case 'inet': {
        file.type = entry.family === 4 ? 'IPv4' : 'IPv6';
        file.device = String(inode);
        file.node = entry.protocol;
        file.protocol = entry.protocol;
        const inet = inetInfo(entry);
        file.inet = inet;
        const local = this.names.end(inet.local, entry.protocol);
        const remote = inet.remote ? `->${this.names.end(inet.remote, entry.protocol)}` : '';
        file.name = Buffer.from(`${local}${remote}`, 'latin1');
        file.tcpTpi = true;
        if (inet.state) file.socketState = inet.state;
        return;
      }
      case 'raw': {
        const s = entry.socket;
        file.type = entry.family === 4 ? 'raw' : 'raw6';
        file.device = '';
        file.node = String(inode);
        file.protocol = 'raw';
        file.name = Buffer.from(
          `${s.localRaw}->${s.remoteRaw} st=${s.state.toString(16).toUpperCase().padStart(2, '0')}`,
          'latin1',
        );
        return;
      }
      case 'unix': {
        const s = entry.socket;
        file.type = 'unix';
        file.device = `0x${s.address}`;
        file.node = String(inode);
        file.protocol = UNIX_TYPES[s.type] ?? String(s.type);
        const path = unixPathOf(s);
        file.name = Buffer.concat([
          path?.length ? Buffer.concat([path, Buffer.from(' ')]) : Buffer.alloc(0),
          Buffer.from(`type=${UNIX_TYPES[s.type] ?? s.type}`),
        ]);
        file.tcpTpi = true;
        file.socketState = unixStateName(s);
        if (path?.length) file.unixPath = path;
        return;
      }
      case 'netlink': {
        const s = entry.socket;
        file.type = 'netlink';
        file.device = '';
        file.node = String(inode);
        file.name = Buffer.from(NETLINK_NAMES[s.protocol] ?? String(s.protocol), 'latin1');
        return;
      }
      case 'packet': {
        const s = entry.socket;
        file.type = 'pack';
        file.device = String(inode);
        file.node = ETHERTYPE_NAMES[s.protocol] ?? `0x${s.protocol.toString(16).padStart(4, '0')}`;
        file.name = Buffer.from(`type=${s.type === 3 ? 'SOCK_RAW' : s.type === 2 ? 'SOCK_DGRAM' : s.type}`, 'latin1');
        return;
      }
    }
  }

  /** Fills in `protocol: X` names once getxattr is at hand. */
  resolveProtocol(pid: number, pending: { file: LsofFile; fd: number }): void {
    const value = this.fs.fdAttribute(pid, pending.fd, 'system.sockprotoname');
    const text = value ? value.toString('latin1').replace(/\0.*$/s, '') : undefined;
    if (text === undefined) {
      pending.file.name = Buffer.from("can't identify protocol");
      return;
    }
    pending.file.protocol = text;
    pending.file.name = Buffer.from(`protocol: ${text}`, 'latin1');
  }
}

/** The access a fd link's permission bits show (fs/proc/fd.c: read sets 0500, write 0300). */
function accessOfLinkMode(mode: number): string {
  const read = (mode & 0o400) !== 0;
  const write = (mode & 0o200) !== 0;
  return read && write ? 'u' : write ? 'w' : 'r';
}

function accessChar(flags: number): string {
  switch (flags & 3) {
    case 0:
      return 'r';
    case 1:
      return 'w';
    default:
      return 'u';
  }
}

/** a_inode names: lsof adds eventfd ids, epoll targets and pidfd pids (observed, 4.95). */
function anonName(kind: string, text: string, info: FdInfo | undefined): string {
  switch (kind) {
    case 'eventfd': {
      const id = info?.extra['eventfd-id'];
      return id === undefined ? '[eventfd]' : `[eventfd:${id}]`;
    }
    case 'eventpoll': {
      const targets = (info?.lines ?? [])
        .map((line) => /^tfd:\s*(\d+)/.exec(line)?.[1])
        .filter((t): t is string => t !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
      return targets.length ? `[eventpoll:${targets.join(',')}]` : '[eventpoll]';
    }
    case 'pidfd': {
      const pid = info?.extra.Pid;
      return pid === undefined ? '[pidfd]' : `[pidfd:${pid}]`;
    }
    default:
      return text;
  }
}

/** A line with no stat information: error lines, NOFD, DEL. */
export function blankFile(fd: string, access: string, name: Buffer, suffix: string, type = ''): LsofFile {
  const file: LsofFile = {
    fd,
    access,
    lock: access === '' ? '' : ' ',
    type,
    device: '',
    preferOffset: false,
    node: '',
    name,
    nameSuffix: suffix,
  };
  if (suffix.startsWith(' (') && suffix.includes(': ')) file.error = true;
  return file;
}

/** A line from a stat(2) result. */
export function statFile(fd: string, access: string, stat: FileStat, name: Buffer, suffix: string): LsofFile {
  const kind = stat.mode & S_IFMT;
  const device = kind === S_IFCHR || kind === S_IFBLK ? stat.rdev : stat.dev;
  const file: LsofFile = {
    fd,
    access,
    lock: access === '' ? '' : ' ',
    type: fileTypeOfMode(stat.mode),
    device: devText(device),
    dev: stat.dev,
    rdev: stat.rdev,
    preferOffset: kind === S_IFCHR || kind === S_IFIFO || kind === S_IFSOCK || kind === S_IFBLK,
    node: String(stat.ino),
    inode: stat.ino,
    nlink: stat.nlink,
    mode: stat.mode,
    name,
    nameSuffix: suffix,
  };
  if (kind !== S_IFCHR && kind !== S_IFBLK && kind !== S_IFIFO && kind !== S_IFSOCK) file.size = stat.size;
  return file;
}
