// The native calls, through the runtime's FFI: bun:ffi under Bun (the commands' default runtime),
// koffi under Node. Either is loaded only when one of these calls is needed (koffi costs ~10 ms).
// The Node bundles leave `koffi` external (scripts/build.mjs): its native .node file cannot be
// bundled, so the bundle requires it at run time from node_modules. Bun's executable embeds no
// koffi: bun:ffi is built in.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  /** socket(2) of AF_NETLINK, SOCK_RAW and close-on-exec, for `protocol` (NETLINK_SOCK_DIAG...): its fd. */
  netlinkSocket(protocol: number): number;
  /** send(2) of the whole of `data`; throws SyscallError. */
  send(fd: number, data: Uint8Array): void;
  /** recv(2) into `into`: the length received; throws SyscallError. */
  recv(fd: number, into: Uint8Array): number;
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
  socket(domain: number, type: number, protocol: number): number;
  send(fd: number, data: Uint8Array, length: number, flags: number): number;
  recv(fd: number, into: Uint8Array, length: number, flags: number): number;
  errno(): number;
}

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;

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
    netlinkSocket(protocol) {
      return check('socket', libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol));
    },
    send(fd, data) {
      check('send', libc.send(fd, data, data.length, 0));
    },
    recv(fd, into) {
      return check('recv', libc.recv(fd, into, into.length, 0));
    },
  };
}

type Koffi = {
  load(path: string): { func(signature: string): (...args: unknown[]) => number };
  errno(): number;
};

/** koffi, required synchronously. */
function koffiModule(): Koffi {
  // Resolved from node_modules beside this file (a Node bundle's: its import.meta.url is the
  // bundle's own, scripts/import-meta-url.mjs). Not `require`: in an ES module bundle esbuild
  // turns it into a function that throws.
  // Node's resolver (fs.realpathSync) reads the mode of the last stat(2) from a shared buffer when
  // a path component is already cached: if that was a FIFO or a socket (tlsof stats them), the walk
  // stops and node_modules/koffi stays an unresolved pnpm link, from which koffi cannot find its
  // native package (observed, Node 20). A stat of a directory first leaves a harmless mode.
  statSync('/');
  const mod = createRequire(import.meta.url)('koffi') as { default?: Koffi } & Koffi;
  return mod.default ?? mod;
}

/**
 * A shared library's functions through koffi (Node), each declared by its C prototype; buffers
 * and typed arrays are passed as pointers to their memory. Throws when koffi or the library cannot
 * load.
 */
export function koffiLibrary(path: string): { func(prototype: string): (...args: unknown[]) => number } {
  return koffiModule().load(path);
}

function koffiLibc(): Libc {
  const koffi = koffiModule();
  const libc = koffi.load('libc.so.6');
  // union sigval is 8 bytes of INTEGER class: passed like a long (x86-64 and aarch64 ABIs).
  const sigqueue = libc.func('int sigqueue(int pid, int sig, long value)');
  const syscall = libc.func('long syscall(long number, long a, long b, long c, long d)');
  const getxattr = libc.func('long getxattr(const char *path, const char *name, _Out_ uint8_t *value, size_t size)');
  const statx = libc.func(
    'int statx(int dirfd, const uint8_t *path, int flags, unsigned int mask, _Out_ uint8_t *buf)',
  );
  const socket = libc.func('int socket(int domain, int type, int protocol)');
  const send = libc.func('long send(int fd, const uint8_t *data, size_t length, int flags)');
  const recv = libc.func('long recv(int fd, _Out_ uint8_t *into, size_t length, int flags)');
  return { sigqueue, syscall, getxattr, statx, socket, send, recv, errno: () => koffi.errno() };
}

function bunLibc(): Libc {
  // import.meta.require: Bun's synchronous require (the library's functions are synchronous).
  const bunRequire = (import.meta as { require?: (id: string) => unknown }).require;
  if (bunRequire === undefined) throw new SyscallError('dlopen', 'ENOSYS');
  const { dlopen, ptr, read } = bunRequire('bun:ffi') as typeof import('bun:ffi');
  const { symbols } = dlopen('libc.so.6', {
    sigqueue: { args: ['i32', 'i32', 'i64'], returns: 'i32' },
    syscall: { args: ['i64', 'i64', 'i64', 'i64', 'i64'], returns: 'i64' },
    getxattr: { args: ['ptr', 'ptr', 'ptr', 'i64'], returns: 'i64' },
    statx: { args: ['i32', 'ptr', 'i32', 'i32', 'ptr'], returns: 'i32' },
    socket: { args: ['i32', 'i32', 'i32'], returns: 'i32' },
    send: { args: ['i32', 'ptr', 'i64', 'i32'], returns: 'i64' },
    recv: { args: ['i32', 'ptr', 'i64', 'i32'], returns: 'i64' },
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
    socket: (domain, type, protocol) => Number(symbols.socket(domain, type, protocol)),
    send: (fd, data, length, flags) => Number(symbols.send(fd, ptr(data), length, flags)),
    recv: (fd, into, length, flags) => Number(symbols.recv(fd, ptr(into), length, flags)),
    errno: () => read.i32(symbols.__errno_location() as number, 0),
  };
}

let loaded: Native | undefined;

/** The native calls, loaded on the first call (synchronously: koffi ~10 ms, bun:ffi less); throws when the FFI cannot load. */
export function loadNativeSync(): Native {
  loaded ??= nativeOf(process.versions.bun ? bunLibc() : koffiLibc());
  return loaded;
}

export async function loadNative(): Promise<Native> {
  return loadNativeSync();
}
