import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isDenied, isGone, type Proc, ProcFs } from '@tproc/core';
import { describe, expect, it } from 'vitest';

// Every per-process reader the core offers, by name.
const READERS: Record<string, (p: Proc) => unknown> = {
  stat: (p) => p.stat(),
  status: (p) => p.status(),
  statm: (p) => p.statm(),
  cmdline: (p) => p.cmdline(),
  environ: (p) => p.environ(),
  comm: (p) => p.comm(),
  io: (p) => p.io(),
  wchan: (p) => p.wchan(),
  cwd: (p) => p.cwd(),
  exe: (p) => p.exe(),
  root: (p) => p.root(),
  fds: (p) => p.fds().map((fd) => [p.fdTarget(fd), p.fdinfo(fd)]),
  maps: (p) => p.maps(),
  tasks: (p) => p.tids().map((tid) => p.task(tid).stat()),
  cgroup: (p) => p.cgroup(),
  limits: (p) => p.limits(),
  namespaces: (p) => p.namespace('net') + p.namespace('pid') + p.namespace('mnt'),
  loginuid: (p) => p.loginuid(),
  oomScore: (p) => p.oomScore(),
  owner: (p) => p.owner(),
};

describe('the core on this machine', () => {
  it('reads every process through every reader; only "gone" and "denied" may fail', () => {
    const fs = new ProcFs();
    const unexpected: string[] = [];
    let reads = 0;
    for (const proc of fs.processes()) {
      for (const [name, read] of Object.entries(READERS)) {
        try {
          read(proc);
          reads++;
        } catch (err) {
          // A fd that closes between listing and reading is "gone" too.
          if (!isGone(err) && !isDenied(err)) unexpected.push(`${proc.pid} ${name}: ${String(err)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(reads).toBeGreaterThan(fs.pids().length * 10);
  });

  it('reads the system files', () => {
    const fs = new ProcFs();
    expect(fs.host().clockTicks).toBe(100);
    expect(fs.host().pageSize).toBe(4096);
    expect(fs.host().bootTime).toBeGreaterThan(1_600_000_000);
    expect(fs.uptime().uptime).toBeGreaterThan(0);
    expect(fs.meminfo().MemTotal).toBeGreaterThan(0);
    expect(fs.loadavg().total).toBeGreaterThan(0);
    expect(fs.mountinfo().some((m) => m.mountPoint.toString() === '/')).toBe(true);
    expect(fs.ttyDrivers().some((d) => d.devicePath === '/dev/pts')).toBe(true);
    expect(fs.pidMax()).toBeGreaterThan(300);
    for (const table of ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6'] as const) {
      expect(Array.isArray(fs.inetSockets(table))).toBe(true);
    }
    expect(Array.isArray(fs.unixSockets())).toBe(true);
    expect(fs.users().userName(0)).toBe('root');
    expect(fs.users().groupName(0)).toBe('root');
  });

  it('lists the same pids as ps -e, taken at the same moment', () => {
    // Allow for the two commands' own processes and for anything that starts or ends
    // between the two reads: compare two snapshots of ours taken around ps's.
    const before = new Set(new ProcFs().pids());
    const ps = spawnSync('ps', ['-e', '-o', 'pid='], { encoding: 'utf8' });
    const after = new Set(new ProcFs().pids());
    const theirs = ps.stdout.trim().split(/\s+/).map(Number);
    // A pid ps saw that is still there now yet in neither snapshot is one we failed to list (one
    // born and gone while ps ran is in neither, and rightly).
    const missing = theirs.filter(
      (pid) => pid !== ps.pid && !before.has(pid) && !after.has(pid) && existsSync(`/proc/${pid}`),
    );
    const extra = [...before].filter((pid) => after.has(pid) && !theirs.includes(pid) && pid !== process.pid);
    expect(missing).toEqual([]);
    expect(extra).toEqual([]);
    // In the test's own PID namespace, pid 1 and this process at least.
    expect(theirs).toEqual(expect.arrayContaining([1, process.pid]));
  });
});
