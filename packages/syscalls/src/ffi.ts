// The native calls, through the runtime's FFI: bun:ffi under Bun (the commands' default runtime),
// koffi under Node. Either is loaded only when one of these calls is needed (koffi costs ~10 ms).
// The Node bundles leave `koffi` external (scripts/build.mjs): its native .node file cannot be
// bundled, so the bundle requires it at run time from node_modules. Bun's executable embeds no
// koffi: bun:ffi is built in.
import { statSync } from 'node:fs';
import { constants } from 'node:os';
import { SyscallError } from './errno.ts';

/** SYS_pidfd_open and SYS_pidfd_send_signal: the same number on every architecture (Linux 5.1+). */
const SYS_PIDFD_SEND_SIGNAL = 424;
const SYS_PIDFD_OPEN = 434;
const AT_FDCWD = -100;
/** SYS_exit_group: by architecture (arch/x86/entry/syscalls/syscall_64.tbl, asm-generic/unistd.h). */
const SYS_EXIT_GROUP: Record<string, number> = { x64: 231, arm64: 94 };

export interface Native {
  sigqueue(pid: number, signal: number, value: number): void;
  pidfdOpen(pid: number): number;
  pidfdSendSignal(pidfd: number, signal: number): void;
  /** getxattr(2): the attribute's value; throws SyscallError (ENODATA when absent...). */
  getxattr(path: string, name: string): Buffer;
  /**
   * statx(2) relative to the working directory: fills `out` (struct statx, 256 bytes); throws
   * SyscallError (ENOENT, EACCES...). A Buffer path is taken as raw bytes.
   */
  statx(path: string | Buffer, flags: number, mask: number, out: Buffer): void;
  /**
   * exit_group(2): ends every thread at once, with no runtime teardown (Node's exit joins its
   * worker threads, so one stuck in a blocked system call would hold the process forever).
   */
  exitGroup(status: number): never;
}

/** `EPERM` for 1...: only a failing call needs it, so it is looked up then (issue 14). */
function errnoName(errno: number): string {
  // The last of the names a number has, as a Map of them kept (EWOULDBLOCK for 11, EOPNOTSUPP for 95).
  let found = `E${errno}`;
  for (const [name, n] of Object.entries(constants.errno)) if (n === errno) found = name;
  return found;
}

/** The calls on top of libc's sigqueue(3), syscall(2) and getxattr(2), whatever the FFI. */
interface Libc {
  sigqueue(pid: number, signal: number, value: number): number;
  syscall(number: number, a: number, b: number, c: number, d: number): number;
  getxattr(path: string, name: string, value: Buffer, size: number): number;
  /** statx(2) on a NUL-terminated path. */
  statx(dirfd: number, path: Buffer, flags: number, mask: number, out: Buffer): number;
  errno(): number;
}

function nativeOf(libc: Libc): Native {
  const value = Buffer.alloc(4096);
  const check = (name: string, result: number): number => {
    if (result < 0) {
      const errno = libc.errno();
      throw new SyscallError(name, errnoName(errno));
    }
    return result;
  };
  return {
    sigqueue(pid, signal, value) {
      // Only sival_int is set, the upper half of the union stays 0 (observed: procps kill -q).
      check('sigqueue', libc.sigqueue(pid, signal, value >>> 0));
    },
    pidfdOpen(pid) {
      return check('pidfd_open', libc.syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0));
    },
    pidfdSendSignal(pidfd, signal) {
      check('pidfd_send_signal', libc.syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0));
    },
    getxattr(path, name) {
      const length = check('getxattr', libc.getxattr(path, name, value, value.length));
      return Buffer.from(value.subarray(0, length));
    },
    statx(path, flags, mask, out) {
      const bytes = typeof path === 'string' ? Buffer.from(`${path}\0`) : Buffer.concat([path, Buffer.alloc(1)]);
      check('statx', libc.statx(AT_FDCWD, bytes, flags, mask, out));
    },
    exitGroup(status) {
      const number = SYS_EXIT_GROUP[process.arch];
      if (number !== undefined) libc.syscall(number, status, 0, 0, 0);
      throw new SyscallError('exit_group', 'ENOSYS');
    },
  };
}

type Koffi = {
  load(path: string): { func(signature: string): (...args: unknown[]) => number };
  errno(): number;
};

async function koffiLibc(): Promise<Libc> {
  // In a Node bundle (CommonJS) `require`, resolved from node_modules beside it at run time;
  // sources run as ES modules (tests) have no `require` and import it.
  // Node's resolver (fs.realpathSync) reads the mode of the last stat(2) from a shared buffer when
  // a path component is already cached: if that was a FIFO or a socket (tlsof stats them), the walk
  // stops and node_modules/koffi stays an unresolved pnpm link, from which koffi cannot find its
  // native package (observed, Node 20). A stat of a directory first leaves a harmless mode.
  statSync('/');
  const mod = (typeof require === 'function' ? require('koffi') : await import('koffi')) as { default?: Koffi } & Koffi;
  const koffi = mod.default ?? mod;
  const libc = koffi.load('libc.so.6');
  // union sigval is 8 bytes of INTEGER class: passed like a long (x86-64 and aarch64 ABIs).
  const sigqueue = libc.func('int sigqueue(int pid, int sig, long value)');
  const syscall = libc.func('long syscall(long number, long a, long b, long c, long d)');
  const getxattr = libc.func('long getxattr(const char *path, const char *name, _Out_ uint8_t *value, size_t size)');
  const statx = libc.func(
    'int statx(int dirfd, const uint8_t *path, int flags, unsigned int mask, _Out_ uint8_t *buf)',
  );
  return { sigqueue, syscall, getxattr, statx, errno: () => koffi.errno() };
}

async function bunLibc(): Promise<Libc> {
  const { dlopen, ptr, read } = await import('bun:ffi');
  const { symbols } = dlopen('libc.so.6', {
    sigqueue: { args: ['i32', 'i32', 'i64'], returns: 'i32' },
    syscall: { args: ['i64', 'i64', 'i64', 'i64', 'i64'], returns: 'i64' },
    getxattr: { args: ['ptr', 'ptr', 'ptr', 'i64'], returns: 'i64' },
    statx: { args: ['i32', 'ptr', 'i32', 'i32', 'ptr'], returns: 'i32' },
    __errno_location: { args: [], returns: 'ptr' },
  });
  // bun:ffi keeps no errno of its own: libc's is read right after the failed call, before any
  // other JavaScript runs on this thread.
  return {
    sigqueue: (pid, signal, value) => Number(symbols.sigqueue(pid, signal, value)),
    syscall: (number, a, b, c, d) => Number(symbols.syscall(number, a, b, c, d)),
    getxattr: (path, name, value, size) => {
      // The strings are kept alive across the call (ptr() does not hold its view).
      const p = Buffer.from(`${path}\0`);
      const n = Buffer.from(`${name}\0`, 'latin1');
      return Number(symbols.getxattr(ptr(p), ptr(n), ptr(value), size));
    },
    statx: (dirfd, path, flags, mask, out) => Number(symbols.statx(dirfd, ptr(path), flags, mask, ptr(out))),
    errno: () => read.i32(symbols.__errno_location() as number, 0),
  };
}

export async function loadNative(): Promise<Native> {
  return nativeOf(process.versions.bun ? await bunLibc() : await koffiLibc());
}
