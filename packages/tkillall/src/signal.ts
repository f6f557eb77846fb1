// How killall reaches a matched process. Observed (strace): psmisc takes each process as its scan
// reaches it, opening /proc/PID (a pidfd) before reading its stat, and signals through that
// descriptor, after the -i question when there is one. A process gone before its turn is never
// found; one that exits while held is `NAME(PID): No such process`. Ours scans first, so a hold
// checks (pid, start time) after opening the pidfd; without the FFI the check is made again right
// before kill(2).
import { closeSync } from 'node:fs';
import type { ProcessIdentity, ProcFs } from '@tproc/core';
import { kill as killPid, type Native, SyscallError } from '@tproc/syscalls';

/** A matched process, held from its turn until its signal. */
export interface Hold {
  /** Throws SyscallError (ESRCH when the process has exited since it was held, EPERM...). */
  send(signal: number): void;
  release(): void;
}

export interface Signaller {
  /** Holds the process `id` names; undefined when it is gone, or its pid taken by another, since the scan. */
  process(id: ProcessIdentity): Hold | undefined;
  /** Holds process group `pgid` through its member `id`, while that is still the process matched. */
  group(id: ProcessIdentity, pgid: number): Hold | undefined;
}

type Kill = (pid: number, signal: number) => void;
/** Where (pid, start time) is checked: a ProcFs. */
type Identities = Pick<ProcFs, 'isSameProcess'>;

const release = (): void => {};

/** Identity checks, then kill(2): what is left when pidfds are unavailable (and for -g). */
export function killSignaller(fs: Identities, kill: Kill = killPid): Signaller {
  const hold = (id: ProcessIdentity, target: number): Hold | undefined => {
    if (!fs.isSameProcess(id)) return undefined;
    return {
      send(signal) {
        if (!fs.isSameProcess(id)) throw new SyscallError('kill', 'ESRCH');
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
 * Through a pidfd: once it is open the pid cannot name another process, so the identity check
 * made after opening it holds until the signal. Falls back to `killSignaller` per process when
 * pidfd_open itself is refused for another reason than the process being gone (ENOSYS, EMFILE...).
 */
export function pidfdSignaller(fs: Identities, native: Native, kill: Kill = killPid): Signaller {
  const fallback = killSignaller(fs, kill);
  return {
    process(id) {
      let fd: number;
      try {
        fd = native.pidfdOpen(id.pid);
      } catch (err) {
        if (!(err instanceof SyscallError)) throw err;
        return err.code === 'ESRCH' ? undefined : fallback.process(id);
      }
      if (!fs.isSameProcess(id)) {
        closeSync(fd);
        return undefined;
      }
      return {
        send: (signal) => native.pidfdSendSignal(fd, signal),
        release: () => closeSync(fd),
      };
    },
    // A pidfd names one process: a group is reached by kill(2) on -pgid (as psmisc does for -g).
    group: fallback.group,
  };
}
