// What tproc touches outside its arguments: core's CommandDeps (the proc filesystem, the clock,
// the terminal's size, the effective uid), the signaller and a sleep for `kill`. Tests replace
// parts of it; what they leave out is the real thing (core's withDefaults).
import {
  type CommandDeps,
  type CommandIo,
  type Kill,
  openSignaller,
  type ProcFs,
  type Signaller,
  withDefaults,
} from '@tproc/core';

/** CommandDeps, and what else tproc touches; tests replace parts of it. */
export interface TprocDeps extends CommandDeps {
  /** How signals are sent; default: core's (pidfds, or kill(2) when the FFI is unavailable). */
  signaller?: Signaller;
  /** kill(2) for the default signaller, which then holds no pidfds; throws an error carrying a `code`. */
  kill?: Kill;
  sleep?: (ms: number) => Promise<void>;
}

/** The deps as tproc's commands use them, every part present. */
export interface Env {
  fs: ProcFs;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** The terminal's width, or undefined when stdout is not a terminal. */
  columns: number | undefined;
  euid: number;
  /** The signaller for processes read from `fs` (loads the FFI: only once something is to be signalled). */
  signaller: (fs: ProcFs) => Promise<Signaller>;
  sleep: (ms: number) => Promise<void>;
}

export function resolveDeps(io: CommandIo, deps: TprocDeps = {}): Env {
  const { fs, now, terminal, euid } = withDefaults(deps);
  const cols = io.stdoutIsTty ? terminal()?.cols : undefined;
  return {
    fs,
    now: () => now() * 1000,
    // A terminal that reports no size (0) is taken as 80 columns, as the classic tools take it.
    columns: io.stdoutIsTty ? cols || 80 : undefined,
    euid,
    signaller: async (on) => deps.signaller ?? (await openSignaller(on, deps.kill)),
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}
