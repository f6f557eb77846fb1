// The one pid-reuse-safe way to signal a matched process (moved here from tkillall's signal.ts
// for every command that signals; the lead folds the two together). A process is held from its
// match until its signal: through a pidfd when the system has them (once open, the pid cannot
// name another process, so the identity check made after opening it holds until the signal),
// else by checking (pid, start time) again right before kill(2). The system calls are passed in
// (@tproc/syscalls' kill and Native), so core loads no FFI.
import { closeSync } from 'node:fs';
import type { ProcessIdentity } from './proc.ts';
import type { ProcFs } from './procfs.ts';

/** A matched process, held from its turn until its signal. */
export interface Hold {
  /** Throws an error whose `code` is the errno name (ESRCH once the process has exited, EPERM...). */
  send(signal: number): void;
  release(): void;
}

export interface Signaller {
  /** Holds the process `id` names; undefined when it is gone, or its pid taken by another, since the match. */
  process(id: ProcessIdentity): Hold | undefined;
  /** Holds process group `pgid` through its member `id`, while that is still the process matched. */
  group(id: ProcessIdentity, pgid: number): Hold | undefined;
}

/** kill(2): throws an error with `code` (ESRCH, EPERM...). */
export type KillCall = (pid: number, signal: number) => void;

/** pidfd_open(2) and pidfd_send_signal(2), both throwing an error with `code`. */
export interface PidfdCalls {
  pidfdOpen(pid: number): number;
  pidfdSendSignal(pidfd: number, signal: number): void;
}

/** Where (pid, start time) is checked: a ProcFs. */
export type Identities = Pick<ProcFs, 'isSameProcess'>;

const release = (): void => {};

function noSuchProcess(): Error {
  return Object.assign(new Error('kill: No such process'), { code: 'ESRCH' });
}

const codeOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** Identity checks, then kill(2): what is left when pidfds are unavailable (and for groups). */
export function killSignaller(fs: Identities, kill: KillCall): Signaller {
  const hold = (id: ProcessIdentity, target: number): Hold | undefined => {
    if (!fs.isSameProcess(id)) return undefined;
    return {
      send(signal) {
        if (!fs.isSameProcess(id)) throw noSuchProcess();
        kill(target, signal);
      },
      release,
    };
  };
  return {
    process: (id) => hold(id, id.pid),
    group: (id, pgid) => hold(id, -pgid),
  };
}

/**
 * Through a pidfd, falling back to `killSignaller` for a process when pidfd_open itself is
 * refused for another reason than the process being gone (ENOSYS, EMFILE...).
 */
export function pidfdSignaller(fs: Identities, pidfd: PidfdCalls, kill: KillCall): Signaller {
  const fallback = killSignaller(fs, kill);
  return {
    process(id) {
      let fd: number;
      try {
        fd = pidfd.pidfdOpen(id.pid);
      } catch (err) {
        if (codeOf(err) === undefined) throw err;
        return codeOf(err) === 'ESRCH' ? undefined : fallback.process(id);
      }
      if (!fs.isSameProcess(id)) {
        closeSync(fd);
        return undefined;
      }
      return {
        send: (signal) => pidfd.pidfdSendSignal(fd, signal),
        release: () => closeSync(fd),
      };
    },
    // A pidfd names one process: a group is reached by kill(2) on -pgid.
    group: fallback.group,
  };
}

/** The pidfd signaller when `pidfd` is given (the FFI loaded), else the kill(2) one. */
export function makeSignaller(fs: Identities, kill: KillCall, pidfd?: PidfdCalls): Signaller {
  return pidfd ? pidfdSignaller(fs, pidfd, kill) : killSignaller(fs, kill);
}
