// Last-resort cleanup: whatever is still registered when the process exits gets killed
// synchronously, so a failed test never leaves processes behind. Vitest ends its fork workers with
// SIGTERM, which skips 'exit', so the usual termination signals run the cleanup too. Children are
// also started under `setpriv --pdeathsig KILL` (see guarded) for a worker killed outright.
import { rmSync } from 'node:fs';

const pending = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const fn of pending) {
    try {
      fn();
    } catch {}
  }
  pending.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  // Alone, our listener replaced the default action: remove it and die of the signal as intended.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

/** Registers a synchronous cleanup; returns the function that unregisters it. */
export function atExit(fn: () => void): () => void {
  if (!installed) {
    process.on('exit', runAll);
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
    installed = true;
  }
  pending.add(fn);
  return () => pending.delete(fn);
}

/** SIGKILL (then SIGCONT) each pid, ignoring the ones already gone. */
export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    for (const signal of ['SIGKILL', 'SIGCONT'] as const) {
      try {
        process.kill(pid, signal);
      } catch {}
    }
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Prefix for argv so the program is SIGKILLed when its parent dies. */
export function guarded(argv: string[]): string[] {
  return ['setpriv', '--pdeathsig', 'KILL', ...argv];
}
