import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type ComparePairOptions, type Comparison, comparePair } from './compare.ts';
import { afterAll, beforeAll } from 'vitest';
import { decode, type Run, type RunOptions, testEnv } from './run.ts';
import { startZoo, type Zoo } from './zoo.ts';

/**
 * A process in a mount namespace of its own where copies of /proc/uptime and /proc/stat are
 * bind-mounted over the real ones (ps takes elapsed time from uptime and start dates from stat's
 * btime, so both commands see one frozen clock, and a moved boot time shows dates of other days
 * and years). It runs the commands it is sent, one JSON line each, at the same time if asked:
 * one namespace for a whole suite instead of a shell, unshare and two mounts for every command.
 */
const RUNNER = `const { spawn } = require('node:child_process');
const reply = (r) => process.stdout.write(JSON.stringify(r) + '\\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, argv, env, cwd, input, timeoutMs } = JSON.parse(line);
  const out = [];
  const err = [];
  let done = false;
  const end = (r) => { if (!done) { done = true; reply({ id, ...r }); } };
  const child = spawn(argv[0], argv.slice(1), {
    env, cwd, timeout: timeoutMs, killSignal: 'SIGKILL',
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (b) => out.push(b));
  child.stderr.on('data', (b) => err.push(b));
  child.on('error', (e) => end({ error: String(e) }));
  child.on('close', (status, signal) => end({
    stdout: Buffer.concat(out).toString('base64'), stderr: Buffer.concat(err).toString('base64'), status, signal,
  }));
  if (input !== undefined) child.stdin.end(input);
}).on('close', () => process.exit(0));
`;

interface Reply {
  id: number;
  error?: string;
  stdout?: string;
  stderr?: string;
  status?: number | null;
  signal?: NodeJS.Signals | null;
}

class FrozenRunner {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, (r: Reply) => void>();
  #next = 0;

  constructor(script: string, uptime: string, stat: string) {
    this.#child = spawn(
      'unshare',
      [
        '--mount',
        'sh',
        '-c',
        'mount --bind "$0" /proc/uptime && mount --bind "$1" /proc/stat && exec "$2" "$3"',
        uptime,
        stat,
        process.execPath,
        script,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    createInterface({ input: this.#child.stdout as Readable }).on('line', (line) => {
      const r = JSON.parse(line) as Reply;
      this.#pending.get(r.id)?.(r);
      this.#pending.delete(r.id);
    });
    this.#child.on('close', (status) => {
      for (const [id, settle] of this.#pending) settle({ id, error: `the frozen clock's runner ended (${status})` });
      this.#pending.clear();
    });
  }

  run(argv: string[], opts: RunOptions): Promise<Run> {
    const id = this.#next++;
    const request = {
      id,
      argv,
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
      this.#child.stdin?.write(`${JSON.stringify(request)}\n`);
    });
  }

  stop(): void {
    this.#child.stdin?.end();
    this.#child.kill('SIGKILL');
  }
}

/** Names for comparePair: the reference's, ours, and the path our stderr names us by. */
export interface FrozenNames {
  reference: string;
  ours: string;
  ourPath: string;
}

/**
 * The clock as read when made, frozen: each comparison runs both commands under copies of
 * /proc/uptime and /proc/stat, moved `back` seconds (uptime on, btime back).
 */
export class FrozenClock {
  readonly #dir = mkdtempSync(join(tmpdir(), 'tproc-clock-'));
  readonly #script = join(this.#dir, 'runner.cjs');
  readonly #runners = new Map<number, FrozenRunner>();
  readonly #uptime: number;
  readonly #idle: number;
  readonly #stat = readFileSync('/proc/stat', 'utf8');
  readonly #made = new Map<string, [string, string]>();
  /** Seconds since the epoch when the clock was read. */
  readonly now = Date.now() / 1000;

  constructor(readonly names: FrozenNames) {
    const [up = 0, idle = 0] = readFileSync('/proc/uptime', 'utf8').trim().split(' ').map(Number);
    this.#uptime = up;
    this.#idle = idle;
    writeFileSync(this.#script, RUNNER);
  }

  /** The frozen uptime and stat files for `back` seconds (made once). */
  #files(back: number): [string, string] {
    const name = String(back);
    const known = this.#made.get(name);
    if (known) return known;
    const up = join(this.#dir, `uptime-${name}`);
    const st = join(this.#dir, `stat-${name}`);
    writeFileSync(up, `${(this.#uptime + back).toFixed(2)} ${this.#idle.toFixed(2)}\n`);
    writeFileSync(
      st,
      this.#stat.replace(/^btime (\d+)$/m, (_, bt: string) => `btime ${Number(bt) - back}`),
    );
    this.#made.set(name, [up, st]);
    return [up, st];
  }

  /**
   * Runs the reference then ours under the clock moved `back` seconds and compares them, once:
   * with the clock frozen nothing moves between the two runs, so any difference is a failure.
   */
  async compare(
    reference: string[],
    ours: string[],
    opts: ComparePairOptions & RunOptions,
    back = 0,
  ): Promise<Comparison> {
    const ref = await this.#runner(back).run(reference, opts);
    const our = await this.#runner(back).run(ours, opts);
    return comparePair(ref, our, this.names.reference, this.names.ours, this.names.ourPath, opts);
  }

  /** The runner under the clock moved `back` seconds (started once). */
  #runner(back: number): FrozenRunner {
    let runner = this.#runners.get(back);
    if (!runner) {
      runner = new FrozenRunner(this.#script, ...this.#files(back));
      this.#runners.set(back, runner);
    }
    return runner;
  }

  remove(): void {
    for (const runner of this.#runners.values()) runner.stop();
    this.#runners.clear();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/**
 * For a suite comparing ps with tps: a zoo started before its tests and a clock frozen right
 * after, both removed after them. Call inside `describe`; read the fields inside tests.
 */
export function zooUnderFrozenClock(ourPath: string): { readonly zoo: Zoo; readonly clock: FrozenClock } {
  let zoo: Zoo | undefined;
  let clock: FrozenClock | undefined;
  beforeAll(async () => {
    zoo = await startZoo();
    clock = new FrozenClock({ reference: 'ps', ours: 'tps', ourPath });
  }, 60_000);
  afterAll(async () => {
    await zoo?.stop();
    clock?.remove();
  });
  return {
    get zoo() {
      if (!zoo) throw new Error('the zoo is read before the suite started it');
      return zoo;
    },
    get clock() {
      if (!clock) throw new Error('the clock is read before the suite froze it');
      return clock;
    },
  };
}
