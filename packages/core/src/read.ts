import {
  closeSync,
  type Dir,
  lstatSync,
  opendirSync,
  openSync,
  readdirSync,
  readFile,
  readlinkSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs';
import { ProcError, toProcError } from './errors.ts';

// One buffer reused for every read: /proc files report size 0, so we read until EOF.
// Measured on the target machine: openSync/readSync costs about 6 us per /proc file,
// fs.promises about 90 us.
let buffer = Buffer.allocUnsafe(64 * 1024);

export interface ReadOptions {
  /**
   * Take a read that leaves the buffer not full as the end of the file, saving the read that
   * would return 0. Only for files the kernel produces in one go (stat, statm, status, cmdline,
   * environ...): measured here, that extra read on /proc/<pid>/stat costs more than the first one,
   * because the kernel generates the whole text again (seq_file single_open).
   */
  shortReadIsEof?: boolean;
}

/** Process files the kernel writes whole in one read (see ReadOptions.shortReadIsEof). */
export const ONE_SHOT_FILES: ReadonlySet<string> = new Set([
  'stat',
  'statm',
  'status',
  'cmdline',
  'environ',
  'comm',
  'wchan',
  'io',
]);

/** Reads a whole file (sized 0 or not) into a fresh Buffer. Errors become ProcError. */
export function readBytes(path: string, options?: ReadOptions): Buffer {
  const length = readShared(path, options); // first: it may replace `buffer`
  return Buffer.from(buffer.subarray(0, length));
}

/**
 * Reads a whole file into the shared buffer and hands `parse` a view of it, without a copy: for
 * parsers that keep nothing of the bytes (the view is reused by the next read).
 */
export function readView<T>(path: string, parse: (bytes: Buffer) => T, options?: ReadOptions): T {
  const length = readShared(path, options); // first: it may replace `buffer`
  return parse(buffer.subarray(0, length));
}

/** Reads a whole file as latin1 text (one char per byte), without an intermediate Buffer. */
export function readLatin1(path: string, options?: ReadOptions): string {
  const length = readShared(path, options); // first: it may replace `buffer`
  return buffer.toString('latin1', 0, length);
}

/**
 * Opens `path`, runs `read` on the descriptor and closes it. Failures become ProcError; ESRCH is
 * what reading an exited process's file gives (man 5 proc).
 */
function withFile<T>(path: string, read: (fd: number) => T): T {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw toProcError(err, path);
  }
  try {
    return read(fd);
  } catch (err) {
    throw toProcError(err, path);
  } finally {
    closeSync(fd);
  }
}

/** Reads a whole file into the shared buffer; returns its length. */
function readShared(path: string, options?: ReadOptions): number {
  return withFile(path, (fd) => {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const room = buffer.length - length;
      const n = readSync(fd, buffer, length, room, null);
      if (n === 0) break;
      length += n;
      if (n < room && options?.shortReadIsEof) break;
    }
    return length;
  });
}

/**
 * Reads a file the kernel produces in one go (stat, statm, comm...) with a single read into the
 * caller's `target`, without a copy; returns the length read (at most target.length, so size
 * target for the file). For scanning thousands of processes. Errors become ProcError.
 */
export function readInto(path: string, target: Buffer): number {
  return withFile(path, (fd) => readSync(fd, target, 0, target.length, null));
}

/**
 * Reads a whole file on the runtime's thread pool: for a file whose read waits in the kernel
 * (/proc/locks), so that the caller's other reads go on meanwhile. Errors become ProcError.
 */
export function readBytesLater(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    readFile(path, (err, bytes) => (err ? reject(toProcError(err, path)) : resolve(bytes)));
  });
}

export function readText(path: string): string {
  return readBytes(path).toString('latin1');
}

export function readLinkBytes(path: string | Buffer): Buffer {
  try {
    return readlinkSync(path, { encoding: 'buffer' });
  } catch (err) {
    throw toProcError(err, path.toString());
  }
}

/** A link's target as text (UTF-8): for targets known to be ASCII, such as `socket:[INODE]`. */
export function readLinkText(path: string): string {
  try {
    return readlinkSync(path);
  } catch (err) {
    throw toProcError(err, path);
  }
}

export function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (err) {
    throw toProcError(err, path);
  }
}

/**
 * Entry names in the directory's own order: readdirSync sorts them by name (libuv's scandir),
 * while /proc/<pid>/task lists the thread group leader first, then by creation.
 */
export function listDirInOrder(path: string): string[] {
  let dir: Dir;
  try {
    dir = opendirSync(path);
  } catch (err) {
    throw toProcError(err, path);
  }
  try {
    const names: string[] = [];
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) names.push(entry.name);
    return names;
  } catch (err) {
    throw toProcError(err, path);
  } finally {
    dir.closeSync();
  }
}

export interface FileOwner {
  uid: number;
  gid: number;
}

/** stat(2), links followed. */
export function statOf(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    throw toProcError(err, path);
  }
}

/** A device number split as glibc's major(3)/minor(3) split st_dev and st_rdev. */
export interface DeviceNumber {
  major: number;
  minor: number;
}

export function splitDevice(dev: number): DeviceNumber {
  // dev_t is 64 bits: major in bits 8-19 and 32-43, minor in bits 0-7 and 20-31 (sys/sysmacros.h).
  const high = Math.floor(dev / 0x100000000);
  const low = dev >>> 0;
  return {
    major: ((low >>> 8) & 0xfff) | ((high & 0xfffff000) >>> 0),
    minor: (low & 0xff) | ((low >>> 12) & 0xfff00),
  };
}

/** What stat(2) says of a file, as the tools use it. */
export interface FileStat {
  dev: DeviceNumber;
  ino: number;
  /** st_mode: type bits (S_IFMT) and permissions. */
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  size: number;
  rdev: DeviceNumber;
}

export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

function fileStat(st: Stats): FileStat {
  return {
    dev: splitDevice(st.dev),
    ino: st.ino,
    mode: st.mode,
    nlink: st.nlink,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    rdev: splitDevice(st.rdev),
  };
}

/** stat(2), following links. Errors become ProcError. */
export function statPath(path: string | Buffer): FileStat {
  try {
    return fileStat(statSync(path));
  } catch (err) {
    throw toProcError(err, path.toString());
  }
}

/** lstat(2). Errors become ProcError. */
export function lstatPath(path: string | Buffer): FileStat {
  try {
    return fileStat(lstatSync(path));
  } catch (err) {
    throw toProcError(err, path.toString());
  }
}

/**
 * Entry names as bytes (any file system's names, not only /proc's), in the directory's own order
 * (readdirSync would sort them). Errors become ProcError.
 */
export function listDirBytes(path: string | Buffer): Buffer[] {
  let dir: Dir;
  try {
    // Node accepts encoding 'buffer' here (names come as Buffers); its typings do not say so.
    dir = opendirSync(path, { encoding: 'buffer' as BufferEncoding });
  } catch (err) {
    throw toProcError(err, path.toString());
  }
  try {
    const names: Buffer[] = [];
    // With encoding 'buffer' Node gives Dirents whose names are Buffers (the typings say string);
    // Bun (1.4.5) gives the name Buffers themselves (observed).
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
      const item = entry as unknown;
      names.push(Buffer.isBuffer(item) ? item : (entry.name as unknown as Buffer));
    }
    return names;
  } catch (err) {
    throw toProcError(err, path.toString());
  } finally {
    dir.closeSync();
  }
}

/** realpath(3): every link resolved. Errors become ProcError. */
export function realPath(path: string | Buffer): Buffer {
  try {
    return realpathSync.native(path, { encoding: 'buffer' });
  } catch (err) {
    throw toProcError(err, path.toString());
  }
}

export function ownerOf(path: string): FileOwner {
  const st = statOf(path);
  return { uid: st.uid, gid: st.gid };
}

// open(2) flags Node's fs.constants leaves out (x86_64 and aarch64 values, asm-generic/fcntl.h).
const O_PATH = 0o10000000;
const O_CLOEXEC = 0o2000000;

/**
 * The mount id of the file `path` names (following links), as the kernel sees it: the path is
 * opened with O_PATH (nothing is read, a FIFO does not block) and the `mnt_id` of that
 * descriptor read from `selfDir`/fdinfo (`selfDir` is this process's own /proc/self). Errors
 * become ProcError.
 */
export function mountIdOfPath(path: string | Buffer, selfDir: string): number {
  let fd: number;
  try {
    fd = openSync(path, O_PATH | O_CLOEXEC);
  } catch (err) {
    throw toProcError(err, path.toString());
  }
  try {
    const text = readText(`${selfDir}/fdinfo/${fd}`);
    const m = /^mnt_id:\s*(\d+)/m.exec(text);
    if (!m) throw new ProcError('other', `${selfDir}/fdinfo/${fd}`);
    return Number(m[1]);
  } finally {
    closeSync(fd);
  }
}
