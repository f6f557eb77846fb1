// How killall reaches a matched process: psmisc signals through a pidfd taken on it, so a pid
// reused since the scan is never hit. Ours opens the pidfd first, then checks (pid, start time),
// then signals through the pidfd; without the FFI it checks the identity right before kill(2).
import { closeSync } from 'node:fs';
import type { ProcessIdentity, ProcFs } from '@tproc/core';
import { kill as killPid, type Native, SyscallError } from '@tproc/syscalls';

export interface Signaller {
  /** Signals the process `id` names; throws SyscallError (ESRCH once it is gone, EPERM...). */
  process(id: ProcessIdentity, signal: number): void;
  /** Signals process group `pgid` while its member `id` is still the process that was matched. */
  group(id: ProcessIdentity, pgid: number, signal: number): void;
}

type Kill = (pid: number, signal: number) => void;
/** Where (pid, start time) is checked: a ProcFs. */
type Identities = Pick<ProcFs, 'isSameProcess'>;

// Observed: psmisc reports a process gone between the scan and its signal as
// `NAME(PID): No such process` (and the name then counts as not found); a reused pid is the same case.
const gone = (): never => {
  throw new SyscallError('kill', 'ESRCH');
};

/** Identity check, then kill(2): what is left when pidfds are unavailable (and for -g). */
export function killSignaller(fs: Identities, kill: Kill = killPid): Signaller {
  return {
    process(id, signal) {
      if (!fs.isSameProcess(id)) gone();
      kill(id.pid, signal);
    },
    group(id, pgid, signal) {
      if (!fs.isSameProcess(id)) gone();
      kill(-pgid, signal);
    },
  };
}

/**
 * Through a pidfd: once it is open the pid cannot name another process, so the identity check
 * made after opening it holds until the signal. Falls back to `killSignaller` per process when
 * pidfd_open itself is refused for another reason than the process being gone (ENOSYS, EMFILE...).
 */
export function pidfdSignaller(fs: Identities, native: Native, kill: Kill = killPid): Signaller {
  const fallback = killSignaller(fs, kill);
  return {
    process(id, signal) {
      let fd: number;
      try {
        fd = native.pidfdOpen(id.pid);
      } catch (err) {
        if (err instanceof SyscallError && err.code !== 'ESRCH') return fallback.process(id, signal);
        throw err;
      }
      try {
        if (!fs.isSameProcess(id)) gone();
        native.pidfdSendSignal(fd, signal);
      } finally {
        closeSync(fd);
      }
    },
    // A pidfd names one process: a group is reached by kill(2) on -pgid (as psmisc does for -g).
    group: fallback.group,
  };
}
