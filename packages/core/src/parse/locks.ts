/** A line of /proc/locks (man 5 proc); the `->` lines of waiting requests are left out. */
export interface FileLock {
  id: number;
  /** `POSIX`, `FLOCK`, `OFDLCK`, `LEASE`, `DELEG`... */
  kind: string;
  /** `ADVISORY`, `MANDATORY`, `ACTIVE`, `BREAKING`... */
  mode: string;
  /** `READ`, `WRITE`, `UNLCK`. */
  access: string;
  /** The holder; -1 for OFD locks and leases not tied to a process. */
  pid: number;
  major: number;
  minor: number;
  inode: number;
  start: bigint;
  /** undefined for `EOF` (to the end of the file). */
  end: bigint | undefined;
}

// "1: POSIX  ADVISORY  READ 16673 fe:00:2146689 10 EOF"; major and minor in hex, inode decimal.
const LINE = /^(\d+): (\S+)\s+(\S+)\s+(\S+)\s+(-?\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s+(\d+)\s+(EOF|\d+)/;

export function parseLocks(text: string): FileLock[] {
  const locks: FileLock[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    locks.push({
      id: Number(m[1]),
      kind: m[2]!,
      mode: m[3]!,
      access: m[4]!,
      pid: Number(m[5]),
      major: Number.parseInt(m[6]!, 16),
      minor: Number.parseInt(m[7]!, 16),
      inode: Number(m[8]),
      start: BigInt(m[9]!),
      end: m[10] === 'EOF' ? undefined : BigInt(m[10]!),
    });
  }
  return locks;
}
