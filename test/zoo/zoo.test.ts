import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare, DROP_RULES, dropOwnLines, expectSame, keepZooLines, renameProgram } from './compare.ts';
import { lineDiff } from './diff.ts';
import { compareInPidNs, runInPidNamespace } from './pidns.ts';
import { childrenOf, exists, fdTargets, readCmdline, readComm, readStat, readStatusField, waitFor } from './proc.ts';
import { decode } from './run.ts';
import { startVictims } from './victims.ts';
import { startZoo, type Zoo } from './zoo.ts';

describe('zoo', () => {
  let zoo: Zoo;
  let startMs = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    zoo = await startZoo();
    startMs = performance.now() - t0;
  });
  afterAll(() => zoo?.stop());

  const state = (pid: number) => readStat(pid)?.state;
  const socketInodes = (pid: number) =>
    [...fdTargets(pid).values()].flatMap((t) => t.match(/^socket:\[(\d+)\]$/)?.[1] ?? []);
  /** Lines of /proc/net/<table> whose inode is one of pid's sockets. */
  const netLines = (table: string, pid: number) => {
    const inodes = new Set(socketInodes(pid));
    return readFileSync(`/proc/net/${table}`, 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => {
        const fields = line.trim().split(/\s+/);
        return inodes.has(fields[table === 'unix' ? 6 : 9] ?? '');
      });
  };
  const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');

  it('starts quickly', () => {
    expect(startMs).toBeLessThan(2000);
  });

  it('lists every pid once', () => {
    expect(new Set(zoo.pids).size).toBe(zoo.pids.length);
    expect(zoo.pids).toContain(zoo.zombie.zombie);
    expect(zoo.pids).toContain(zoo.family.grandchild);
    expect(zoo.pids).toContain(zoo.pty.child);
    for (const pid of zoo.pids) expect(exists(pid)).toBe(true);
  });

  it('has a stopped process and a zombie', () => {
    expect(state(zoo.stopped)).toBe('T');
    expect(state(zoo.zombie.zombie)).toBe('Z');
    expect(readStat(zoo.zombie.zombie)?.ppid).toBe(zoo.zombie.parent);
    expect(readComm(zoo.zombie.zombie)?.toString()).toBe('sleep');
  });

  it('has niced processes', () => {
    expect(readStat(zoo.niced)?.nice).toBe(10);
    expect(readStat(zoo.highPriority)?.nice).toBe(-5);
  });

  it('has a threaded process', () => {
    expect(readStat(zoo.threaded.pid)?.numThreads).toBe(zoo.threaded.threads);
  });

  it('has a process owned by nobody', () => {
    expect(readStatusField(zoo.nobody, 'Uid')).toBe('65534\t65534\t65534\t65534');
    expect(readStatusField(zoo.nobody, 'Gid')).toBe('65534\t65534\t65534\t65534');
    expect(readStatusField(zoo.nobody, 'Groups')).toBe('');
  });

  it('has a process on a pseudo-terminal', () => {
    const child = readStat(zoo.pty.child)!;
    expect(zoo.pty.tty).toMatch(/^pts\/\d+$/);
    expect(child.ppid).toBe(zoo.pty.script);
    expect(child.ttyNr).toBe(zoo.pty.ttyNr);
    expect(child.ttyNr >> 8).toBeGreaterThanOrEqual(136); // Unix98 pty majors are 136-143
    expect(child.session).toBe(zoo.pty.child);
    expect(readStat(zoo.pty.script)?.ttyNr).toBe(0);
  });

  it('has awkward command names', () => {
    expect(readComm(zoo.spacedName.pid)?.toString()).toBe('odd (name) x');
    expect(readStat(zoo.spacedName.pid)?.comm.toString()).toBe('odd (name) x');
    expect(readComm(zoo.longName.pid)?.toString()).toBe('averyveryverylo');
    expect(zoo.longName.comm).toBe('averyveryverylo');
    expect(readFileSync(`/proc/${zoo.longName.pid}/cmdline`, 'utf8')).toBe(`${zoo.longName.exe}\x00100000\x00`);
    expect(readComm(zoo.hostileName.pid)).toEqual(Buffer.from([0x7a, 0x71, 0x01, 0xc3, 0xa9]));
  });

  it('has threads with names of their own', () => {
    const { pid, comms } = zoo.namedThreads;
    const names = readdirSync(`/proc/${pid}/task`).map((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/comm`).subarray(0, -1),
    );
    expect(names).toEqual(expect.arrayContaining([Buffer.from('perl'), ...comms]));
    expect(comms.at(-1)?.at(-1)).toBe(0xc3); // cut inside é
    expect(readComm(pid)?.toString()).toBe('perl');
  });

  it('has processes that rewrote their argument area', () => {
    const { short, long } = zoo.retitled;
    expect(readFileSync(`/proc/${short.pid}/cmdline`, 'utf8')).toBe(`${short.title}\0`);
    // The long title ran over the argument area into the environment's.
    expect(long.title.length).toBeGreaterThan(300);
    expect(readFileSync(`/proc/${long.pid}/cmdline`, 'utf8')).toContain(long.title.slice(0, 100));
    expect(readFileSync(`/proc/${long.pid}/environ`, 'latin1')).toContain('zoo: long title');
  });

  it('has names cut inside a multi-byte character', () => {
    for (const { pid, comm } of zoo.cutNames) {
      expect(readComm(pid)).toEqual(comm);
      expect(comm).toHaveLength(15);
      expect(comm.toString()).toContain('\ufffd');
    }
  });

  it('has hostile arguments', () => {
    expect(readCmdline(zoo.hostileArgs.pid)).toEqual(zoo.hostileArgs.argv);
  });

  it('has a family', () => {
    const { parent, children, sleepers, middle, grandchild } = zoo.family;
    expect(childrenOf(parent).sort()).toEqual([...children].sort());
    expect(sleepers).toHaveLength(3);
    for (const pid of sleepers) expect(readComm(pid)?.toString()).toBe('sleep');
    expect(readComm(middle)?.toString()).toBe('sh');
    expect(childrenOf(middle)).toEqual([grandchild]);
  });

  it('holds files open', () => {
    const { pid, cwd, read, write, deleted, fifo } = zoo.files;
    const targets = [...fdTargets(pid).values()];
    expect(targets).toEqual(expect.arrayContaining([read, write, `${deleted} (deleted)`, fifo]));
    expect(existsSync(deleted)).toBe(false);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(statSync(`/proc/${pid}/cwd`).ino).toBe(statSync(cwd).ino);
  });

  it('holds sockets', () => {
    const { pid, tcpPort, tcp6Port, udpPort, unixPath } = zoo.sockets;
    const [tcp] = netLines('tcp', pid);
    expect(tcp).toContain(`0100007F:${hexPort(tcpPort)} 00000000:0000 0A`); // 0A: LISTEN
    const [tcp6] = netLines('tcp6', pid);
    expect(tcp6).toContain(`00000000000000000000000001000000:${hexPort(tcp6Port)}`);
    expect(netLines('udp', pid)[0]).toContain(`0100007F:${hexPort(udpPort)}`);
    const unix = netLines('unix', pid).find((line) => line.endsWith(` ${unixPath}`));
    expect(unix).toMatch(/ 00010000 0001 01 /); // listening stream socket
  });

  it('has an established TCP pair', () => {
    const { server, client, serverPort, clientPort } = zoo.tcpPair;
    const local = (port: number) => `0100007F:${hexPort(port)}`;
    const [serverLine, ...more] = netLines('tcp', server);
    expect(more).toEqual([]);
    expect(serverLine).toContain(`${local(serverPort)} ${local(clientPort)} 01`); // 01: ESTABLISHED
    expect(netLines('tcp', client)[0]).toContain(`${local(clientPort)} ${local(serverPort)} 01`);
  });

  it('can be compared on', async () => {
    const pids = zoo.pids.join(',');
    const fields = 'pid,ppid,stat,ni,user,tty,nlwp,comm,args';
    expectSame(
      await compare(['ps', '-o', fields, '-p', pids], ['tps', '-o', fields, '-p', pids], { ourBin: '/usr/bin/ps' }),
    );
    // Each side's own line differs in `ps -e`; keeping the zoo's lines only makes them comparable.
    // (Not `ps -ef`: its C column, CPU use over lifetime, still moves for processes this young.)
    const all = ['-e', '-o', 'user,pid,ppid,tty,args'];
    const cmp = await compare(['ps', ...all], ['tps', ...all], { ourBin: '/usr/bin/ps', filterPids: zoo.pids });
    expectSame(cmp);
    expect(cmp.reference.stdout.split('\n')).toHaveLength(zoo.pids.length + 2);
  });

  it('stop() leaves nothing behind, twice', async () => {
    await zoo.stop();
    await zoo.stop();
    await waitFor(() => !zoo.pids.some(exists), 'zoo pids to vanish', 500).catch(() => {});
    expect(zoo.pids.filter(exists).map((pid) => `${pid} ${state(pid)}`)).toEqual([]);
    expect(existsSync(zoo.dir)).toBe(false);
  });
});

describe('compare', () => {
  const self = String(process.pid);

  it('reports equal runs as equal', async () => {
    const cmp = await compare(['ps', '-o', 'pid,ppid,comm', '-p', self], ['tps', '-o', 'pid,ppid,comm', '-p', self], {
      ourBin: '/usr/bin/ps',
    });
    expectSame(cmp);
    expect(cmp.diff).toBe('');
    expect(cmp.reference.stdout).toMatch(/^ +PID +PPID COMMAND\n/);
  });

  it('reports a difference readably', async () => {
    const cmp = await compare(['ps', '-o', 'pid', '-p', self], ['tps', '-o', 'ppid', '-p', self], {
      ourBin: '/usr/bin/ps',
    });
    expect(cmp.equal).toBe(false);
    expect(cmp.diff).toMatch(/^--- reference stdout\n\+\+\+ ours stdout\n- +PID\n/);
    expect(cmp.diff).toMatch(new RegExp(`^\\+ *${process.ppid}$`, 'm'));
    expect(() => expectSame(cmp)).toThrow(/outputs differ/);
  });

  it('gives the reference name to ours in stderr, and compares statuses', async () => {
    const cmp = await compare(['ps', '--bogus'], ['tps', '--bogus'], { ourBin: '/usr/bin/ps' });
    expect(cmp.reference.status).toBe(1);
    expect(cmp.reference.stderr).toContain('tps [options]');
    // Our side is the reference too, so its stderr still says ps.
    expect(cmp.diff).toContain('+ ps [options]');
    expect(renameProgram('/usr/bin/kill: oops; kill(1) pkill', '/usr/bin/kill', 'tkill')).toBe(
      'tkill: oops; tkill(1) pkill',
    );
    const status = await compare(['true'], ['false'], { ourBin: '/usr/bin/false' });
    expect(status.diff).toBe('exit: reference status 0, ours status 1');
  });

  it('uses the documented environment', async () => {
    const cmp = await compare(['env'], ['tenv'], { ourBin: '/bin/true', env: { EXTRA: 'x', HOME: undefined } });
    const vars = cmp.reference.stdout.split('\n').map((line) => line.replace(/=.*/, ''));
    expect(cmp.reference.stdout).toMatch(/^LANG=C\.UTF-8$/m);
    expect(cmp.reference.stdout).toMatch(/^EXTRA=x$/m);
    for (const unset of ['LC_ALL', 'COLUMNS', 'HOME']) expect(vars).not.toContain(unset);
  });

  it('keeps invalid bytes distinct', () => {
    expect(decode(Buffer.from([0x61, 0xff, 0xc3, 0xa9]))).toBe('a\udcffé');
    expect(decode(Buffer.from([0xc3]))).not.toBe(decode(Buffer.from([0xc4])));
    expect(lineDiff('a\x01\n', 'a\udcff')).toBe('--- reference\n+++ ours\n-a\\x01\n+a\\xff⏎ (no newline at end)');
  });

  it('drops only the lines of other processes, by a named rule', () => {
    const ps = '  PID  PPID CMD\n    1     0 init\n   20     1 a b\n  300    20 x\n';
    expect(keepZooLines(ps, [1, 300])).toBe('  PID  PPID CMD\n    1     0 init\n  300    20 x\n');
    const ef =
      'UID          PID    PPID  C STIME TTY          TIME CMD\nroot           1       0  0 08:33 ?        00:00:00 init\nsomeverylonguser 7 1  0 08:33 ? 00:00:00 x\n';
    expect(keepZooLines(ef, [7]).split('\n')[1]).toBe('someverylonguser 7 1  0 08:33 ? 00:00:00 x');
    expect(keepZooLines('12 sleep\n13 sh\n', [13])).toBe('13 sh\n');
    // Repeated and blank headers (ps --headers) are kept: they cannot be attributed to a process.
    expect(keepZooLines('     \n   12\n   13\n     \n   14\n', [13])).toBe('     \n   13\n     \n');
    // Thread lines (PID -) go with the process line above them.
    const m = '  PID   TID\n   12     -\n    -    12\n   13     -\n    -    13\n    -    15\n';
    expect(keepZooLines(m, [13])).toBe('  PID   TID\n   13     -\n    -    13\n    -    15\n');
    // Lines without a pid (pgrep -d's joined list) are kept.
    expect(keepZooLines('12,13\n', [13])).toBe('12,13\n');
    expect(Object.keys(DROP_RULES)).toEqual(['otherProcess', 'threadOfOtherProcess']);
    expect(dropOwnLines('a\nps -ef\nb\n', (l) => l.endsWith('ps -ef'))).toBe('a\nb\n');
  });
});

describe('pid namespace', () => {
  const script = `
victim doomed; a=$last; victim doomed; b=$last; victim spared
"$@" -TERM $a $b
echo "status $?"
report
`;

  it('runs a killer against its own victims', async () => {
    const r = await runInPidNamespace(script, ['/usr/bin/kill']);
    expect(r.stdout).toMatch(/^status 0\n(\d+) doomed signal 15\n(\d+) doomed signal 15\n(\d+) spared alive\n$/);
    expect(r.status).toBe(0);
  });

  it('compares two killers', async () => {
    expectSame(await compareInPidNs(script, ['/usr/bin/kill'], ['tkill'], { ourBin: '/usr/bin/kill' }));
    const cmp = await compareInPidNs(`victim x\n"$@" $last\nreport`, ['/usr/bin/kill'], ['tkill', '-STOP'], {
      ourBin: '/usr/bin/kill',
    });
    expect(cmp.diff).toMatch(/^-(\d+) x signal 15\n\+\1 x stopped$/m);
  });
});

describe('victims', () => {
  it('reports how each victim ended', async () => {
    const victims = await startVictims(3, { name: 'victim with a long name' });
    try {
      const [first, second] = victims.pids;
      expect(readComm(first!)?.toString()).toBe('victim with a l');
      expect(readStat(first!)?.session).toBe(first);
      process.kill(first!, 'SIGTERM');
      process.kill(second!, 'SIGKILL');
      const [a, b, c] = await victims.outcomes(100);
      expect(a).toEqual({ code: null, signal: 'SIGTERM' });
      expect(b).toEqual({ code: null, signal: 'SIGKILL' });
      expect(c).toBeUndefined();
    } finally {
      await victims.stop();
    }
    expect(victims.pids.filter(exists)).toEqual([]);
  });
});
