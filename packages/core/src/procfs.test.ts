import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { isDenied, isGone, ProcError, unlessDenied } from './errors.ts';
import { PF_KTHREAD } from './parse/stat.ts';
import { ProcFs } from './procfs.ts';
import { fakeProcessFiles, fakeStat, type ProcTree, procTree } from './testing/proc-tree.ts';

let tree: ProcTree | undefined;
afterEach(() => tree?.remove());

const AUXV = Buffer.alloc(48);
AUXV.writeBigUInt64LE(6n, 0); // AT_PAGESZ
AUXV.writeBigUInt64LE(8192n, 8);
AUXV.writeBigUInt64LE(17n, 16); // AT_CLKTCK
AUXV.writeBigUInt64LE(250n, 24);

describe('ProcFs on a fixture tree', () => {
  it('lists numeric entries only, ascending, alone or with a file of each', () => {
    tree = procTree({
      ...fakeProcessFiles({ pid: 10 }),
      ...fakeProcessFiles({ pid: 2 }),
      ...fakeProcessFiles({ pid: 9 }),
      'self/auxv': AUXV,
      stat: 'cpu  1 2 3 4 5 6 7 8 9 10\nbtime 1700000000\n',
      'sys/kernel/pid_max': '32768\n',
    });
    const fs = new ProcFs({ procRoot: tree.root });
    expect(fs.pids()).toEqual([2, 9, 10]);
    expect(fs.pidsWithTexts('comm')).toEqual({ pids: [2, 9, 10], texts: ['fake\n', 'fake\n', 'fake\n'] });
    expect(fs.pidMax()).toBe(32768);
  });

  it("knows kernel threads by kthreadd's children, where pid 2 is kthreadd", () => {
    const kernel = { flags: PF_KTHREAD | 0x40, ppid: 2 };
    const processes = {
      ...fakeProcessFiles({ pid: 1, comm: 'init' }),
      ...fakeProcessFiles({ pid: 3, comm: 'rcu_gp', ...kernel }),
      ...fakeProcessFiles({ pid: 4, comm: 'kworker/0:0', ...kernel }),
      ...fakeProcessFiles({ pid: 7, comm: 'bash' }),
      '2/task/2/children': '3 4 ',
    };
    tree = procTree({ ...processes, ...fakeProcessFiles({ pid: 2, comm: 'kthreadd', ...kernel, ppid: 0 }) });
    expect([...new ProcFs({ procRoot: tree.root }).kernelThreads()].sort()).toEqual([2, 3, 4]);
    tree.remove();
    // A PID namespace of its own: pid 2 is a process like any other, its children too.
    tree = procTree({ ...processes, ...fakeProcessFiles({ pid: 2, comm: 'sh' }) });
    expect(new ProcFs({ procRoot: tree.root }).kernelThreads().size).toBe(0);
  });

  it('takes clock ticks and page size from auxv, boot time from stat, unless injected', () => {
    tree = procTree({ 'self/auxv': AUXV, stat: 'cpu  1 2 3 4\nbtime 1700000000\n' });
    expect(new ProcFs({ procRoot: tree.root }).host()).toEqual({
      clockTicks: 250,
      pageSize: 8192,
      bootTime: 1700000000,
    });
    expect(new ProcFs({ procRoot: tree.root, host: { clockTicks: 100 } }).host().clockTicks).toBe(100);
  });

  it('reads each file once per process handle', () => {
    tree = procTree(fakeProcessFiles({ pid: 5, comm: 'first' }));
    const proc = new ProcFs({ procRoot: tree.root }).process(5);
    expect(proc.stat().comm.toString()).toBe('first');
    // Rewriting the file does not change what this handle saw: it was read once.
    const again = procTree({ '5/stat': fakeStat({ pid: 5, comm: 'second' }) });
    spawnSync('cp', [`${again.root}/5/stat`, `${tree.root}/5/stat`]);
    again.remove();
    expect(proc.stat().comm.toString()).toBe('first');
    expect(new ProcFs({ procRoot: tree.root }).process(5).stat().comm.toString()).toBe('second');
  });

  it('skips a process whose folder is deleted in the middle of a walk', () => {
    tree = procTree({
      ...fakeProcessFiles({ pid: 1, comm: 'init' }),
      ...fakeProcessFiles({ pid: 2, comm: 'doomed' }),
      ...fakeProcessFiles({ pid: 3, comm: 'last' }),
    });
    const root = tree.root;
    const fs = new ProcFs({ procRoot: root });
    const seen = [
      ...fs.walk((proc) => {
        if (proc.pid === 1) spawnSync('rm', ['-rf', `${root}/2`]);
        return proc.stat().comm.toString();
      }),
    ];
    expect(seen).toEqual(['init', 'last']);
  });

  describe('"gone" says what is gone', () => {
    const files = () => ({
      ...fakeProcessFiles({ pid: 7, comm: 'holder', starttime: 500 }),
      '7/fd/0': { link: '/dev/null' },
      '7/fd/3': { link: '/tmp/closing' },
      '7/fd/4': { link: 'socket:[1234]' },
      '7/task/7/stat': fakeStat({ pid: 7, comm: 'holder' }),
      '7/task/8/stat': fakeStat({ pid: 8, comm: 'exiting' }),
      ...fakeProcessFiles({ pid: 9, comm: 'doomed' }),
      '9/fd/0': { link: '/dev/null' },
    });

    it('an fd closed between listing fd/ and reading fd/N skips that fd, and the process stays', () => {
      tree = procTree(files());
      const root = tree.root;
      const fs = new ProcFs({ procRoot: root });
      const listed = [
        ...fs.walk((proc) => {
          proc.stat();
          const fds = proc.fds();
          // Between the listing and the reads: fd 3 of process 7 is closed, process 9 exits.
          spawnSync('rm', ['-rf', `${root}/7/fd/3`, `${root}/9`]);
          return `${proc.pid}: ${fds.map((fd) => proc.entry(() => proc.fdTarget(fd).toString()) ?? '-').join(' ')}`;
        }),
      ];
      expect(listed).toEqual(['7: /dev/null - socket:[1234]']);
    });

    it('a thread that exits under task/ is skipped alone', () => {
      tree = procTree(files());
      const proc = new ProcFs({ procRoot: tree.root }).process(7);
      const tids = proc.tids().sort((a, b) => a - b);
      spawnSync('rm', ['-rf', `${tree.root}/7/task/8`]);
      expect(tids.map((tid) => proc.entry(() => proc.task(tid).stat().comm.toString()))).toEqual(['holder', undefined]);
    });

    it('the process is gone when its stat no longer reads, or reads with another start time', () => {
      tree = procTree(files());
      const fs = new ProcFs({ procRoot: tree.root });
      const reused = fs.process(7);
      expect(reused.stat().starttime).toBe(500);
      expect(reused.isAlive()).toBe(true);
      // The pid is taken by a new process: same pid, later start time, and none of the old fds.
      spawnSync('rm', ['-rf', `${tree.root}/7/fd/3`]);
      const again = procTree({ '7/stat': fakeStat({ pid: 7, comm: 'newcomer', starttime: 900 }) });
      spawnSync('cp', [`${again.root}/7/stat`, `${tree.root}/7/stat`]);
      again.remove();
      expect(reused.isAlive()).toBe(false);
      expect(() => reused.entry(() => reused.fdTarget(3))).toThrow(expect.objectContaining({ kind: 'gone' }));
      const exited = fs.process(9);
      spawnSync('rm', ['-rf', `${tree.root}/9`]);
      expect(exited.isAlive()).toBe(false);
      expect(() => exited.entry(() => exited.fdTarget(0))).toThrow(expect.objectContaining({ kind: 'gone' }));
    });

    it('other failures of an entry are not hidden', () => {
      tree = procTree(files());
      const proc = new ProcFs({ procRoot: tree.root }).process(7);
      const denied = new ProcError('denied', `${tree.root}/7/fd/4`);
      expect(() =>
        proc.entry(() => {
          throw denied;
        }),
      ).toThrow(denied);
    });
  });

  it('reports a vanished process as gone and keeps the failure', () => {
    tree = procTree({});
    const proc = new ProcFs({ procRoot: tree.root }).process(99);
    expect(() => proc.stat()).toThrow(ProcError);
    try {
      proc.status();
    } catch (err) {
      expect(isGone(err)).toBe(true);
      expect((err as ProcError).path).toBe(`${tree.root}/99/status`);
    }
  });

  it('reads links as bytes, and namespaces and fds', () => {
    tree = procTree({
      ...fakeProcessFiles({ pid: 7 }),
      '7/cwd': { link: '/tmp/a b\u00e9' },
      '7/exe': { link: '/usr/bin/sleep (deleted)' },
      '7/fd/0': { link: '/dev/null' },
      '7/fd/10': { link: 'socket:[1234]' },
      '7/fd/2': { link: 'pipe:[99]' },
      '7/ns/net': { link: 'net:[4026531840]' },
      '7/task/7/stat': fakeStat({ pid: 7 }),
      '7/task/9/stat': fakeStat({ pid: 9, comm: 'worker' }),
    });
    const proc = new ProcFs({ procRoot: tree.root }).process(7);
    expect(proc.cwd().toString()).toBe('/tmp/a b\u00e9');
    expect(proc.exe().toString()).toBe('/usr/bin/sleep (deleted)');
    expect(proc.fds()).toEqual([0, 2, 10]);
    expect(proc.fdTarget(10).toString()).toBe('socket:[1234]');
    expect(proc.namespace('net')).toBe(4026531840);
    // In the directory's own order, which a fixture directory does not fix.
    expect([...proc.tids()].sort((a, b) => a - b)).toEqual([7, 9]);
    expect(proc.task(9).stat().comm.toString()).toBe('worker');
  });

  it('re-checks identity: a reused pid is not the same process', () => {
    tree = procTree(fakeProcessFiles({ pid: 42, starttime: 5000 }));
    const fs = new ProcFs({ procRoot: tree.root });
    const id = fs.process(42).identity();
    expect(fs.isSameProcess(id)).toBe(true);
    expect(fs.isSameProcess({ pid: 42, startTime: 4999 })).toBe(false);
    expect(fs.isSameProcess({ pid: 43, startTime: 5000 })).toBe(false);
  });
});

describe('ProcFs on /proc', () => {
  it('keeps its own pid, auxv and boot time across handles, as /proc says them', () => {
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'))?.[1]);
    const first = new ProcFs();
    expect(first.host()).toEqual({ clockTicks: 100, pageSize: 4096, bootTime: btime });
    expect(first.selfPid()).toBe(process.pid);
    const again = new ProcFs();
    expect(again.host()).toEqual(first.host());
    expect(again.selfPid()).toBe(process.pid);
    // What another root says is its own.
    tree = procTree({ 'self/auxv': Buffer.alloc(0), stat: 'cpu  1 2 3 4\nbtime 1700000000\n' });
    expect(new ProcFs({ procRoot: tree.root }).host().bootTime).toBe(1700000000);
  });
});

describe('an unreadable file, as nobody', () => {
  it('is "denied", and a listing goes on', () => {
    tree = procTree({
      ...fakeProcessFiles({ pid: 1 }),
      ...fakeProcessFiles({ pid: 2 }),
      '2/environ': { content: 'SECRET=1\0', mode: 0o600 },
    });
    chmodSync(tree.root, 0o755);
    // Root ignores file modes: run the reader as nobody through setpriv.
    const bundle = buildSync({
      stdin: {
        contents: `
          import { ProcFs, unlessDenied, isDenied } from './index.ts';
          const fs = new ProcFs({ procRoot: process.argv[2] });
      const out = [...fs.walk((p) => [p.pid, unlessDenied(() => p.environ().length) ?? 'denied'])];
      let kind = '';
      try { fs.process(2).environ(); } catch (e) { kind = isDenied(e) ? 'denied' : String(e); }
          console.log(JSON.stringify({ out, kind }));`,
        resolveDir: new URL('.', import.meta.url).pathname,
      },
      bundle: true,
      platform: 'node',
      external: ['bun:ffi', 'koffi'],
      format: 'cjs',
      write: false,
    });
    // A file, not `-e`: the bundle is past the 128 KiB one argument may hold (MAX_ARG_STRLEN).
    const script = `${tree.root}/reader.cjs`;
    writeFileSync(script, bundle.outputFiles[0]?.text ?? '', { mode: 0o644 });
    const r = spawnSync(
      'setpriv',
      ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, script, tree.root],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      out: [
        [1, 0],
        [2, 'denied'],
      ],
      kind: 'denied',
    });
    expect(unlessDenied(() => 1)).toBe(1);
    expect(isDenied(new ProcError('denied', 'x'))).toBe(true);
  });
});
