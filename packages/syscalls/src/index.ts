/**
 * The system calls Node has no API for: sigqueue(3), pidfd_open(2), pidfd_send_signal(2).
 * `loadSyscalls()` loads the FFI on first use; commands call it only on the paths that need it.
 * It gives undefined when the FFI cannot load: callers then fall back to `kill()`
 * (kill(2) through process.kill), and `sigqueue()` fails with ENOSYS.
 */
import { errorCode, SyscallError } from './errno.ts';
import type { Native } from './ffi.ts';

export { errorCode, errorMessage, SyscallError } from './errno.ts';
export type { Native } from './ffi.ts';

let loading: Promise<Native | undefined> | undefined;

/** The native calls, or undefined when koffi (or its prebuilt binary) is unavailable. */
export function loadSyscalls(): Promise<Native | undefined> {
  loading ??= import('./ffi.ts')
    .then(
      (m) => m.loadNative(),
      () => undefined,
    )
    .catch(() => undefined);
  return loading;
}

/** kill(2); throws SyscallError (code ESRCH, EPERM, EINVAL...). Any int signal, pid <= 0 included. */
export function kill(pid: number, signal: number): void {
  try {
    process.kill(pid, signal);
  } catch (err) {
    throw new SyscallError('kill', errorCode(err) ?? 'EINVAL');
  }
}

/**
 * sigqueue(3): the target sees si_code SI_QUEUE and si_value.sival_int = value.
 * Without the FFI it fails with ENOSYS rather than silently dropping the value.
 */
export async function sigqueue(pid: number, signal: number, value: number): Promise<void> {
  const native = await loadSyscalls();
  if (!native) throw new SyscallError('sigqueue', 'ENOSYS');
  native.sigqueue(pid, signal, value);
}
