import { readlinkSync, writeSync } from 'node:fs';
import type { CommandDeps } from './deps.ts';
import { DEFAULT_PROC_ROOT } from './roots.ts';

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

/** Raised when the reader of stdout went away (EPIPE): the command ends quietly. */
export class BrokenPipe extends Error {
  override readonly name = 'BrokenPipe';
}

/**
 * Writer on a file descriptor; flushes at `bufferSize` bytes and on `flush()`. Like C stdio:
 * stderr unbuffered (0), stdout buffered, so in a shared pipe the complaints come first.
 */
export class FdOutput implements Output {
  #chunks: Buffer[] = [];
  #size = 0;
  constructor(
    readonly fd: number,
    readonly bufferSize = 65536,
  ) {}

  write(text: string | Buffer): void {
    const chunk = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (this.#size >= this.bufferSize) this.flush();
  }

  flush(): void {
    if (this.#size === 0) return;
    const data = this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#size = 0;
    writeAll(this.fd, data);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking descriptor inherited from the parent: wait a little and retry.
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === 'EPIPE') throw new BrokenPipe();
      throw err;
    }
  }
}

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
 * The only place that touches process.exit: runs `main` on the real argv and descriptors.
 * A broken pipe ends the command the way it ends the C tools: killed by SIGPIPE.
 */
export async function runCommand(main: Main): Promise<void> {
  const stdoutIsTty = isTerminal(1);
  // A terminal gets each write at once (C stdio flushes it by line), so complaints interleave.
  const stdout = new FdOutput(1, stdoutIsTty ? 0 : 65536);
  const stderr = new FdOutput(2, 0);
  const script = process.argv[1] ?? 'tproc';
  const io: CommandIo = {
    argv0: script.slice(script.lastIndexOf('/') + 1),
    env: process.env,
    stdout,
    stderr,
    stdoutIsTty,
  };
  let status: number;
  try {
    status = await main(process.argv.slice(2), io);
    stdout.flush();
  } catch (err) {
    if (err instanceof BrokenPipe) return dieOfSigpipe();
    stdout.flush();
    throw err;
  } finally {
    try {
      stderr.flush();
    } catch {}
  }
  process.exitCode = status;
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

/**
 * Whether descriptor `fd` is a terminal. Asking node:tty loads node:net and node:stream (about
 * 25 ms here); the /proc/self/fd link names a terminal device cheaply: /dev/pts/N, /dev/ttyN,
 * /dev/console. Falls back to "not a terminal" when the link cannot be read.
 */
function isTerminal(fd: number): boolean {
  let target: string;
  try {
    target = readlinkSync(`${DEFAULT_PROC_ROOT}/self/fd/${fd}`);
  } catch {
    return false;
  }
  return /^\/dev\/(pts\/\d+|tty[A-Za-z0-9]*|console|pty.*)$/.test(target);
}
