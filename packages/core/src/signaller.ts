// The one way the commands that match processes signal them (tkillall, tpkill; tfuser and tproc
// next): the process is held by a pidfd taken when it is matched, its identity (pid, start time)
// checked once the pidfd is open, and the signal goes through the pidfd, so a pid reused since the
// match is never hit. Without pidfds (no FFI, ENOSYS, EMFILE...) the identity is checked again right
// before kill(2). tkill is not built on it: kill signals what it is told.
// Observed (strace): psmisc killall takes each process as its scan reaches it, opening /proc/PID
// (a pidfd) before reading its stat, and signals through that descriptor, after the -i question
// when there is one. A process gone before its turn is never found; one that exits while held is
// `NAME(PID): No such process`.
import { closeSync } from 'node:fs';
import { kill as killPid, loadSyscalls, type Native, SyscallError } from '@tproc/syscalls';
import type { ProcessIdentity } from './proc.ts';
import type { ProcFs } from './procfs.ts';

/** A matched process, held from its match until its signal. */
export interface Hold {
  /**
   * Sends `signal`; with `value`, as sigqueue(3) does (si_value.sival_int), the identity checked
   * right before. Throws SyscallError (ESRCH when the process has exited since it was held, EPERM,
   * ENOSYS for a value without the FFI...).
   */
  send(signal: number, value?: number): void;
  release(): void;
}

export interface Signaller {
  /** Holds the process `id` names; undefined when it is gone, or its pid taken by another, since the scan. */
  process(id: ProcessIdentity): Hold | undefined;
  /** Holds process group `pgid` through its member `id`, while that is still the process matched. */
  group(id: ProcessIdentity, pgid: number): Hold | undefined;
}

export type Kill = (pid: number, signal: number) => void;
/** Where (pid, start time) is checked: a ProcFs. */
type Identities = Pick<ProcFs, 'isSameProcess'>;

const release = (): void => {};

/** sigqueue(3) through the FFI, or ENOSYS without it. */
function queue(native: Native | undefined, pid: number, signal: number, value: number): void {
  if (!native) throw new SyscallError('sigqueue', 'ENOSYS');
  native.sigqueue(pid, signal, value);
}

/** Identity checks, then kill(2) (or sigqueue): what is left when pidfds are unavailable (and for groups). */
export function killSignaller(fs: Identities, kill: Kill = killPid, native?: Native): Signaller {
  const hold = (id: ProcessIdentity, target: number): Hold | undefined => {
    if (!fs.isSameProcess(id)) return undefined;
    return {
      send(signal, value) {
        if (!fs.isSameProcess(id)) throw new SyscallError('kill', 'ESRCH');
        if (value === undefined) kill(target, signal);
        else queue(native, target, signal, value);
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
  const fallback = killSignaller(fs, kill, native);
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
        send(signal, value) {
          if (value === undefined) native.pidfdSendSignal(fd, signal);
          else {
            // sigqueue names the process by pid: the pidfd does not keep it from being reused.
            if (!fs.isSameProcess(id)) throw new SyscallError('sigqueue', 'ESRCH');
            native.sigqueue(id.pid, signal, value);
          }
        },
        release: () => closeSync(fd),
      };
    },
    // A pidfd names one process: a group is reached by kill(2) on -pgid (as psmisc does for -g).
    group: fallback.group,
  };
}

/**
 * The signaller to use: through pidfds when the FFI loads (koffi, about 10 ms: call this only once
 * something is to be signalled), else identity checks and kill(2). `kill` replaces kill(2) (tests).
 */
export async function openSignaller(fs: Identities, kill?: Kill): Promise<Signaller> {
  if (kill) return killSignaller(fs, kill);
  const native = await loadSyscalls();
  return native ? pidfdSignaller(fs, native) : killSignaller(fs);
}
