// vitest's forks pool, with each worker in a PID namespace of its own (and a mount namespace with
// that namespace's /proc): a test file lists, matches and signals only the processes of its own
// worker, so two workers can run files side by side without one seeing the other's zoo (a `-C
// sleep` case listing the other file's sleepers). The kernel's threads and the machine's other
// processes are out of sight too, which makes every whole-system scan (ps -e, lsof, fuser) cheaper.
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { PoolOptions, PoolWorker, WorkerRequest } from 'vitest/node';

/**
 * Runs its arguments as pid 2 of a new PID namespace whose pid 1, a shell, reaps the orphans that
 * a test leaves (pid 1 inherits them). --kill-child: when unshare dies, the namespace dies with it.
 */
const WRAPPER = new URL('./pidns-worker.sh', import.meta.url).pathname;

/** The pool's name: vitest gives a worker a task when their names agree. */
const NAME = 'pidns-forks';

class PidNamespaceWorker implements PoolWorker {
  readonly name = NAME;
  readonly cacheFs = true;
  readonly #options: PoolOptions;
  #child: ChildProcess | undefined;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  get #fork(): ChildProcess {
    if (!this.#child) throw new Error(`${NAME}: the worker is not running`);
    return this.#child;
  }

  on(event: string, callback: (arg: unknown) => void): void {
    this.#fork.on(event, callback);
  }

  off(event: string, callback: (arg: unknown) => void): void {
    this.#fork.off(event, callback);
  }

  send(message: WorkerRequest): void {
    this.#fork.send(message);
  }

  deserialize(data: unknown): unknown {
    return data;
  }

  async start(): Promise<void> {
    if (this.#child) return;
    const { logger } = this.#options.project.vitest;
    this.#child = fork(resolve(this.#options.distPath, 'workers/forks.js'), [], {
      execPath: WRAPPER,
      execArgv: [process.execPath, ...this.#options.execArgv],
      env: this.#options.env,
      stdio: 'pipe',
      serialization: 'advanced',
    });
    this.#child.stdout?.pipe(logger.outputStream, { end: false });
    this.#child.stderr?.pipe(logger.errorStream, { end: false });
  }

  async stop(): Promise<void> {
    const child = this.#fork;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      // Without its channel the worker ends on its own, running its exit handlers (the tests'
      // cleanup); unshare ignores SIGTERM while it waits, so one that lingers gets SIGKILL, and
      // unshare's death takes the namespace along.
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(timer);
    }
    child.stdout?.unpipe();
    child.stderr?.unpipe();
    this.#child = undefined;
  }
}

export const pidNamespacePool = {
  name: NAME,
  createPoolWorker: (options: PoolOptions): PoolWorker => new PidNamespaceWorker(options),
};
