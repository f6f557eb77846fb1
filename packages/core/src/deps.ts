import { ProcFs } from './procfs.ts';
import { stdoutTerminalSize, type TerminalSize } from './terminal.ts';

/**
 * What a command takes from its surroundings besides its arguments and streams (CommandIo): one
 * shape for every command's `main(argv, io, deps)`, so that a test runs any command in-process the
 * same way. Whatever is left out is the real thing (withDefaults).
 */
export interface CommandDeps {
  /** The /proc, /etc and /sys to read (a fixture tree in tests). */
  fs?: ProcFs;
  /** Seconds since the epoch, fractional. */
  now?: () => number;
  /** The size of the terminal on stdout; asked only when stdout is one. */
  terminal?: () => TerminalSize | undefined;
  /** The effective user id. */
  euid?: number;
}

/** `deps` with the real ProcFs, clock, terminal and euid wherever it leaves them out. */
export function withDefaults(deps: CommandDeps = {}): Required<CommandDeps> {
  return {
    fs: deps.fs ?? new ProcFs(),
    now: deps.now ?? (() => Date.now() / 1000),
    terminal: deps.terminal ?? stdoutTerminalSize,
    euid: deps.euid ?? process.geteuid?.() ?? 0,
  };
}
