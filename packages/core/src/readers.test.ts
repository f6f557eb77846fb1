import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcFs } from './procfs.ts';
import { fakeProcessFiles, type ProcTree, procTree } from './testing/proc-tree.ts';

// One fixture tree holding a sample of every file the readers know, taken from real machines.
let proc: ProcTree;
let etc: ProcTree;
let fs: ProcFs;

beforeAll(() => {
  proc = procTree({
    ...fakeProcessFiles({ pid: 300, comm: 'srv', cmdline: ['srv', '--port', '80'] }),
    '300/comm': 'srv\n',
    '300/environ': 'HOME=/root\0LANG=C.UTF-8\0',
    '300/io': 'rchar: 10\nwchar: 20\nsyscr: 1\nsyscw: 2\nread_bytes: 4096\nwrite_bytes: 0\ncancelled_write_bytes: 0\n',
    '300/wchan': 'do_select',
    '300/maps':
      '55d0c0000000-55d0c0002000 r--p 00000000 08:01 1234                       /usr/bin/srv\n' +
      '7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]\n',
    '300/fdinfo/3': 'pos:\t7\nflags:\t02100002\nmnt_id:\t25\nino:\t99\n',
    '300/fd/3': { link: '/var/log/srv.log' },
    '300/cgroup': '0::/system.slice/srv.service\n',
    '300/limits':
      'Limit                     Soft Limit           Hard Limit           Units     \n' +
      'Max open files            1024                 524288               files     \n' +
      'Max cpu time              unlimited            unlimited            seconds   \n',
    '300/loginuid': '4294967295',
    '300/oom_score': '666\n',
    '300/oom_score_adj': '0\n',
    '300/ns/pid': { link: 'pid:[4026531836]' },
    stat: 'cpu  10 0 20 3000 5 0 1 0 0 0\ncpu0 10 0 20 3000 5 0 1 0 0 0\nctxt 999\nbtime 1764145982\nprocesses 4000\nprocs_running 2\nprocs_blocked 0\n',
    uptime: '1234.56 2000.10\n',
    meminfo: 'MemTotal:       24576000 kB\nMemFree:        20000000 kB\n',
    loadavg: '0.08 0.03 0.01 2/120 4242\n',
    'self/mountinfo': '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n',
    'net/tcp':
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 55555 1 0000000000000000 100 0 0 10 0\n',
    'net/unix':
      'Num       RefCount Protocol Flags    Type St Inode Path\n' +
      '0000000000000000: 00000002 00000000 00010000 0001 01 77777 /run/srv.sock\n',
    'tty/drivers':
      '/dev/tty             /dev/tty        5       0 system:/dev/tty\n' +
      'pty_slave            /dev/pts      136 0-1048575 pty:slave\n',
    'sys/kernel/pid_max': '4194304\n',
  });
  etc = procTree({
    passwd: 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
    group: 'root:x:0:\nnogroup:x:65534:\n',
  });
  fs = new ProcFs({ procRoot: proc.root, etcRoot: etc.root, host: { clockTicks: 100, pageSize: 4096 } });
});
afterAll(() => {
  proc.remove();
  etc.remove();
});

describe('per-process readers on a fixture tree', () => {
  it('read what the files hold', () => {
    const p = fs.process(300);
    expect(p.cmdline().map(String)).toEqual(['srv', '--port', '80']);
    expect(p.cmdlineBytes().toString('latin1')).toBe('srv\0--port\x0080\0');
    expect(p.environ().map(String)).toEqual(['HOME=/root', 'LANG=C.UTF-8']);
    expect(p.comm().toString()).toBe('srv');
    expect(p.statm().resident).toBe(400);
    expect(p.status().uid).toEqual([0, 0, 0, 0]);
    expect(p.io().readBytes).toBe(4096);
    expect(p.wchan()).toBe('do_select');
    expect(p.maps().map((m) => m.path?.toString())).toEqual(['/usr/bin/srv', '[stack]']);
    expect(p.fds()).toEqual([3]);
    expect(p.fdTarget(3).toString()).toBe('/var/log/srv.log');
    expect(p.fdinfo(3)).toMatchObject({ pos: 7, flags: 0o2100002, mntId: 25, ino: 99 });
    expect(p.cgroup()[0]?.path.toString()).toBe('/system.slice/srv.service');
    expect(p.limits().find((l) => l.name === 'Max open files')).toMatchObject({ soft: 1024, hard: 524288 });
    expect(p.loginuid()).toBe(4294967295);
    expect(p.oomScore()).toBe(666);
    expect(p.oomScoreAdj()).toBe(0);
    expect(p.namespace('pid')).toBe(4026531836);
    expect(p.identity()).toEqual({ pid: 300, startTime: 1000 });
  });
});

describe('system readers on a fixture tree', () => {
  it('read what the files hold', () => {
    expect(fs.host()).toEqual({ clockTicks: 100, pageSize: 4096, bootTime: 1764145982 });
    expect(fs.systemStat().cpu.idle).toBe(3000);
    expect(fs.uptime().uptime).toBe(1234.56);
    expect(fs.meminfo().MemTotal).toBe(24576000);
    expect(fs.loadavg()).toMatchObject({ one: 0.08, running: 2, total: 120, lastPid: 4242 });
    expect(fs.mountinfo()[0]?.fsType).toBe('ext4');
    expect(fs.inetSockets('tcp')[0]).toMatchObject({ localAddress: '127.0.0.1', localPort: 8080, state: 10 });
    expect(fs.unixSockets()[0]?.path?.toString()).toBe('/run/srv.sock');
    expect(fs.ttyDrivers().map((d) => d.name)).toEqual(['/dev/tty', 'pty_slave']);
    expect(fs.pidMax()).toBe(4194304);
    expect(fs.users().userName(65534)).toBe('nobody');
    expect(fs.users().uidOf('root')).toBe(0);
    expect(fs.users().groupName(65534)).toBe('nogroup');
    expect(fs.users().userName(1234)).toBeUndefined();
  });
});

describe('thread ids', () => {
  it('come in the kernel order, the thread group leader first (readdirSync would sort them)', async () => {
    // Node itself runs several threads; a worker adds one more whose tid may sort before the pid.
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    try {
      const tids = new ProcFs().process(process.pid).tids();
      expect(tids[0]).toBe(process.pid);
      expect(tids.length).toBeGreaterThan(2);
      expect([...tids].sort((a, b) => a - b)).toEqual([...new Set(tids)].sort((a, b) => a - b));
    } finally {
      await worker.terminate();
    }
  });
});
