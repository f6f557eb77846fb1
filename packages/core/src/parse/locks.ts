/**
 * /proc/locks (man 5 proc): one lock per line, `1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF`;
 * a waiter blocked on the lock above it has `->` after its number.
 */
export interface FileLock {
  id: number;
  /** Waits on the lock before it (`->`). */
  blocked: boolean;
  /** POSIX, FLOCK, OFDLCK, LEASE, ... */
  type: string;
  /** ADVISORY or MANDATORY (or a lease's ACTIVE, BREAKING...). */
  mode: string;
  /** READ, WRITE, ... */
  access: string;
  /** Holder; -1 for an OFD lock. */
  pid: number;
  /** The locked file: device numbers (hex in the file) and inode. */
  major: number;
  minor: number;
  inode: number;
  /** The locked range's first byte. */
  start: bigint;
  /** Its last byte; undefined for `EOF` (to the end of the file). */
  end: bigint | undefined;
}

export function parseLocks(text: string): FileLock[] {
  const locks: FileLock[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const blocked = f[1] === '->';
    if (blocked) f.splice(1, 1);
    const [id, type, mode, access, pid, file, start, end] = f;
    if (!id || !file) continue;
    const [major = '', minor = '', inode = ''] = file.split(':');
    locks.push({
      id: Number.parseInt(id, 10),
      blocked,
      type: type ?? '',
      mode: mode ?? '',
      access: access ?? '',
      pid: Number(pid),
      major: Number.parseInt(major, 16),
      minor: Number.parseInt(minor, 16),
      inode: Number(inode),
      start: /^\d+$/.test(start ?? '') ? BigInt(start as string) : 0n,
      end: end !== undefined && /^\d+$/.test(end) ? BigInt(end) : undefined,
    });
  }
  return locks;
}
