import { openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProcessIdentity } from './proc.ts';
import { killSignaller, makeSignaller, pidfdSignaller } from './signaller.ts';

// Fake identities and system calls: the order of the calls is the point (open, check, send).
function world(live: Map<number, number>) {
  const calls: string[] = [];
  const fs = {
    isSameProcess: (id: ProcessIdentity) => {
      calls.push(`check ${id.pid}`);
      return live.get(id.pid) === id.startTime;
    },
  };
  const kill = (pid: number, signal: number) => {
    calls.push(`kill ${pid} ${signal}`);
  };
  const errno = (code: string) => Object.assign(new Error(code), { code });
  const pidfd = {
    pidfdOpen: (pid: number) => {
      calls.push(`open ${pid}`);
      if (!live.has(pid)) throw errno('ESRCH');
      if (pid === 99) throw errno('ENOSYS');
      return openSync('/dev/null', 'r');
    },
    pidfdSendSignal: (_fd: number, signal: number) => {
      calls.push(`send ${signal}`);
    },
  };
  return { calls, fs, kill, pidfd };
}

describe('pidfdSignaller', () => {
  it('opens the pidfd, then checks the identity, then signals through it', () => {
    const w = world(new Map([[10, 500]]));
    const hold = pidfdSignaller(w.fs, w.pidfd, w.kill).process({ pid: 10, startTime: 500 });
    hold?.send(15);
    hold?.release();
    expect(w.calls).toEqual(['open 10', 'check 10', 'send 15']);
  });
  it('holds nothing when the pid now names another process, or none', () => {
    const w = world(new Map([[10, 501]]));
    expect(pidfdSignaller(w.fs, w.pidfd, w.kill).process({ pid: 10, startTime: 500 })).toBeUndefined();
    expect(pidfdSignaller(w.fs, w.pidfd, w.kill).process({ pid: 11, startTime: 500 })).toBeUndefined();
    expect(w.calls).toEqual(['open 10', 'check 10', 'open 11']);
  });
  it('falls back to kill(2) with a fresh check when pidfd_open is refused', () => {
    const w = world(new Map([[99, 7]]));
    const hold = pidfdSignaller(w.fs, w.pidfd, w.kill).process({ pid: 99, startTime: 7 });
    hold?.send(9);
    expect(w.calls).toEqual(['open 99', 'check 99', 'check 99', 'kill 99 9']);
  });
});

describe('killSignaller', () => {
  it('checks the identity again right before kill(2), and refuses a reused pid', () => {
    const live = new Map([[10, 500]]);
    const w = world(live);
    const hold = killSignaller(w.fs, w.kill).process({ pid: 10, startTime: 500 });
    live.set(10, 900); // the process exited and its pid went to another
    expect(() => hold?.send(15)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(w.calls).toEqual(['check 10', 'check 10']);
  });
  it('reaches a group through -pgid while its member is the one matched', () => {
    const w = world(new Map([[10, 500]]));
    makeSignaller(w.fs, w.kill).group({ pid: 10, startTime: 500 }, 10)?.send(1);
    expect(w.calls).toEqual(['check 10', 'check 10', 'kill -10 1']);
  });
});
