import { spawn } from 'node:child_process';

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

export function run(argv: string[], opts: RunOptions = {}): Promise<Run> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new Error('run: empty argv'));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: testEnv(opts.env),
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 10_000,
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status, signal) =>
      resolve({ stdout: decode(Buffer.concat(out)), stderr: decode(Buffer.concat(err)), status, signal }),
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
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
