// What a command touches outside its arguments (the shape every command's main takes): the proc
// filesystem, the clock, the terminal's width, the effective uid, and the signal calls.
import { type CommandIo, type KillCall, type PidfdCalls, ProcFs } from '@tproc/core';

export interface SignalCalls {
  kill: KillCall;
  /** pidfd_open/pidfd_send_signal when the FFI loads; undefined falls back to kill(2). */
  pidfd?: PidfdCalls;
}

export interface TprocDeps {
  fs: ProcFs;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** The terminal's width, or undefined when stdout is not a terminal. */
  columns: number | undefined;
  euid: number;
  /** Loaded only by the commands that signal. */
  signalCalls: () => Promise<SignalCalls>;
  sleep: (ms: number) => Promise<void>;
}

export function defaultDeps(io: CommandIo): TprocDeps {
  return {
    fs: new ProcFs(),
    now: Date.now,
    columns: io.stdoutIsTty ? (io.terminalColumns ?? 80) : undefined,
    euid: process.geteuid?.() ?? 0,
    async signalCalls() {
      const { kill, loadSyscalls } = await import('@tproc/syscalls');
      const native = await loadSyscalls();
      return native ? { kill, pidfd: native } : { kill };
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
