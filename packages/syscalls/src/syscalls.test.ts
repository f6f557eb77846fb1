import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorMessage, kill, loadSyscalls, SyscallError, sigqueue } from './index.ts';

function sleeper() {
  const child = spawn('sleep', ['100'], { stdio: 'ignore' });
  const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
  return { pid: child.pid as number, ended };
}

describe('syscalls', () => {
  it('loads the FFI', async () => {
    expect(await loadSyscalls()).toBeDefined();
  });

  it('signals through a pidfd', async () => {
    const native = (await loadSyscalls())!;
    const { pid, ended } = sleeper();
    const fd = native.pidfdOpen(pid);
    expect(fd).toBeGreaterThan(2);
    native.pidfdSendSignal(fd, 10);
    expect(await ended).toBe('SIGUSR1');
    // The pidfd now names a dead (reaped) process: the kernel says ESRCH, never another pid.
    expect(() => native.pidfdSendSignal(fd, 15)).toThrow(SyscallError);
    closeSync(fd);
  });

  it('reports errno names', async () => {
    expect(() => kill(2 ** 22 + 12345, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    await expect(sigqueue(2 ** 22 + 12345, 10, 1)).rejects.toMatchObject({ code: 'ESRCH' });
    expect(() => kill(process.pid, 99)).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    expect(errorMessage('ESRCH')).toBe('No such process');
  });

  it('queues a signal', async () => {
    const { pid, ended } = sleeper();
    await sigqueue(pid, 12, 42);
    expect(await ended).toBe('SIGUSR2');
  });
});
