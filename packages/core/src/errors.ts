/**
 * The few ways a /proc read fails that callers care about (psutil's NoSuchProcess /
 * AccessDenied, procfs's NotFound / PermissionDenied):
 * - `gone`: the process (or the file) is not there (ENOENT, ESRCH): a listing skips it;
 * - `denied`: the caller may not read it (EACCES, EPERM): the field is unavailable;
 * - `other`: anything else, kept with its cause.
 */
export type ProcErrorKind = 'gone' | 'denied' | 'other';

export class ProcError extends Error {
  override readonly name = 'ProcError';
  constructor(
    readonly kind: ProcErrorKind,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${kind === 'gone' ? 'not found' : kind === 'denied' ? 'permission denied' : 'read failed'}: ${path}`,
      options,
    );
  }

  /** The errno name behind it (ENOENT, EACCES...), when there is one. */
  get code(): string | undefined {
    return (this.cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

const KIND_BY_CODE: Record<string, ProcErrorKind> = {
  ENOENT: 'gone',
  ESRCH: 'gone',
  ENOTDIR: 'gone',
  EACCES: 'denied',
  EPERM: 'denied',
};

export function toProcError(err: unknown, path: string): ProcError {
  if (err instanceof ProcError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new ProcError((code && KIND_BY_CODE[code]) || 'other', path, { cause: err });
}

export function isGone(err: unknown): boolean {
  return err instanceof ProcError && err.kind === 'gone';
}

export function isDenied(err: unknown): boolean {
  return err instanceof ProcError && err.kind === 'denied';
}

/** Runs `read`; a `denied` failure becomes `undefined` ("unavailable"), anything else propagates. */
export function unlessDenied<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (isDenied(err)) return undefined;
    throw err;
  }
}

/** Runs `read`; `denied` and `gone` both become `undefined`. For per-field reads of a live process. */
export function available<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (isDenied(err) || isGone(err)) return undefined;
    throw err;
  }
}

/** The errno name (`EACCES`, `ENOENT`...) behind a failure, when there is one. */
export function errnoOf(err: unknown): string | undefined {
  const cause = err instanceof ProcError ? err.cause : err;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
