import { writeFileSync } from 'node:fs';
import { type CommandIo, ProcFs, StringOutput } from '@tproc/core';
import { fakeProcessFiles, fakeStat, procTree } from '@tproc/core/testing';
import { SyscallError } from '@tproc/syscalls';
import { describe, expect, it } from 'vitest';
import { parseAge } from './age.ts';
import { main } from './main.ts';
import { parseOptions, parseSignal, signalList } from './options.ts';

function io(): CommandIo & { out: StringOutput; err: StringOutput } {
  const out = new StringOutput();
  const err = new StringOutput();
  return { argv0: 'tkillall', env: {}, stdout: out, stderr: err, stdoutIsTty: false, out, err };
}

const gone = (): never => {
  throw new SyscallError('pidfd_send_signal', 'ESRCH');
};

const HOST = { clockTicks: 100, pageSize: 4096, bootTime: 1_000_000 };

function tree() {
  return procTree({
    ...fakeProcessFiles({ pid: 10, comm: 'sleep', starttime: 500, cmdline: ['sleep', '100'] }),
    ...fakeProcessFiles({ pid: 11, comm: 'sleep', starttime: 600, cmdline: ['sleep', '100'] }),
    ...fakeProcessFiles({ pid: 12, comm: 'averyveryverylo', starttime: 700, cmdline: ['foo'] }),
    self: { link: '99' },
  });
}

describe('tkillall main', () => {
  it('signals every match in pid order and reports with -v', async () => {
    const t = tree();
    const sent: Array<[number, number]> = [];
    const o = io();
    const status = await main(['-v', '-s', 'HUP', 'sleep'], o, {
      fs: new ProcFs({ procRoot: t.root, host: HOST }),
      kill: (pid, sig) => sent.push([pid, sig]),
    });
    t.remove();
    expect(status).toBe(0);
    expect(sent).toEqual([
      [10, 1],
      [11, 1],
    ]);
    expect(o.err.text()).toBe('Killed sleep(10) with signal 1\nKilled sleep(11) with signal 1\n');
  });

  it('never signals a pid reused between the scan and the signal, and counts it as not found', async () => {
    const t = tree();
    const sent: number[] = [];
    const o = io();
    const status = await main(['-v', 'sleep', 'averyveryverylongname'], o, {
      fs: new ProcFs({ procRoot: t.root, host: HOST }),
      kill: (pid) => sent.push(pid),
      // Pids 10 and 12 exit and new processes take their pids: same pids, later start times.
      afterScan: () => {
        writeFileSync(`${t.root}/10/stat`, fakeStat({ pid: 10, comm: 'sleep', starttime: 9999 }));
        writeFileSync(`${t.root}/12/stat`, fakeStat({ pid: 12, comm: 'averyveryverylo', starttime: 9999 }));
      },
    });
    t.remove();
    expect(sent).toEqual([11]);
    expect(status).toBe(1);
    // Observed (strace): psmisc opens /proc/PID as its scan reaches it; one gone by then is never found.
    expect(o.err.text()).toBe('Killed sleep(11) with signal 15\naveryveryverylongname: no process found\n');
  });

  it('holds the process before -i asks: one that exits meanwhile is ESRCH', async () => {
    const t = tree();
    const sent: number[] = [];
    const o = io();
    let alive = true;
    const status = await main(['-i', 'averyveryverylongname'], o, {
      fs: new ProcFs({ procRoot: t.root, host: HOST }),
      signaller: {
        process: (id) => (alive ? { send: () => (alive ? sent.push(id.pid) : gone()), release: () => {} } : undefined),
        group: () => undefined,
      },
      readLine: () => {
        alive = false;
        return 'y';
      },
    });
    t.remove();
    expect(sent).toEqual([]);
    expect(status).toBe(1);
    expect(o.out.text()).toBe('Kill averyveryverylo(12) ? (y/N) ');
    expect(o.err.text()).toBe('averyveryverylo(12): No such process\naveryveryverylongname: no process found\n');
  });

  it('matches a cut comm by its first 15 bytes, and skips it under -e', async () => {
    const t = tree();
    const sent: number[] = [];
    const fs = new ProcFs({ procRoot: t.root, host: HOST });
    expect(await main(['averyveryverylongname'], io(), { fs, kill: (pid) => sent.push(pid) })).toBe(0);
    const o = io();
    const status = await main(['-ev', 'averyveryverylongname'], o, {
      fs: new ProcFs({ procRoot: t.root, host: HOST }),
      kill: (pid) => sent.push(pid),
    });
    t.remove();
    expect(sent).toEqual([12]);
    expect(status).toBe(1);
    expect(o.err.text()).toBe(
      'tkillall: skipping partial match averyveryverylo(12)\naveryveryverylongname: no process found\n',
    );
  });

  it('asks with -i, reading answers', async () => {
    const t = tree();
    const sent: number[] = [];
    const answers = ['maybe', 'y', 'n'];
    const o = io();
    await main(['-i', 'sleep'], o, {
      fs: new ProcFs({ procRoot: t.root, host: HOST }),
      kill: (pid) => sent.push(pid),
      readLine: () => answers.shift(),
    });
    t.remove();
    expect(sent).toEqual([10]);
    expect(o.out.text()).toBe('Kill sleep(10) ? (y/N) Kill sleep(10) ? (y/N) Kill sleep(11) ? (y/N) ');
  });
});

describe('tkillall options', () => {
  const run = (argv: string[]) => parseOptions(argv, (user) => (user === 'root' ? 0 : undefined));
  it('reads signals the way psmisc does', () => {
    expect(parseSignal('SIGHUP')).toBe(1);
    expect(parseSignal('1x')).toBe(1);
    expect(parseSignal('010')).toBe(10);
    expect(parseSignal('4294967305')).toBe(9);
    expect(() => parseSignal('hup')).toThrow();
    expect(run(['-SEGV', 'x'])).toMatchObject({ kind: 'run', options: { signal: 11, names: ['x'] } });
    expect(run(['-ILL', 'x'])).toMatchObject({ kind: 'run', options: { signal: 4, ignoreCase: false } });
    expect(run(['-I', 'x'])).toMatchObject({ kind: 'run', options: { signal: 15, ignoreCase: true } });
    expect(run(['-vI', 'SLEEP'])).toMatchObject({
      kind: 'exit',
      stderr: 'LEEP: unknown signal; tkillall -l lists signals.\n',
    });
    expect(run(['-vHUP', 'x'])).toMatchObject({ kind: 'exit', status: 1 });
    expect(run(['-user', 'root'])).toMatchObject({ kind: 'run', options: { user: 'root', names: [] } });
    expect(run(['-ve', 'x'])).toMatchObject({ kind: 'run', options: { verbose: true, exact: true } });
  });
  it('lists signals 16 to a line', () => {
    expect(signalList().split('\n')[0]).toBe(
      'HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT',
    );
  });
  it('takes ages as a positive whole number and a unit', () => {
    expect(parseAge('2m')).toBe(120);
    expect(parseAge('1ss')).toBe(1);
    expect(parseAge('1.5m')).toBeUndefined();
    expect(parseAge('0s')).toBeUndefined();
    expect(parseAge('10')).toBeUndefined();
  });
});
