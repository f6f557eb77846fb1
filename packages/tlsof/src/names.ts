// Names on the command line and +d/+D directories, resolved to what identifies the files they
// name (man 8 lsof, names): a mounted-on directory or the block device of a mount selects every
// file on that file system; a character or block device file its users; a Unix socket path its
// sockets; anything else the files with its device and inode.
import { errnoOf, type FileStat, type ProcFs, S_IFBLK, S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT } from '@tproc/core';
import { errorMessage } from '@tproc/syscalls';
import type { Options } from './options.ts';
import type { DirTarget, NameTarget } from './select.ts';

export interface ResolvedNames {
  names: NameTarget[];
  dirs: DirTarget[];
  /** Lines for stderr (without the program name), in order. */
  messages: string[];
  /** A name could not be used (status error): exit 1 unless -Q. */
  failed: boolean;
  /** A +d/+D directory is unusable: an option error (usage, exit 1). */
  usage: boolean;
}

/** The name as lsof shows it for a match: trailing slashes dropped (observed: `dir/` shows `dir`). */
function displayName(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  return trimmed === '' && name.startsWith('/') ? '/' : trimmed;
}

const dirname = (path: string): string => {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : slash === 0 ? '/' : path.slice(0, slash);
};

export function resolveNames(o: Options, fs: ProcFs): ResolvedNames {
  const out: ResolvedNames = { names: [], dirs: [], messages: [], failed: false, usage: false };
  let mountPoints: Map<string, { major: number; minor: number }> | undefined;
  const mounts = () => {
    if (!mountPoints) {
      mountPoints = new Map();
      try {
        for (const m of fs.mountinfo())
          mountPoints.set(m.mountPoint.toString('latin1'), { major: m.major, minor: m.minor });
      } catch {}
    }
    return mountPoints;
  };

  for (const dir of o.dirs) {
    let st: FileStat;
    try {
      st = fs.stat(dir.path);
    } catch (err) {
      out.messages.push(`WARNING: can't stat(${dir.path}): ${errorMessage(errnoOf(err))}`);
      out.usage = true;
      continue;
    }
    if ((st.mode & S_IFMT) !== S_IFDIR) {
      out.messages.push(`WARNING: not a directory: ${dir.path}`);
      out.usage = true;
      continue;
    }
    out.dirs.push(walk(fs, dir.path, dir.recursive, st, o));
  }

  for (const name of o.names) {
    const bytes = Buffer.from(name, 'utf8');
    let st: FileStat;
    try {
      st = fs.stat(bytes);
    } catch (err) {
      out.failed = true;
      if (!o.quiet) out.messages.push(`status error on ${danglingTarget(fs, name)}: ${errorMessage(errnoOf(err))}`);
      continue;
    }
    const text = displayName(name);
    const kind = st.mode & S_IFMT;
    let fsDev: { major: number; minor: number } | undefined;
    if (o.namesAs !== 'file') {
      if (kind === S_IFDIR) {
        let real: string | undefined;
        try {
          real = fs.realpath(bytes).toString('latin1');
        } catch {}
        if (real !== undefined && mounts().has(real)) fsDev = st.dev;
      } else if (kind === S_IFBLK) {
        for (const dev of mounts().values()) {
          if (dev.major === st.rdev.major && dev.minor === st.rdev.minor) fsDev = dev;
        }
      }
      if (o.namesAs === 'filesystem' && !fsDev) {
        out.messages.push(`not a file system: ${name}`);
        out.failed = true;
        continue;
      }
    }
    if (fsDev) {
      out.names.push({ text, kind: 'filesystem', dev: fsDev, found: false });
      continue;
    }
    const target: NameTarget = { text, kind: 'file', dev: st.dev, inode: st.ino, type: kind, found: false };
    if (kind === S_IFCHR || kind === S_IFBLK) {
      target.isDevice = true;
      target.rdev = st.rdev;
    }
    // observed: a Unix socket is found by the path it was bound at, whatever is there now (a
    // regular file at that path names it; the socket file renamed does not).
    target.socketPath = bytes;
    out.names.push(target);
  }
  return out;
}

/** For a dangling link, lsof names the path it points to (observed: status error on /tmp/read.txt). */
function danglingTarget(fs: ProcFs, name: string): string {
  try {
    const st = fs.lstat(name);
    if ((st.mode & S_IFMT) !== S_IFLNK) return name;
    const target = fs.readlink(name).toString('utf8');
    return target.startsWith('/') ? target : `${dirname(name)}/${target}`;
  } catch {
    return name;
  }
}

/**
 * +d: the directory and its entries; +D: its whole tree. Links are not followed and other file
 * systems not entered unless -x says so (man 8 lsof).
 */
function walk(fs: ProcFs, path: string, recursive: boolean, top: FileStat, o: Options): DirTarget {
  const target: DirTarget = { path, recursive, walked: [], members: new Map() };
  const key = (st: FileStat) => `${st.dev.major}:${st.dev.minor}:${st.ino}`;
  const add = (st: FileStat, file: Buffer) => {
    const member = { path: file, found: false };
    target.walked.push(member);
    if (!target.members.has(key(st))) target.members.set(key(st), member);
    // A bound Unix socket is found by its path (see socketPath), whatever the file there is.
    target.members.set(file.toString('latin1'), member);
  };
  const followLinks = o.crossover?.links ?? false;
  const crossMounts = o.crossover?.filesystems ?? false;
  // observed (-V order): the directory first, then each directory's entries in readdir order,
  // subdirectories taken from a stack (last found, first walked).
  add(top, Buffer.from(displayName(path), 'utf8'));
  const stack: [Buffer, FileStat][] = [[Buffer.from(path, 'utf8'), top]];
  while (stack.length) {
    const [dir, dirStat] = stack.pop()!;
    let entries: Buffer[];
    try {
      entries = fs.readDirectory(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = Buffer.concat([dir, Buffer.from(dir[dir.length - 1] === 0x2f ? '' : '/'), entry]);
      let st: FileStat;
      try {
        st = fs.lstat(full);
        if ((st.mode & S_IFMT) === S_IFLNK && followLinks) st = fs.stat(full);
      } catch {
        continue;
      }
      const onOtherFs = st.dev.major !== dirStat.dev.major || st.dev.minor !== dirStat.dev.minor;
      if (onOtherFs && !crossMounts) continue;
      add(st, full);
      if (recursive && (st.mode & S_IFMT) === S_IFDIR) stack.push([full, st]);
    }
  }
  return target;
}
