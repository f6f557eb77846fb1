/**
 * glibc's strerror(3) words for the errors a signal can meet. Node reports the code (`ESRCH`) and
 * libuv's lower-case text; the C tools print these.
 */
const MESSAGES: Record<string, string> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EINTR: 'Interrupted system call',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EFAULT: 'Bad address',
  EINVAL: 'Invalid argument',
  EMFILE: 'Too many open files',
  ERANGE: 'Numerical result out of range',
  ENOSYS: 'Function not implemented',
  ENXIO: 'No such device or address',
  EIO: 'Input/output error',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  ENODATA: 'No data available',
  EOPNOTSUPP: 'Operation not supported',
  ENOTSUP: 'Operation not supported',
  ETIMEDOUT: 'Connection timed out',
  ESTALE: 'Stale file handle',
  EOVERFLOW: 'Value too large for defined data type',
};

/** The strerror text for an errno code name; `Unknown error` for names not listed. */
export function errorMessage(code: string | undefined): string {
  return (code && MESSAGES[code]) || 'Unknown error';
}

/** A failed system call, carrying the errno name the way Node's own errors do. */
export class SyscallError extends Error {
  override readonly name = 'SyscallError';
  constructor(
    readonly syscall: string,
    readonly code: string,
  ) {
    super(`${syscall}: ${errorMessage(code)}`);
  }
}

/** The errno code of a Node or SyscallError failure (`ESRCH`, ...). */
export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
