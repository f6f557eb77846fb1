// The search: every process but this one, in pid order, is matched against every name, as psmisc
// 23.6 fuser does (observed with strace): the cwd, exe and root links, each descriptor, then the
// memory maps. Only what some name can match is read: a socket name needs the descriptors alone,
// a directory no maps.
import { type FileStat, isGone, type Proc, type ProcFs, S_IFDIR, S_IFMT, S_IFSOCK } from '@tproc/core';

/** Access letters, in the order fuser prints them (`-v`: `f`/`F` `r` `c` `e` `m`). */
export const ACCESS = {
  read: 1,
  write: 2,
  root: 4,
  cwd: 8,
  exe: 16,
  mmap: 32,
} as const;

/** What one name stands for in the search. */
export interface Target {
  /** A file name that exists: matched by (device, inode), or by device alone with -m. */
  file?: FileStat;
  mount: boolean;
  /**
   * -m on a mount point (or a block device): descriptors match by device too. On any other name
   * -m matches cwd, root, executable and maps by device but descriptors by inode (observed:
   * `fuser -mv /mnt/sub/file` shows no f for readers of /mnt/other.txt, `-mv /mnt` does).
   */
  fdsByDevice?: boolean;
  /** Socket inodes it stands for (a socket name, or a Unix socket's path). */
  sockets?: Set<number>;
  /** Pid -> access bits, in the order processes were met. */
  users: Map<number, number>;
}

export interface ScanHooks {
  /** A process matched some name for the first time (read its identity, hold it...). */
  matched(proc: Proc): void;
  /** A descriptor could not be stat'ed (fuser: `Cannot stat file /proc/PID/fd/N: ...`). */
  fdFailed(proc: Proc, fd: number, error: unknown): void;
}

const sameDevice = (a: FileStat['dev'], b: { major: number; minor: number }): boolean =>
  a.major === b.major && a.minor === b.minor;

function fileMatches(target: Target, st: FileStat, byDevice: boolean): boolean {
  const file = target.file as FileStat;
  if (!sameDevice(file.dev, st.dev)) return false;
  return byDevice || file.ino === st.ino;
}

/** A stat that may fail: undefined then (gone, denied, anything: fuser skips it silently). */
function quietly(read: () => FileStat): FileStat | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Every descriptor of every process is stat'ed even when no name is left to match (-M dropped
 * them all): fuser still reports the descriptors it cannot stat.
 */
export function scan(fs: ProcFs, targets: readonly Target[], hooks: ScanHooks): void {
  const files = targets.filter((t) => t.file !== undefined);
  const sockets = targets.filter((t) => t.sockets !== undefined && t.sockets.size > 0);
  // A directory cannot be mapped: maps are read only for names that may be.
  const mapTargets = files.filter((t) => t.mount || ((t.file as FileStat).mode & S_IFMT) !== S_IFDIR);
  const self = fs.selfPid();
  for (const pid of fs.pids()) {
    if (pid === self) continue;
    const proc = fs.process(pid);
    try {
      scanProcess(proc, files, sockets, mapTargets, hooks);
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }
}

function scanProcess(
  proc: Proc,
  files: readonly Target[],
  sockets: readonly Target[],
  mapTargets: readonly Target[],
  hooks: ScanHooks,
): void {
  let seen = false;
  const mark = (target: Target, bits: number): void => {
    if (!seen) {
      seen = true;
      hooks.matched(proc);
    }
    target.users.set(proc.pid, (target.users.get(proc.pid) ?? 0) | bits);
  };

  if (files.length > 0) {
    const links = [
      ['cwd', ACCESS.cwd],
      ['exe', ACCESS.exe],
      ['root', ACCESS.root],
    ] as const;
    for (const [link, bit] of links) {
      const st = quietly(() => proc.linkStat(link));
      if (!st) continue;
      for (const t of files) if (fileMatches(t, st, t.mount)) mark(t, bit);
    }
  }

  let fds: number[];
  try {
    fds = proc.fds();
  } catch {
    fds = [];
  }
  for (const fd of fds) {
    let st: FileStat;
    try {
      st = proc.fdStat(fd);
    } catch (err) {
      hooks.fdFailed(proc, fd, err);
      continue;
    }
    const isSocket = (st.mode & S_IFMT) === S_IFSOCK;
    for (const t of files) {
      const viaSocket = isSocket && t.sockets?.has(st.ino) === true;
      if (viaSocket || fileMatches(t, st, t.fdsByDevice === true)) mark(t, openMode(proc, fd, t));
    }
    if (isSocket)
      for (const t of sockets) if (t.file === undefined && t.sockets?.has(st.ino)) mark(t, openMode(proc, fd, t));
  }

  // observed: a name the executable matched is not looked for in the maps (`-m` on the root
  // filesystem shows no `m`, a library mapped by another executable does).
  const maps = mapTargets.filter((t) => ((t.users.get(proc.pid) ?? 0) & ACCESS.exe) === 0);
  if (maps.length === 0) return;
  let mapped: ReturnType<Proc['mappedFiles']>;
  try {
    mapped = proc.mappedFiles();
  } catch {
    return;
  }
  for (const m of mapped) {
    for (const t of maps) {
      const file = t.file as FileStat;
      if (sameDevice(file.dev, m) && (t.mount || file.ino === m.inode)) mark(t, ACCESS.mmap);
    }
  }
}

/**
 * `F` for a descriptor open for writing, `f` otherwise: the fd link's mode says (man 5 proc).
 * Once a name has an `F` for the process, later descriptors need not be looked at.
 */
function openMode(proc: Proc, fd: number, target: Target): number {
  if (((target.users.get(proc.pid) ?? 0) & ACCESS.write) !== 0) return ACCESS.write;
  try {
    return (proc.fdLinkStat(fd).mode & 0o200) !== 0 ? ACCESS.write : ACCESS.read;
  } catch {
    return ACCESS.read;
  }
}
