// Who uses a file or a mount (`tproc who`, fuser -m's question), matched the way the kernel
// counts a mount busy: by mount id (a descriptor's fdinfo `mnt_id`; the mount of a process's
// cwd, root and executable through an O_PATH open of the link) and, for one file, by device and
// inode. The directory tree under the path is never walked.
import { isGone } from '../errors.ts';
import type { Mount } from '../parse/mountinfo.ts';
import type { Proc } from '../proc.ts';
import { ProcFs } from '../procfs.ts';
import type { FileStat } from '../read.ts';
import { entryOf } from './entry.ts';

export interface UseTarget {
  /** The path as given. */
  path: string;
  /** Its real path (links resolved). */
  realPath: Buffer;
  /** The mount the path is on (the mount itself when it is a mount point). */
  mount: Mount | undefined;
  mountId: number;
  /** The path is the mount point of its mount (then every file on the mount counts). */
  isMountPoint: boolean;
  stat: FileStat;
}

/** How a process uses the target, as fuser's ACCESS letters name them. */
export type UseKind = 'cwd' | 'root' | 'exe' | 'mmap' | 'fd';

export interface FileUse {
  kind: UseKind;
  /** The descriptor, for `fd`. */
  fd?: number;
  /** For `fd`: open for writing (fdinfo flags O_WRONLY or O_RDWR). */
  write?: boolean;
  /** The link's or the map's path (raw bytes). */
  path?: Buffer;
}

export interface ProcessUses {
  pid: number;
  uses: FileUse[];
}

/** Resolves `path` to what `usersOf` matches; throws ProcError when it cannot be looked up. */
export function useTarget(path: string, fs: ProcFs = new ProcFs()): UseTarget {
  const stat = fs.stat(path);
  const mountId = fs.mountIdOf(path);
  let realPath: Buffer;
  try {
    realPath = fs.realpath(path);
  } catch {
    realPath = Buffer.from(path);
  }
  const mount = fs.mountById(mountId);
  const isMountPoint = mount?.mountPoint.equals(realPath) ?? false;
  return { path, realPath, mount, mountId, isMountPoint, stat };
}

const sameFile = (a: FileStat, t: FileStat): boolean =>
  a.ino === t.ino && a.dev.major === t.dev.major && a.dev.minor === t.dev.minor;

/**
 * The processes using `target`: for a mount point anything open on that mount (descriptors by
 * their mount id, cwd/root/exe by the mount of their link, mapped files by the mount's device),
 * for another path that very file (device and inode). Processes we may not inspect (another
 * user's, as non-root) and those that vanish are left out.
 */
export function usersOf(target: UseTarget, fs: ProcFs = new ProcFs()): ProcessUses[] {
  const out: ProcessUses[] = [];
  for (const pid of fs.pids()) {
    const proc = fs.process(pid);
    try {
      const uses = usesOf(proc, target, fs);
      if (uses.length > 0) out.push({ pid, uses });
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }
  return out;
}

function usesOf(proc: Proc, target: UseTarget, fs: ProcFs): FileUse[] {
  const uses: FileUse[] = [];
  const mountDev = target.mount ? { major: target.mount.major, minor: target.mount.minor } : target.stat.dev;
  for (const kind of ['root', 'cwd', 'exe'] as const) {
    let hit: boolean | undefined;
    if (target.isMountPoint) {
      const id = entryOf(proc, () => fs.mountIdOf(proc.pathOf(kind)));
      hit = id === undefined ? undefined : id === target.mountId;
    } else {
      const st = entryOf(proc, () => proc.linkStat(kind));
      hit = st === undefined ? undefined : sameFile(st, target.stat);
    }
    if (hit) {
      const use: FileUse = { kind };
      const link = entryOf(proc, () => proc[kind]());
      if (link) use.path = link;
      uses.push(use);
    }
  }
  const seen = new Set<string>();
  for (const m of entryOf(proc, () => proc.maps()) ?? []) {
    if (m.inode === 0 || !m.path) continue;
    const hit = target.isMountPoint
      ? m.dev.major === mountDev.major && m.dev.minor === mountDev.minor
      : m.inode === target.stat.ino && m.dev.major === target.stat.dev.major && m.dev.minor === target.stat.dev.minor;
    const key = `${m.dev.major}:${m.dev.minor}:${m.inode}`;
    if (!hit || seen.has(key)) continue;
    seen.add(key);
    uses.push({ kind: 'mmap', path: m.path });
  }
  for (const fd of entryOf(proc, () => proc.fds()) ?? []) {
    const info = entryOf(proc, () => proc.fdinfo(fd));
    let hit: boolean;
    if (target.isMountPoint) {
      hit = info?.mntId === target.mountId;
    } else {
      // fdinfo's ino (Linux 5.14+) rules most descriptors out without a stat.
      if (info?.ino !== undefined && info.ino !== target.stat.ino) continue;
      const st = entryOf(proc, () => proc.fdStat(fd));
      hit = st !== undefined && sameFile(st, target.stat);
    }
    if (!hit) continue;
    const use: FileUse = { kind: 'fd', fd, write: info !== undefined && (info.flags & 3) !== 0 };
    const link = entryOf(proc, () => proc.fdTarget(fd));
    if (link) use.path = link;
    uses.push(use);
  }
  return uses;
}
