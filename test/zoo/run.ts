import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { bunPath } from '../../scripts/bun.mjs';

export interface Run {
  /** Output decoded as UTF-8; an invalid byte 0xNN becomes the lone surrogate U+DC00+0xNN (lossless). */
  stdout: string;
  stderr: string;
  /** Exit status, or null when killed by `signal`. */
  status: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunOptions {
  /** Overrides on top of testEnv(); undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Written to stdin; stdin is /dev/null otherwise. */
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * The environment both sides of a comparison get: the current one with LC_ALL and COLUMNS removed
 * and LANG=C.UTF-8, so locale and width are the same whatever shell started the tests.
 */
export function testEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  // pnpm's script shims set NODE_PATH to its hoisted modules: a user's shell has none.
  delete env.NODE_PATH;
  delete env.LC_ALL;
  delete env.COLUMNS;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** runner.ts, the Bun process that spawns the tests' commands (and runs some in-process). */
export const RUNNER_SCRIPT = new URL('./runner.ts', import.meta.url).pathname;

/** Starts runner.ts. */
export const RUNNER_COMMAND = [bunPath(), RUNNER_SCRIPT];

interface Reply {
  id: number;
  error?: string;
  stdout?: string;
  stderr?: string;
  status?: number | null;
  signal?: NodeJS.Signals | null;
}

/** A runner.ts process started by `command`, and the requests it has not answered yet. */
export class Runner {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (r: Reply) => void>();
  #next = 0;

  constructor(command: string[]) {
    this.#child = spawn(command[0] ?? '', command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.#child.stdout as Readable }).on('line', (line) => {
      const r = JSON.parse(line) as Reply;
      this.#pending.get(r.id)?.(r);
      this.#pending.delete(r.id);
      if (this.#pending.size === 0) this.#hold(false);
    });
    this.#child.on('close', (status) => {
      for (const [id, settle] of this.#pending) settle({ id, error: `the runner ended (${status})` });
      this.#pending.clear();
    });
    this.#hold(false);
  }

  /** Keeps this process alive while answers are due, and only then. */
  #hold(on: boolean): void {
    for (const handle of [this.#child, this.#child.stdout, this.#child.stdin] as const) {
      const h = handle as unknown as { ref?: () => void; unref?: () => void } | null;
      if (on) h?.ref?.();
      else h?.unref?.();
    }
  }

  /** Spawns argv; or, with `main` (a command runner.ts knows), runs its main() on argv's arguments. */
  run(argv: string[], opts: RunOptions = {}, main?: string): Promise<Run> {
    if (main !== undefined && !inProcessAllowed(opts)) {
      return Promise.reject(new Error(`${main}: an in-process run takes no cwd, stdin or Node runtime`));
    }
    const id = this.#next++;
    const request = {
      id,
      ...(main !== undefined ? { main, args: argv.slice(1) } : { argv }),
      env: testEnv(opts.env),
      cwd: opts.cwd,
      input: opts.input,
      timeoutMs: opts.timeoutMs ?? 10_000,
    };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (r) => {
        if (r.error !== undefined) reject(new Error(`${argv.join(' ')}: ${r.error}`));
        else
          resolve({
            stdout: decode(Buffer.from(r.stdout ?? '', 'base64')),
            stderr: decode(Buffer.from(r.stderr ?? '', 'base64')),
            status: r.status ?? null,
            signal: r.signal ?? null,
          });
      });
      this.#hold(true);
      this.#child.stdin?.write(`${JSON.stringify(request)}\n`);
    });
  }

  stop(): void {
    this.#child.stdin?.end();
    this.#child.kill('SIGKILL');
  }
}

let shared: Runner | undefined;

/**
 * Runs argv to its end (killed after timeoutMs) with stdin /dev/null or `input`, through the
 * runner this process shares (started on first use; a spawn from here would cost ~5 ms of CPU).
 */
export function run(argv: string[], opts: RunOptions = {}): Promise<Run> {
  if (argv[0] === undefined) return Promise.reject(new Error('run: empty argv'));
  shared ??= new Runner(RUNNER_COMMAND);
  return shared.run(argv, opts);
}

/**
 * Whether a run with `opts` may be an in-process one (runMain): not when the commands run on Node
 * (the smoke project, TPROC_RUNTIME=node), whose runs must go through the Node build, and not with
 * a working directory or stdin, which main() does not take.
 */
export function inProcessAllowed(opts: RunOptions): boolean {
  return process.env.TPROC_RUNTIME !== 'node' && opts.cwd === undefined && opts.input === undefined;
}

/**
 * Runs `command`'s main() on args in the shared runner, in-process (on Bun, as the executable
 * would): for cases whose output cannot show the command's own process.
 */
export function runMain(command: string, args: string[], opts: RunOptions = {}): Promise<Run> {
  shared ??= new Runner(RUNNER_COMMAND);
  return shared.run([command, ...args], opts, command);
}

/** UTF-8 decoding that keeps invalid bytes distinguishable (Python's surrogateescape). */
export function decode(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD') || Buffer.from(text).equals(bytes)) return text;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len === 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]!);
      i += 1;
    } else {
      out += bytes.subarray(i, i + len).toString('utf8');
      i += len;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at i, or 0 if invalid. */
function sequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > bytes.length) return 0;
  for (let j = 1; j < len; j++) if ((bytes[i + j]! & 0xc0) !== 0x80) return 0;
  const seq = bytes.subarray(i, i + len);
  // Overlong forms, surrogates and code points past U+10FFFF.
  return seq.toString('utf8').includes('\uFFFD') ? 0 : len;
}

/** Shows the escaped bytes and control characters of decode() output readably. */
export function visible(text: string): string {
  return text.replace(/[\udc80-\udcff]|[\x00-\x08\x0b-\x1f\x7f]/g, (c) => {
    const code = c.charCodeAt(0);
    return `\\x${(code >= 0xdc00 ? code - 0xdc00 : code).toString(16).padStart(2, '0')}`;
  });
}
