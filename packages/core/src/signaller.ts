// The pid-reuse-safe way to signal a matched process, for every command that kills (tfuser now;
// the lead folds it with i13a's move of tkillall's signal.ts, which it mirrors). A process is held
// from the moment it matched: through a pidfd when the system gives one (once open, the pid cannot
// name another process), its identity (pid plus start time) checked after opening it; without one,
// the identity is checked again right before kill(2). The system calls are passed in (tfuser gives
// @tproc/syscalls'), so core loads no FFI.
import { closeSync } from 'node:fs';
import type { ProcessIdentity } from './proc.ts';

/** A matched process, held from its match until its signal. */
export interface Hold {
  /** Throws an error with an errno `code` (ESRCH when the process has exited since, EPERM...). */
  send(signal: number): void;
  release(): void;
}

export interface Signaller {
  /** Holds the process `id` names; undefined when it is gone, or its pid taken by another, already. */
  process(id: ProcessIdentity): Hold | undefined;
}

/** kill(2); throws an error with an errno `code`. */
export type KillCall = (pid: number, signal: number) => void;

/** pidfd_open(2) and pidfd_send_signal(2), as @tproc/syscalls' Native has them. */
export interface PidfdCalls {
  pidfdOpen(pid: number): number;
  pidfdSendSignal(pidfd: number, signal: number): void;
}

/** Where (pid, start time) is checked: a ProcFs. */
export interface Identities {
  isSameProcess(id: ProcessIdentity): boolean;
}

const codeOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** An error as kill(2) would give for a process that is gone. */
class Gone extends Error {
  readonly code = 'ESRCH';
}

const nothing = (): void => {};

/** Identity checks, then kill(2): what is left without pidfds. */
export function killSignaller(fs: Identities, kill: KillCall): Signaller {
  return {
    process(id) {
      if (!fs.isSameProcess(id)) return undefined;
      return {
        send(signal) {
          if (!fs.isSameProcess(id)) throw new Gone('kill: No such process');
          kill(id.pid, signal);
        },
        release: nothing,
      };
    },
  };
}

/**
 * Through a pidfd: the identity check made after opening it holds until the signal. Falls back to
 * `killSignaller` for a process whose pidfd_open is refused for another reason than the process
 * being gone (ENOSYS on an old kernel, EMFILE when thousands are held).
 */
export function pidfdSignaller(fs: Identities, calls: PidfdCalls, kill: KillCall): Signaller {
  const fallback = killSignaller(fs, kill);
  return {
    process(id) {
      let fd: number;
      try {
        fd = calls.pidfdOpen(id.pid);
      } catch (err) {
        const code = codeOf(err);
        if (code === undefined) throw err;
        return code === 'ESRCH' ? undefined : fallback.process(id);
      }
      if (!fs.isSameProcess(id)) {
        closeSync(fd);
        return undefined;
      }
      return {
        send: (signal) => calls.pidfdSendSignal(fd, signal),
        release: () => closeSync(fd),
      };
    },
  };
}
