// What each name on the command line stands for: a file (its stat, and for a Unix socket's path
// the sockets bound to it), or TCP/UDP sockets; and the label fuser prints for it.
import { errnoOf, type FileStat, type ProcFs, S_IFBLK, S_IFMT, S_IFSOCK, sameStat } from '@tproc/core';
import { errorMessage } from '@tproc/syscalls';
import type { Family } from './net.ts';
import { parseSocketSpec, socketInodes } from './net.ts';
import type { NameArg } from './options.ts';
import type { Target } from './scan.ts';

export interface Named {
  arg: NameArg;
  /** What fuser prints before the name's processes (without the colon). */
  label: Buffer;
  target: Target;
  /** The name's own stat, for files that exist (the target's may be the device's, for -m). */
  stat?: FileStat;
}

/**
 * Resolves one name; `warn` gets the messages fuser prints as it reads the name (observed:
 * `Specified filename X does not exist.`, `Cannot resolve local port X: ...`).
 */
export function resolveName(
  arg: NameArg,
  fs: ProcFs,
  only: Family | undefined,
  mounts: Mounts,
  warn: (text: string) => void,
): Named {
  if (arg.space !== 'file') {
    const label = Buffer.from(`${arg.text}/${arg.space}`);
    const target = { mount: false, sockets: new Set<number>(), users: new Map() };
    const parsed = parseSocketSpec(arg.text, arg.space, only, fs);
    if (!parsed.ok) {
      if (parsed.message) warn(`${parsed.message}\n`);
    } else {
      target.sockets = socketInodes(parsed.spec, arg.space, fs);
    }
    return { arg, label, target };
  }
  let stat: FileStat;
  try {
    stat = fs.stat(arg.text);
  } catch (err) {
    // observed (errors injected with strace): ENOENT is `does not exist`, any other its strerror.
    const code = errnoOf(err);
    warn(
      code === 'ENOENT'
        ? `Specified filename ${arg.text} does not exist.\n`
        : `Cannot stat ${arg.text}: ${errorMessage(code)}\n`,
    );
    return { arg, label: Buffer.from(arg.text), target: { mount: arg.mount, users: new Map() } };
  }
  let label: Buffer;
  try {
    label = fs.realpath(arg.text);
  } catch {
    label = Buffer.from(arg.text);
  }
  const type = stat.mode & S_IFMT;
  // observed: with -m a block device stands for the filesystem on it (`-m /dev/vda` is `/`), any
  // other file for the filesystem it is on (`-m /dev/null` is /dev).
  const file = arg.mount && type === S_IFBLK ? { ...stat, dev: stat.rdev } : stat;
  const target: Target = { file, mount: arg.mount, users: new Map() };
  if (arg.mount) target.fdsByDevice = type === S_IFBLK || mounts.isMountPoint(stat);
  if (!arg.mount && type === S_IFSOCK) target.sockets = unixSocketsAt(stat, fs);
  return { arg, label, target, stat };
}

/**
 * The sockets bound to the path whose stat is `st`: /proc/net/unix names each bound socket's
 * path; those that are this very file stand for it (observed: `fuser /run/x.sock` finds the
 * listener, whose descriptor is a socket inode, not the file's).
 */
function unixSocketsAt(st: FileStat, fs: ProcFs): Set<number> {
  const inodes = new Set<number>();
  let rows: ReturnType<ProcFs['unixSockets']>;
  try {
    rows = fs.unixSockets();
  } catch {
    return inodes;
  }
  for (const row of rows) {
    if (row.inode === 0 || row.path === undefined || row.path[0] === 0x40) continue;
    try {
      const there = fs.stat(row.path);
      if (sameStat(there, st)) inodes.add(row.inode);
    } catch {}
  }
  return inodes;
}

/** Mount points with their stats, as fuser reads /proc/mounts and stats each (read once). */
export class Mounts {
  #list?: { point: Buffer; stat: FileStat }[];
  constructor(readonly fs: ProcFs) {}

  list(): { point: Buffer; stat: FileStat }[] {
    if (this.#list) return this.#list;
    this.#list = [];
    let mounts: ReturnType<ProcFs['mountinfo']>;
    try {
      mounts = this.fs.mountinfo();
    } catch {
      return this.#list;
    }
    for (const m of mounts) {
      try {
        this.#list.push({ point: m.mountPoint, stat: this.fs.stat(m.mountPoint) });
      } catch {}
    }
    return this.#list;
  }

  /** -M: the name is a mount point (observed: its device and inode are a mount point's). */
  isMountPoint(st: FileStat | undefined): boolean {
    if (!st) return false;
    return this.list().some((m) => sameStat(m.stat, st));
  }
}
