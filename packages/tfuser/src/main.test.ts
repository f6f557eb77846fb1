import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandIo, killSignaller, ProcFs, StringOutput } from '@tproc/core';
import { kill } from '@tproc/syscalls';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from './main.ts';

function io(): CommandIo & { out: StringOutput; err: StringOutput } {
  const out = new StringOutput();
  const err = new StringOutput();
  return { argv0: 'tfuser', env: {}, stdout: out, stderr: err, stdoutIsTty: false, out, err };
}

describe('tfuser -V', () => {
  it('names tproc on stderr, where fuser prints its version, and exits 0', async () => {
    for (const flag of ['-V', '--version', '-Vx']) {
      const t = io();
      expect(await main([flag], t)).toBe(0);
      expect(t.out.text()).toBe('');
      expect(t.err.text()).toBe('tfuser from tproc 0.1.0\n');
    }
  });
});

// Real processes, children of this test, signalled by pid only (never found by name).
const children: ChildProcess[] = [];
let dir = '';
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function holder(file: string) {
  const child = spawn('sh', ['-c', 'exec sleep 100000 < "$0"', file], { stdio: 'ignore' });
  children.push(child);
  const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, s) => resolve(s)));
  return { child, pid: child.pid as number, ended };
}

const alive = (ended: Promise<unknown>) => Promise.race([ended, new Promise((r) => setTimeout(() => r('alive'), 200))]);

async function holding(fs: ProcFs, pid: number, file: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    try {
      if (fs.process(pid).fdTarget(0).toString() === file) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`pid ${pid} never held ${file}`);
}

/** A process that takes `pid` again (the kernel hands out ns_last_pid + 1 next), or undefined. */
async function reuse(pid: number, file: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    writeFileSync('/proc/sys/kernel/ns_last_pid', String(pid - 1));
    const h = holder(file);
    if (h.pid === pid) return h;
    h.child.kill('SIGKILL');
  }
  return undefined;
}

describe('tfuser -k and a pid reused between match and signal', () => {
  for (const how of ['pidfd', 'kill(2)'] as const) {
    it(`never signals the process that took the pid (${how})`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'tproc-tfuser-reuse-'));
      const file = join(dir, 'held.txt');
      writeFileSync(file, 'x');
      const fs = new ProcFs();
      const victim = holder(file);
      await holding(fs, victim.pid, file);
      let successor: Awaited<ReturnType<typeof reuse>>;
      const t = io();
      const status = await main(['-k', file], t, {
        // kill(2) with the identity checked again right before it: what is left without pidfds.
        // (The stat stays the one that never waits: this search meets every process here.)
        ...(how === 'kill(2)' && { signaller: killSignaller(fs, kill) }),
        // Between the search and the signal: the victim ends, and a new process takes its pid.
        afterScan: async () => {
          victim.child.kill('SIGKILL');
          await victim.ended;
          // An identity is the pid and the start time in clock ticks (10 ms here): a successor
          // started within the victim's tick would be the same process by it (seen once, the
          // whole case taking under 10 ms). Reuse that fast is only ever forced, as here.
          await new Promise((r) => setTimeout(r, 25));
          successor = await reuse(victim.pid, file);
        },
      });
      expect(successor, 'no process could take the pid again').toBeDefined();
      expect(await alive(successor?.ended ?? Promise.resolve('none'))).toBe('alive');
      expect(status).toBe(1);
      expect(t.out.text()).toBe(String(victim.pid).padStart(6));
      // The machine's own unreadable processes (its pid 1 here) are not this test's business.
      const said = t.err.text().replace(/^Cannot stat file \/proc\/\d+\/fd\/\d+: .*\n/gm, '');
      expect(said).toBe(`${file}:\nCould not kill process ${victim.pid}: No such process\n`);
    });
  }
});

describe('tfuser -v on a swap file', () => {
  // observed (a 2 MiB swap file made with mkswap and swapon -p 0, then swapoff):
  //   fuser -v /tmp/fz/swapf   ->  stdout `kernel`, status 0, stderr the header and
  //   `/tmp/fz/swapf:       root      swap  /tmp/fz/swapf`; without -v nothing and status 1;
  //   -vu puts `(root)` before the file name.
  // Here /proc is a fixture whose swaps names a file of ours and whose mountinfo has no mount.
  it('shows the kernel using it, with -v only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tproc-tfuser-swap-'));
    const swapf = join(dir, 'swapf');
    writeFileSync(swapf, '');
    const proc = join(dir, 'proc');
    const { mkdirSync, symlinkSync } = await import('node:fs');
    mkdirSync(join(proc, '1'), { recursive: true });
    symlinkSync('1', join(proc, 'self'));
    writeFileSync(join(proc, '1/mountinfo'), '');
    writeFileSync(
      join(proc, 'swaps'),
      `Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n${swapf.padEnd(40)}file\t\t2044\t\t0\t\t0\n`,
    );
    const fs = new ProcFs({ procRoot: proc });
    const run = async (...args: string[]) => {
      const t = io();
      const status = await main([...args, swapf], t, { fs });
      return { status, out: t.out.text(), err: t.err.text() };
    };
    const label = `${swapf}:`;
    const pad = (s: string) => (s.length <= 20 ? s.padEnd(21) : `${s}\n${' '.repeat(21)}`);
    const header = `${' '.repeat(21)}USER        PID ACCESS COMMAND\n`;
    expect(await run('-v')).toEqual({
      status: 0,
      out: 'kernel',
      err: `${header}${pad(label)}root      swap  ${swapf}\n`,
    });
    expect(await run('-vu')).toEqual({
      status: 0,
      out: 'kernel',
      err: `${header}${pad(label)}root      swap  (root)${swapf}\n`,
    });
    expect(await run()).toEqual({ status: 1, out: '', err: '' });
  });
});
