import { ProcError, toProcError } from './errors.ts';
import type { FileStat } from './read.ts';

/** statx(2) as @tproc/syscalls' Native.statx gives it: fills `out`, throws an error with an errno `code`. */
export type StatxCall = (path: string | Buffer, flags: number, mask: number, out: Buffer) => void;

const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_NO_AUTOMOUNT = 0x800;
const AT_STATX_DONT_SYNC = 0x4000;
const STATX_BASIC_STATS = 0x7ff;
/** noSyncStat's flags (links followed). */
export const NO_SYNC_STATX_FLAGS = AT_STATX_DONT_SYNC | AT_NO_AUTOMOUNT;
/** struct statx (linux/stat.h): the offsets of the fields a FileStat holds. */
const STATX_SIZE = 256;

/**
 * stat(2) that never waits on a filesystem's server: statx with AT_STATX_DONT_SYNC and
 * AT_NO_AUTOMOUNT, as psmisc 23.6 fuser asks (observed with strace). A network or FUSE filesystem
 * then answers from what the kernel has cached (a dead NFS server or a FUSE daemon that never
 * replies cannot hold the caller), and no automount is triggered. Node's stat waits in both cases.
 * Failures are ProcError, as statPath's.
 */
export function noSyncStat(statx: StatxCall, { follow = true } = {}): StatxStat {
  const out = Buffer.alloc(STATX_SIZE);
  const flags = NO_SYNC_STATX_FLAGS | (follow ? 0 : AT_SYMLINK_NOFOLLOW);
  const stat = (path: string | Buffer) => {
    try {
      statx(path, flags, STATX_BASIC_STATS, out);
    } catch (err) {
      throw err instanceof ProcError ? err : toProcError(err, path.toString());
    }
    return fileStatOfStatx(out);
  };
  return Object.assign(stat, { statxFlags: flags });
}

/** A stat function that is statx(2) with `statxFlags` (STATX_BASIC_STATS): another caller may make the same call. */
export type StatxStat = ((path: string | Buffer) => FileStat) & { statxFlags: number };

/**
 * A little-endian u64 as the Number that Number(readBigUInt64LE) gives (the sum of two exact
 * doubles rounds as the BigInt's conversion does), without a BigInt a call.
 */
const u64 = (b: Buffer, at: number) => b.readUInt32LE(at + 4) * 0x1_0000_0000 + b.readUInt32LE(at);

/** What a struct statx (linux/stat.h) says, as a FileStat. */
export function fileStatOfStatx(out: Buffer): FileStat {
  return {
    nlink: out.readUInt32LE(16),
    uid: out.readUInt32LE(20),
    gid: out.readUInt32LE(24),
    mode: out.readUInt16LE(28),
    ino: u64(out, 32),
    size: u64(out, 40),
    rdev: { major: out.readUInt32LE(128), minor: out.readUInt32LE(132) },
    dev: { major: out.readUInt32LE(136), minor: out.readUInt32LE(140) },
  };
}

/** Whether two FileStats are of one file (device and inode), however each was taken. */
export function sameStat(a: FileStat, b: FileStat): boolean {
  return a.ino === b.ino && a.dev.major === b.dev.major && a.dev.minor === b.dev.minor;
}
