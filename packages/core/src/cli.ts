import { fstatSync, readlinkSync, writeSync } from 'node:fs';
import { statLeftBlocked } from './bounded-stat.ts';
import type { CommandDeps } from './deps.ts';
import { armRestart, restartWithoutFtl, takeBackName } from './restart.ts';
import { DEFAULT_PROC_ROOT } from './roots.ts';
import { StdioBuffer } from './stdio-buffer.ts';

/** Everything a command touches outside /proc: tests pass their own. */
export interface CommandIo {
  /** Program name as invoked (basename of argv[1]). */
  argv0: string;
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  /** Whether stdout is a terminal (its size comes with the CommandDeps). */
  stdoutIsTty: boolean;
}

export interface Output {
  write(text: string | Buffer): void;
}

/**
 * How a command ends when its output cannot be written, as its reference does. Observed with
 * `cmd | head -1` on more than a pipe holds (EPIPE), `cmd >/dev/full` (ENOSPC) and `cmd >&-`
 * (a closed stdout), and the same on stderr, where EPIPE is met as on stdout.
 */
export interface OutputPolicy {
  /**
   * EPIPE on stdout or stderr: undefined ends the command killed by SIGPIPE, as a C program
   * with the default disposition (the shell sees 141); a number ends it at once with that status
   * (ps catches SIGPIPE and exits 0, whatever it was going to return).
   */
  brokenPipeStatus?: number;
  /**
   * Any other failure to write: `report` ends the command as procps's close_stdout does, with
   * `<name>: write error: <strerror>` on stderr after everything else for stdout, and status 1
   * for either stream; `ignore` drops the output and keeps the status (psmisc, pidof, kill).
   */
  writeErrors: 'report' | 'ignore';
  /**
   * The error a write to a stdout closed at start meets: EBADF unless the reference finds
   * something else on fd 1 (pgrep's libraries open an epoll descriptor at start, which takes a
   * free fd 1, so its writes fail with EINVAL: strace).
   */
  closedStdout?: string;
  /**
   * The reference writes stdout through C stdio, a line a call: whether its report of a failed
   * write names the error depends on what stdio still holds at exit (stdio-buffer.ts).
   */
  stdio?: boolean;
}

/**
 * The references' policies (observed, procps-ng 4.0.2, psmisc 23.6, sysvinit-utils 3.06):
 * `ps -ef | head -1` exits 0, `ps -ef >/dev/full` says `ps: write error: No space left on device`
 * and exits 1; pgrep and pkill die of SIGPIPE and report the same way; pstree, killall, pidof
 * and kill die of SIGPIPE and print nothing on a full or closed stdout (status unchanged); lsof
 * and fuser as psmisc. tproc, with no reference, dies of SIGPIPE as a filter should and reports
 * any other failure to write (`tproc: write error: ...`, status 1) rather than lose output unsaid.
 */
export const OUTPUT_POLICIES = {
  ps: { brokenPipeStatus: 0, writeErrors: 'report', stdio: true },
  pgrep: { writeErrors: 'report', closedStdout: 'EINVAL', stdio: true },
  quiet: { writeErrors: 'ignore' },
  report: { writeErrors: 'report' },
} as const satisfies Record<string, OutputPolicy>;

/** Raised when the reader of stdout or stderr went away (EPIPE): the command ends as its policy says. */
export class BrokenPipe extends Error {
  override readonly name = 'BrokenPipe';
}

/**
 * Writer on a file descriptor; flushes at `bufferSize` bytes and on `flush()`. Like C stdio:
 * stderr unbuffered (0), stdout buffered, so in a shared pipe the complaints come first.
 * A write that fails with EPIPE throws BrokenPipe (and every later one too); any other failure
 * is kept in `error` (its errno code) and the output from there on is dropped.
 */
export class FdOutput implements Output {
  #chunks: Buffer[] = [];
  #size = 0;
  /** The errno code of the first failed write, other than EPIPE. */
  error: string | undefined;
  /** Whether a write met EPIPE. */
  broken = false;
  /** Whether a byte was written (or tried). */
  touched = false;
  /**
   * @param closed the errno code every write meets, for a descriptor that was closed when the
   *   command started (the runtime put /dev/null there)
   */
  constructor(
    readonly fd: number,
    readonly bufferSize = 65536,
    readonly closed?: string,
    /** The reference's C stdio, fed every byte written (failed or not). */
    readonly stdio?: StdioBuffer,
  ) {}

  write(text: string | Buffer): void {
    if (this.broken) throw new BrokenPipe();
    const chunk = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    if (chunk.length > 0) this.touched = true;
    this.stdio?.feed(chunk);
    if (this.error !== undefined) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (this.#size >= this.bufferSize) this.flush();
  }

  flush(): void {
    if (this.broken) throw new BrokenPipe();
    if (this.#size === 0) return;
    const data = this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#size = 0;
    if (this.error !== undefined) return;
    if (this.closed !== undefined) {
      this.error = this.closed;
      return;
    }
    this.#writeAll(data);
  }

  #writeAll(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      try {
        offset += writeSync(this.fd, data, offset);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
        if (code === 'EAGAIN') {
          // A non-blocking descriptor inherited from the parent: wait a little and retry.
          pause ??= new Int32Array(new SharedArrayBuffer(4));
          Atomics.wait(pause, 0, 0, 1);
          continue;
        }
        if (code === 'EPIPE') {
          this.broken = true;
          throw new BrokenPipe();
        }
        this.error = code;
        return;
      }
    }
  }
}

/** What Atomics.wait sleeps on; made when a write or read first meets EAGAIN. */
let pause: Int32Array | undefined;

/** Collects output in memory (tests). */
export class StringOutput implements Output {
  #chunks: Buffer[] = [];
  write(text: string | Buffer): void {
    this.#chunks.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  }
  bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }
  text(): string {
    return this.bytes().toString('utf8');
  }
}

/** Every command's entry point: the exit status. `deps` left out are the real ones (withDefaults). */
export type Main = (argv: string[], io: CommandIo, deps?: CommandDeps) => number | Promise<number>;

/**
 * The only place that touches the exit status: runs `main` on the real argv and descriptors, and
 * ends the command on a failed write as `policy` says.
 */
export async function runCommand(main: Main, policy: OutputPolicy): Promise<void> {
  takeBackName();
  const stdoutIsTty = isTerminalDevice(fdTarget(1));
  const closed = closedAtStart();
  // A terminal gets each write at once (C stdio flushes it by line), so complaints interleave.
  const closedStdout = closed.has(1) ? (policy.closedStdout ?? 'EBADF') : undefined;
  const stdio = policy.stdio ? new StdioBuffer(stdioBufferSize(closedStdout)) : undefined;
  const stdout = new FdOutput(1, stdoutIsTty ? 0 : 65536, closedStdout, stdio);
  const stderr = new FdOutput(2, 0, closed.has(2) ? 'EBADF' : undefined);
  const script = process.argv[1] ?? 'tproc';
  const argv0 = script.slice(script.lastIndexOf('/') + 1);
  const io: CommandIo = {
    argv0,
    env: process.env,
    stdout,
    stderr,
    stdoutIsTty,
  };
  // A long walk may start the command again (restart.ts), as long as it has said nothing yet and
  // no stat is left blocked on a thread (execve would wait for that thread to end).
  armRestart(() => {
    if (!stdout.touched && !stderr.touched && !statLeftBlocked()) restartWithoutFtl();
  });
  let status = 0;
  try {
    status = await main(process.argv.slice(2), io);
    stdout.flush();
  } catch (err) {
    if (!(err instanceof BrokenPipe)) {
      try {
        stdout.flush();
      } catch {}
      throw err;
    }
  }
  if (policy.writeErrors === 'report') {
    if (stdout.error !== undefined && !stdout.broken) {
      try {
        const reason = stdio === undefined || stdio.leftAtExit() ? `: ${strerror(stdout.error)}` : '';
        stderr.write(`${argv0}: write error${reason}\n`);
      } catch {}
    }
    // observed: `pgrep --foo 2>/dev/full` exits 1 where it would exit 2, in silence.
    if (stdout.error !== undefined || stderr.error !== undefined) status = 1;
  }
  // Checked here rather than only on the way out of main: a BrokenPipe caught on its way (a
  // per-process `catch`) still ends the command.
  if (stdout.broken || stderr.broken) return endOnBrokenPipe(policy);
  process.exitCode = status;
  // A stat left blocked on a worker thread (bounded-stat.ts): Node's exit would wait for it.
  if (statLeftBlocked()) (await import('@tproc/syscalls').then((s) => s.loadSyscalls()))?.exitGroup(status);
}

/**
 * The buffer C stdio gives stdout: st_blksize of the descriptor, BUFSIZ (8192) when fstat fails
 * (a closed one; pgrep's finds the epoll descriptor its libraries opened there, 4096: observed).
 */
function stdioBufferSize(closedStdout: string | undefined): number {
  if (closedStdout !== undefined) return closedStdout === 'EBADF' ? 8192 : 4096;
  try {
    return fstatSync(1).blksize || 8192;
  } catch {
    return 8192;
  }
}

/** glibc's strerror(3) words for what a write can meet; Node gives the code and libuv's text. */
const WRITE_ERRORS: Record<string, string> = {
  EBADF: 'Bad file descriptor',
  EINVAL: 'Invalid argument',
  ENOSPC: 'No space left on device',
  EIO: 'Input/output error',
  EFBIG: 'File too large',
  EDQUOT: 'Disk quota exceeded',
  EPERM: 'Operation not permitted',
  EACCES: 'Permission denied',
  ENXIO: 'No such device or address',
  EISDIR: 'Is a directory',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  EDESTADDRREQ: 'Destination address required',
  ENOTCONN: 'Transport endpoint is not connected',
  EROFS: 'Read-only file system',
};

function strerror(code: string): string {
  return WRITE_ERRORS[code] ?? 'Unknown error';
}

function endOnBrokenPipe(policy: OutputPolicy): void {
  if (policy.brokenPipeStatus !== undefined) {
    process.exitCode = policy.brokenPipeStatus;
    return;
  }
  dieOfSigpipe();
}

/**
 * Node ignores SIGPIPE; the C tools die of it when their reader goes away, so the shell sees
 * 128+13. Adding then removing a listener puts back the default action (libuv resets the
 * disposition when the last listener goes).
 */
function dieOfSigpipe(): void {
  const noop = (): void => {};
  process.on('SIGPIPE', noop);
  process.off('SIGPIPE', noop);
  process.kill(process.pid, 'SIGPIPE');
  process.exitCode = 141;
}

/** What descriptor `fd` names (its /proc/self/fd link), or undefined when that cannot be read. */
function fdTarget(fd: number): string | undefined {
  try {
    return readlinkSync(`${DEFAULT_PROC_ROOT}/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * Whether descriptor `fd` is a terminal. Asking node:tty loads node:net and node:stream (about
 * 25 ms here); the /proc/self/fd link names a terminal device cheaply: /dev/pts/N, /dev/ttyN,
 * /dev/console. Undefined (the link could not be read) is "not a terminal".
 */
function isTerminalDevice(target: string | undefined): boolean {
  return target !== undefined && /^\/dev\/(pts\/\d+|tty[A-Za-z0-9]*|console|pty.*)$/.test(target);
}

/**
 * Which of stdout and stderr were closed when the command started. Node cannot tell: it opens
 * /dev/null read-write on a closed 0, 1 or 2 before any script runs, which is also what a child
 * of Python's `stdout=DEVNULL` or node's `stdio: 'ignore'` gets (the same fdinfo), so the
 * multi-call executable looks before the command starts (scripts/multicall.ts) and lists them in
 * the environment. The variable is dropped so that nothing else sees it.
 */
function closedAtStart(): Set<number> {
  const closed = new Set((process.env.TPROC_CLOSED_FDS ?? '').split(' ').filter(Boolean).map(Number));
  delete process.env.TPROC_CLOSED_FDS;
  return closed;
}
