import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadSyscalls, type Native } from '@tproc/syscalls';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessIdentity } from './proc.ts';
import { ProcFs } from './procfs.ts';
import { killSignaller, pidfdSignaller } from './signaller.ts';

// Real processes, children of this test (never found by name): each is signalled by pid only.
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function sleeper() {
  const child = spawn('sleep', ['100000'], { stdio: 'ignore' });
  children.push(child);
  const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
  const pid = child.pid as number;
  return { child, pid, ended };
}

const identity = (fs: ProcFs, pid: number): ProcessIdentity => ({ pid, startTime: fs.process(pid).stat().starttime });
const alive = (ended: Promise<unknown>) => Promise.race([ended, new Promise((r) => setTimeout(() => r('alive'), 100))]);

/** A fork that takes `pid` again (the kernel hands out ns_last_pid + 1 next), or undefined. */
function reuse(pid: number) {
  for (let attempt = 0; attempt < 50; attempt++) {
    writeFileSync('/proc/sys/kernel/ns_last_pid', String(pid - 1));
    const s = sleeper();
    if (s.pid === pid) return s;
    s.child.kill('SIGKILL');
  }
  return undefined;
}

describe('pidfdSignaller', () => {
  it('opens the pidfd, then checks the identity, then signals through the pidfd', async () => {
    const native = (await loadSyscalls()) as Native;
    const real = new ProcFs();
    const calls: string[] = [];
    const fs = {
      isSameProcess: (id: ProcessIdentity) => {
        calls.push('check');
        return real.isSameProcess(id);
      },
    };
    const spy: Native = {
      ...native,
      pidfdOpen: (pid) => {
        calls.push('open');
        return native.pidfdOpen(pid);
      },
      pidfdSendSignal: (fd, sig) => {
        calls.push('send');
        native.pidfdSendSignal(fd, sig);
      },
    };
    const a = sleeper();
    const hold = pidfdSignaller(fs, spy, () => calls.push('kill')).process(identity(real, a.pid));
    expect(calls).toEqual(['open', 'check']);
    hold?.send(15);
    hold?.release();
    expect(calls).toEqual(['open', 'check', 'send']);
    expect(await a.ended).toBe('SIGTERM');
  });

  it('holds nothing for a pid whose start time no longer matches', async () => {
    const native = (await loadSyscalls()) as Native;
    const fs = new ProcFs();
    const a = sleeper();
    const stale = { ...identity(fs, a.pid), startTime: identity(fs, a.pid).startTime - 1 };
    expect(pidfdSignaller(fs, native).process(stale)).toBeUndefined();
    expect(await alive(a.ended)).toBe('alive');
  });

  it('holds nothing for a process gone since the scan', async () => {
    const native = (await loadSyscalls()) as Native;
    const fs = new ProcFs();
    const a = sleeper();
    const id = identity(fs, a.pid);
    a.child.kill('SIGKILL');
    await a.ended;
    const kills: number[] = [];
    expect(pidfdSignaller(fs, native, (pid) => kills.push(pid)).process(id)).toBeUndefined();
    expect(kills).toEqual([]);
  });

  it('never reaches a new process on the pid when the matched one exits after its pidfd was opened', async () => {
    const native = (await loadSyscalls()) as Native;
    const fs = new ProcFs();
    const a = sleeper();
    const id = identity(fs, a.pid);
    // The pidfd is taken while A lives; then A exits, is reaped, and B gets A's pid.
    const fd = native.pidfdOpen(a.pid);
    a.child.kill('SIGKILL');
    await a.ended;
    const b = reuse(a.pid);
    expect(b?.pid).toBe(a.pid);
    // Even an identity check that passed (made just before A exited) cannot lead to B.
    const raced = { isSameProcess: () => true };
    const kills: number[] = [];
    const signaller = pidfdSignaller(raced, { ...native, pidfdOpen: () => fd }, (pid) => kills.push(pid));
    const hold = signaller.process(id);
    expect(() => hold?.send(9)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    hold?.release();
    expect(kills).toEqual([]);
    expect(await alive(b!.ended)).toBe('alive');
  });
});

describe('a queued value (pkill -q)', () => {
  it('goes by sigqueue(3) once the identity is checked again, through a pidfd or not', async () => {
    const native = (await loadSyscalls()) as Native;
    const queued: Array<[number, number, number]> = [];
    const spy: Native = { ...native, sigqueue: (pid, sig, value) => queued.push([pid, sig, value]) };
    const fs = new ProcFs();
    const a = sleeper();
    const id = identity(fs, a.pid);
    let same = true;
    const checked = { isSameProcess: (i: ProcessIdentity) => same && fs.isSameProcess(i) };
    const hold = pidfdSignaller(checked, spy).process(id);
    hold?.send(10, 1234);
    // Held, then the pid names another process: sigqueue names it by pid, so nothing goes.
    same = false;
    expect(() => hold?.send(10, 5)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    hold?.release();
    expect(queued).toEqual([[a.pid, 10, 1234]]);
    // Without the FFI a value cannot go at all.
    expect(() =>
      killSignaller(fs, () => {})
        .process(id)
        ?.send(10, 1),
    ).toThrow(expect.objectContaining({ code: 'ENOSYS' }));
  });
});

describe('killSignaller (no FFI)', () => {
  it('checks the identity when it holds and again right before kill(2)', () => {
    const fs = new ProcFs();
    const kills: Array<[number, number]> = [];
    const signaller = killSignaller(fs, (pid, sig) => kills.push([pid, sig]));
    const id = identity(fs, process.pid);
    signaller.process(id)?.send(0);
    signaller.group(id, 4242)?.send(0);
    expect(signaller.process({ ...id, startTime: id.startTime + 1 })).toBeUndefined();
    // Held, then the pid names another process: as if it had exited while held.
    let same = true;
    const racing = killSignaller({ isSameProcess: () => same }, (pid, sig) => kills.push([pid, sig]));
    const hold = racing.process(id);
    same = false;
    expect(() => hold?.send(0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(kills).toEqual([
      [process.pid, 0],
      [-4242, 0],
    ]);
  });
});
