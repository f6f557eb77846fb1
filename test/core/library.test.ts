// The library face as README's examples use it, on this machine's /proc: list processes, read
// one, find by port, walk a tree.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  bytesFromText,
  descendantsOf,
  listInetSockets,
  listProcesses,
  pidsByPort,
  ProcFs,
  processTree,
  PF_KTHREAD,
  readProcess,
} from '@tproc/core';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inheritedBy } from '../zoo/inherited-listener.ts';

const child = spawn('sleep', ['100000'], { stdio: 'ignore' });
afterAll(() => {
  child.kill('SIGKILL');
});

/** Whether the child has exec'd sleep and its resident set shows in stat (field 24). */
function started(): boolean {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'latin1');
    const rss = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[21]);
    return readFileSync(`/proc/${child.pid}/cmdline`, 'latin1') === 'sleep\x080000\0' && rss > 0;
  } catch {
    return false;
  }
}

// Just after exec the kernel's resident-set counters may still read 0 (observed: readProcess's
// rssBytes 0 right after the command line showed).
beforeAll(async () => {
  for (let i = 0; i < 500 && !started(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
});

describe('@tproc/core, as README shows it', () => {
  it('lists processes with their command lines', () => {
    const list = listProcesses();
    const self = list.find((p) => p.pid === process.pid)!;
    expect(self.ppid).toBe(process.ppid);
    expect(self.command).toBe(self.argv.join(' '));
    expect(self).toMatchObject({ uid: process.geteuid!(), user: 'root', state: 'R' });
    expect(list.find((p) => p.pid === child.pid)).toMatchObject({
      name: 'sleep',
      argv: ['sleep', '100000'],
      command: 'sleep 100000',
    });
  });

  it('reads one process, and undefined for none', () => {
    const p = readProcess(child.pid!)!;
    expect(p.token).toMatch(new RegExp(`^${child.pid}@\\d+$`));
    expect(p.rssBytes).toBeGreaterThan(0);
    expect(bytesFromText(p.argv[1]!).toString()).toBe('100000');
    expect(readProcess(4_194_304 + 1)).toBeUndefined();
  });

  it('finds the pid behind a port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      expect(pidsByPort(port)).toEqual([process.pid]);
      const [socket] = listInetSockets({ ports: [port] });
      expect(socket).toMatchObject({ protocol: 'tcp', localAddress: '127.0.0.1', state: 'LISTEN' });
      expect(socket!.holders.map((h) => h.pid)).toEqual([process.pid]);
    } finally {
      server.close();
    }
    expect(pidsByPort(port)).toEqual([]);
  });

  it('finds every holder of a listener: a child that inherited it too', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
    const port = (server.address() as { port: number }).port;
    const holder = await inheritedBy(server);
    try {
      expect(pidsByPort(port)).toEqual([process.pid, holder.pid!].sort((a, b) => a - b));
      const [socket] = listInetSockets({ ports: [port] });
      expect(socket).toMatchObject({ protocol: 'tcp6', localAddress: '::1', localPort: port, state: 'LISTEN' });
      expect(socket!.holders).toContainEqual({ pid: holder.pid, fd: 3 });
    } finally {
      holder.kill('SIGKILL');
      server.close();
    }
  });

  it('describes a kernel thread from its stat alone: no arguments, run by root', () => {
    // Tests run in a PID namespace of their own, where no kernel thread shows: a fixture. Its
    // kernel thread's other files say what no kernel thread's can, to show they are not read.
    const tree = procTree({
      ...fakeProcessFiles({ pid: 2, comm: 'kthreadd', ppid: 0, flags: PF_KTHREAD, uid: 0 }),
      ...fakeProcessFiles({ pid: 3, comm: 'rcu_gp', ppid: 2, flags: PF_KTHREAD, uid: 1000, cmdline: ['x'] }),
      ...fakeProcessFiles({ pid: 7, comm: 'bash', uid: 1000, cmdline: ['bash', '-l'] }),
      'self/auxv': Buffer.alloc(0),
      stat: 'cpu  1 2 3 4\nbtime 1700000000\n',
    });
    try {
      const list = listProcesses({ fs: new ProcFs({ procRoot: tree.root, etcRoot: tree.root }) });
      expect(list.map(({ pid, uid, argv, command }) => ({ pid, uid, argv, command }))).toEqual([
        { pid: 2, uid: 0, argv: [], command: '[kthreadd]' },
        { pid: 3, uid: 0, argv: [], command: '[rcu_gp]' },
        { pid: 7, uid: 1000, argv: ['bash', '-l'], command: 'bash -l' },
      ]);
    } finally {
      tree.remove();
    }
  });

  it('walks a tree', () => {
    const fs = new ProcFs();
    const list = listProcesses({ fs });
    const forest = processTree(list);
    const find = (nodes: typeof forest, pid: number): (typeof forest)[number] | undefined => {
      for (const n of nodes) {
        if (n.process.pid === pid) return n;
        const below = find(n.children, pid);
        if (below) return below;
      }
      return undefined;
    };
    expect(find(forest, process.pid)!.children.map((c) => c.process.pid)).toContain(child.pid);
    expect(descendantsOf(process.pid, list)).toContain(child.pid);
  });
});
