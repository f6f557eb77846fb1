import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandIo, ProcFs, StringOutput } from '@tproc/core';
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
        ...(how === 'kill(2)' && { native: null }),
        // Between the search and the signal: the victim ends, and a new process takes its pid.
        afterScan: async () => {
          victim.child.kill('SIGKILL');
          await victim.ended;
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
