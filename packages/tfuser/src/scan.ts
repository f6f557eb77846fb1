// The search: every process but this one, in pid order, is matched against every name, as psmisc
// 23.6 fuser does (observed with strace): the cwd, exe and root links, each descriptor, then the
// memory maps. Only what some name can match is read: a socket name needs the descriptors alone,
// a directory no maps.
import {
  type FileStat,
  isGone,
  mapsHasFile,
  type Proc,
  type ProcFs,
  S_IFDIR,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  restartForLongWalk,
} from '@tproc/core';

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

/** Which names each kind of use can match, worked out once for the whole search. */
interface Plan {
  cwd: Target[];
  exe: Target[];
  root: Target[];
  /** File names, for descriptors. */
  files: Target[];
  /** Socket names, for descriptors. */
  sockets: Target[];
  maps: Target[];
}

/**
 * What each name can match: a cwd or a root is a directory and an executable a regular file, so
 * without -m a name of another type is not compared with them; a directory cannot be mapped. (fuser
 * stats every link of every process whatever the name: the result is the same, the cost is not.)
 */
function plan(targets: readonly Target[]): Plan {
  const files = targets.filter((t) => t.file !== undefined);
  const type = (t: Target) => (t.file as FileStat).mode & S_IFMT;
  return {
    cwd: files.filter((t) => t.mount || type(t) === S_IFDIR),
    exe: files.filter((t) => t.mount || type(t) === S_IFREG),
    root: files.filter((t) => t.mount || type(t) === S_IFDIR),
    files,
    sockets: targets.filter((t) => t.file === undefined && t.sockets !== undefined && t.sockets.size > 0),
    maps: files.filter((t) => t.mount || type(t) !== S_IFDIR),
  };
}

/**
 * Every descriptor of every process is stat'ed even when no name is left to match (-M dropped
 * them all): fuser still reports the descriptors it cannot stat.
 */
export function scan(fs: ProcFs, targets: readonly Target[], hooks: ScanHooks): void {
  const p = plan(targets);
  const self = fs.selfPid();
  const pids = fs.pids();
  // Where the executable's entry could not tell (a PID namespace of its own), a long walk starts
  // again without the FTL tier here (core's restart.ts): at 5,000 processes it then took 190 ms
  // instead of 232, for the ~15-20 a restart costs this late.
  restartForLongWalk(pids.length);
  // Mostly system calls (a statx per descriptor, maps): the reader thread gets the second core.
  for (const proc of fs.processesOf(pids, { holdsJit: true })) {
    if (proc.pid === self) continue;
    try {
      scanProcess(proc, p, hooks);
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }
}

/** One process being looked at. */
interface Visit {
  proc: Proc;
  hooks: ScanHooks;
  matched: boolean;
}

/** Marks the use `bits` of `target`; tells the hooks of the process's first match. */
function mark(v: Visit, target: Target, bits: number): void {
  const pid = v.proc.pid;
  target.users.set(pid, (target.users.get(pid) ?? 0) | bits);
  if (!v.matched) {
    v.matched = true;
    v.hooks.matched(v.proc);
  }
}

function matchLink(v: Visit, link: 'cwd' | 'exe' | 'root', targets: Target[], bit: number): void {
  if (targets.length === 0) return;
  let st: FileStat;
  try {
    st = v.proc.linkStat(link);
  } catch {
    return; // gone, denied, a kernel thread's exe: fuser skips it without a word
  }
  for (const t of targets) if (fileMatches(t, st, t.mount)) mark(v, t, bit);
}

function scanProcess(proc: Proc, p: Plan, hooks: ScanHooks): void {
  const v: Visit = { proc, hooks, matched: false };
  matchLink(v, 'cwd', p.cwd, ACCESS.cwd);
  matchLink(v, 'exe', p.exe, ACCESS.exe);
  matchLink(v, 'root', p.root, ACCESS.root);

  let fds: number[];
  try {
    fds = proc.fds();
  } catch {
    fds = [];
  }
  for (const fd of fds) {
    let st: FileStat | undefined;
    try {
      // A descriptor closed since fd/ was listed is skipped alone; the process gone ends its visit.
      st = proc.entry(() => proc.fdStat(fd));
    } catch (err) {
      if (isGone(err)) throw err;
      hooks.fdFailed(proc, fd, err);
      continue;
    }
    if (st === undefined) continue;
    const isSocket = (st.mode & S_IFMT) === S_IFSOCK;
    for (const t of p.files) {
      const viaSocket = isSocket && t.sockets?.has(st.ino) === true;
      if (viaSocket || fileMatches(t, st, t.fdsByDevice === true)) mark(v, t, openMode(proc, fd, t));
    }
    if (isSocket) for (const t of p.sockets) if (t.sockets?.has(st.ino)) mark(v, t, openMode(proc, fd, t));
  }

  if (p.maps.length === 0) return;
  // observed: a name the executable matched is not looked for in the maps (`-m` on the root
  // filesystem shows no `m`, a library mapped by another executable does).
  let wanted = false;
  for (const t of p.maps) if (((t.users.get(proc.pid) ?? 0) & ACCESS.exe) === 0) wanted = true;
  if (!wanted) return;
  try {
    proc.withMaps((maps) => {
      for (const t of p.maps) {
        if (((t.users.get(proc.pid) ?? 0) & ACCESS.exe) !== 0) continue;
        const { dev, ino } = t.file as FileStat;
        if (mapsHasFile(maps, dev.major, dev.minor, t.mount ? undefined : ino)) mark(v, t, ACCESS.mmap);
      }
    });
  } catch {
    // maps unreadable (gone, denied): fuser skips them without a word
  }
}

/**
 * `F` for a descriptor open for writing, `f` otherwise: the fd link's mode says (man 5 proc).
 * Once a name has an `F` for the process, later descriptors need not be looked at.
 */
function openMode(proc: Proc, fd: number, target: Target): number {
  if (((target.users.get(proc.pid) ?? 0) & ACCESS.write) !== 0) return ACCESS.write;
  try {
    return (proc.fdLinkMode(fd) & 0o200) !== 0 ? ACCESS.write : ACCESS.read;
  } catch {
    return ACCESS.read;
  }
}
