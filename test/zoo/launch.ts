import { type ChildProcess, spawn } from 'node:child_process';

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Launched {
  child: ChildProcess;
  pid: number;
  exited: Promise<Ended>;
  /** Resolves with the next line of stdout (without newline); rejects if the process ends first. */
  nextLine(): Promise<string>;
}

export interface LaunchOptions {
  cwd: string;
  detached?: boolean;
  /** 'pipe' keeps stdin open until the caller ends it. */
  stdin?: 'pipe' | 'ignore';
  env?: NodeJS.ProcessEnv;
}

export function launch(argv: string[], opts: LaunchOptions): Launched {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('launch: empty argv');
  const child = spawn(file, args, {
    cwd: opts.cwd,
    detached: opts.detached ?? false,
    env: opts.env ?? process.env,
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`launch: could not start ${file}`);
  const pid = child.pid;

  let buffered = '';
  let stderr = '';
  const waiters: Array<{ resolve: (line: string) => void; reject: (err: Error) => void }> = [];
  const lines: string[] = [];
  let ended: Ended | undefined;
  const failWaiters = () => {
    for (const w of waiters.splice(0)) {
      w.reject(new Error(`${file} (pid ${pid}) ended (${JSON.stringify(ended)}) before a line: ${stderr.trim()}`));
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const waiter = waiters.shift();
      if (waiter) waiter.resolve(line);
      else lines.push(line);
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<Ended>((resolve) => {
    child.on('exit', (code, signal) => {
      ended = { code, signal };
      resolve(ended);
    });
  });
  // 'close' comes after the last stdout data, so no line is lost to a race with 'exit'.
  child.on('close', failWaiters);
  // An unread error would crash the worker; spawn failures surface through pid === undefined.
  child.on('error', () => {});

  return {
    child,
    pid,
    exited,
    nextLine: () =>
      new Promise<string>((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) resolve(line);
        else {
          waiters.push({ resolve, reject });
          if (child.stdout?.readableEnded) failWaiters();
        }
      }),
  };
}
