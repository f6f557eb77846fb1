// The harness's runner (run.ts): a Bun process that starts the commands of the tests, since a
// spawn from vitest's Node worker costs that worker ~5 ms of CPU and Bun's ~1 ms. Reads one JSON
// request a line and answers one JSON line each: a request with `argv` spawns that command
// (requests overlap); one with `main` runs that command's main() here, in-process, one at a time,
// on the same /proc, code and runtime as its executable (the frozen clock's tps cases, see
// frozen-clock.ts, where this runner runs in the clock's mount namespace; tlsof's root side).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type Main, StringOutput } from '@tproc/core';

/** The commands a request may run in-process, each loaded on first use. */
const MAINS: Record<string, () => Promise<Main>> = {
  tps: async () => (await import('@tproc/tps')).main,
  tlsof: async () => (await import('@tproc/tlsof')).main,
};

interface Request {
  id: number;
  /** A command to spawn. */
  argv?: string[];
  /** A command of MAINS to run in-process, on `args`. */
  main?: string;
  args?: string[];
  env: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  timeoutMs: number;
}

const reply = (r: object): void => {
  process.stdout.write(`${JSON.stringify(r)}\n`);
};

function spawned({ id, argv = [], env, cwd, input, timeoutMs }: Request): void {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let done = false;
  const end = (r: object) => {
    if (done) return;
    done = true;
    reply({ id, ...r });
  };
  const child = spawn(argv[0] ?? '', argv.slice(1), {
    env,
    cwd,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  child.on('error', (e) => end({ error: String(e) }));
  child.on('close', (status, signal) =>
    end({
      stdout: Buffer.concat(out).toString('base64'),
      stderr: Buffer.concat(err).toString('base64'),
      status,
      signal,
    }),
  );
  if (input !== undefined) child.stdin?.end(input);
}

async function inProcess({ id, main = '', args = [], env }: Request): Promise<void> {
  const stdout = new StringOutput();
  const stderr = new StringOutput();
  try {
    const load = MAINS[main];
    if (!load) throw new Error(`no main for ${main}`);
    const status = await (await load())(args, { argv0: main, env, stdout, stderr, stdoutIsTty: false });
    reply({
      id,
      stdout: stdout.bytes().toString('base64'),
      stderr: stderr.bytes().toString('base64'),
      status,
      signal: null,
    });
  } catch (err) {
    reply({ id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
}

let queue = Promise.resolve();
createInterface({ input: process.stdin })
  .on('line', (line) => {
    const request = JSON.parse(line) as Request;
    if (request.main !== undefined) queue = queue.then(() => inProcess(request));
    else spawned(request);
  })
  .on('close', () => queue.then(() => process.exit(0)));
