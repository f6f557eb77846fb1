// Files outside /proc that commands are told about or look up: a path named on the command line
// (killall /usr/bin/sleep, pidof's, pgrep -F's pidfile), /dev for terminal names, a key read from
// stdin. Failures become ProcError, as /proc reads do.
import { existsSync, readSync, statSync } from 'node:fs';
import { readBytes, statOf } from './read.ts';

/** Which file a path is: device and inode, as pidof and killall compare executables. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** stat(2) of `path`, links followed. */
export function fileIdentity(path: string): FileIdentity {
  const st = statOf(path);
  return { dev: st.dev, ino: st.ino };
}

export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** A file named by the user (a pidfile), read whole. */
export function readFile(path: string): Buffer {
  return readBytes(path);
}

export function pathExists(path: string): boolean {
  return existsSync(path);
}

/**
 * What is at `path`: a character device, with its number packed as the kernel packs tty_nr
 * (/proc/<pid>/stat), or something else; undefined when stat(2) fails for any reason.
 */
export function deviceAt(path: string): { ttyNr: number } | 'not a device' | undefined {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (!st?.isCharacterDevice()) return 'not a device';
  // Node's rdev is glibc's dev_t.
  const major = Math.floor(st.rdev / 256) & 0xfff;
  const minor = (st.rdev & 0xff) | (Math.floor(st.rdev / 4096) & 0xfff00);
  return { ttyNr: (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12) };
}

/** What Atomics.wait sleeps on; made when a write or read first meets EAGAIN. */
let pause: Int32Array | undefined;

/**
 * One line of descriptor `fd` (stdin) without its newline, read a byte at a time so that nothing
 * after it is consumed (as C stdio on a terminal); latin1. undefined at end of input (or on an
 * error) with nothing read.
 */
export function readLine(fd = 0): string | undefined {
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, one, 0, 1, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking descriptor inherited from the parent: wait a little and retry.
        pause ??= new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(pause, 0, 0, 5);
        continue;
      }
      if (code === 'EOF') n = 0;
      else return bytes.length > 0 ? Buffer.from(bytes).toString('latin1') : undefined;
    }
    if (n === 0) return bytes.length > 0 ? Buffer.from(bytes).toString('latin1') : undefined;
    if (one[0] === 0x0a) return Buffer.from(bytes).toString('latin1');
    bytes.push(one[0] as number);
  }
}
