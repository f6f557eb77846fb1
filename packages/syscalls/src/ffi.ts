// The koffi binding: loaded only when one of these calls is needed (it costs ~10 ms to load).
// esbuild leaves `koffi` external (scripts/build.mjs): its native .node file cannot be bundled,
// so the command bundle requires it at run time from the package's node_modules.
import { statSync } from 'node:fs';
import { constants } from 'node:os';
import { SyscallError } from './errno.ts';

/** SYS_pidfd_open and SYS_pidfd_send_signal: the same number on every architecture (Linux 5.1+). */
const SYS_PIDFD_SEND_SIGNAL = 424;
const SYS_PIDFD_OPEN = 434;
const AT_FDCWD = -100;

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
}

const errnoNames = new Map<number, string>(Object.entries(constants.errno).map(([name, n]) => [n, name]));

type Koffi = {
  load(path: string): { func(signature: string): (...args: unknown[]) => number };
  errno(): number;
};

export async function loadNative(): Promise<Native> {
  // In a command bundle (CommonJS) `require`: a dynamic import() there would need the launcher's
  // vm.Script to take an experimental module loader, which warns on stderr. Sources run as ES
  // modules (tests) have no `require` and import it.
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
  const syscall3 = libc.func('long syscall(long number, long a, long b, long c, long d)');
  const getxattr = libc.func('long getxattr(const char *path, const char *name, _Out_ uint8_t *value, size_t size)');
  const statx = libc.func('int statx(int dirfd, const char *path, int flags, unsigned int mask, _Out_ uint8_t *buf)');
  const statxBytes = libc.func(
    'int statx(int dirfd, const uint8_t *path, int flags, unsigned int mask, _Out_ uint8_t *buf)',
  );
  const value = Buffer.alloc(4096);
  const check = (name: string, result: number): number => {
    if (result < 0) throw new SyscallError(name, errnoNames.get(koffi.errno()) ?? `E${koffi.errno()}`);
    return result;
  };
  return {
    sigqueue(pid, signal, value) {
      // Only sival_int is set, the upper half of the union stays 0 (observed: procps kill -q).
      check('sigqueue', sigqueue(pid, signal, value >>> 0));
    },
    pidfdOpen(pid) {
      return check('pidfd_open', syscall3(SYS_PIDFD_OPEN, pid, 0, 0, 0));
    },
    pidfdSendSignal(pidfd, signal) {
      check('pidfd_send_signal', syscall3(SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0));
    },
    getxattr(path, name) {
      const length = check('getxattr', getxattr(path, name, value, value.length));
      return Buffer.from(value.subarray(0, length));
    },
    statx(path, flags, mask, out) {
      const result =
        typeof path === 'string'
          ? statx(AT_FDCWD, path, flags, mask, out)
          : statxBytes(AT_FDCWD, Buffer.concat([path, Buffer.alloc(1)]), flags, mask, out);
      check('statx', result);
    },
  };
}
