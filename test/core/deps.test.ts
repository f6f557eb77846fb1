// One way in: every command's main(argv, io, deps) takes the same CommandDeps, so a test runs any
// of them in-process on a fixture /proc the same way. Each case shows that the command read the
// fixture (a process that exists only there), not the real /proc.
import { type CommandDeps, type CommandIo, type Main, ProcFs, StringOutput } from '@tproc/core';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { main as tkill } from '@tproc/tkill';
import { main as tfuser } from '@tproc/tfuser';
import { main as tkillall } from '@tproc/tkillall';
import { pgrep } from '@tproc/tpgrep';
import { main as tpidof } from '@tproc/tpidof';
import { main as tproc } from '@tproc/tproc';
import { main as tps } from '@tproc/tps';
import { main as tpstree } from '@tproc/tpstree';
import { afterAll, describe, expect, it } from 'vitest';

const tree = procTree({
  ...fakeProcessFiles({ pid: 1, comm: 'init', ppid: 0, cmdline: ['/sbin/init'] }),
  ...fakeProcessFiles({ pid: 4242, comm: 'fixturesleep', ppid: 1, cmdline: ['fixturesleep', '5'] }),
  // A cut name with no longer one in its command line: killall -e skips it, saying so.
  ...fakeProcessFiles({ pid: 4243, comm: 'averyveryverylo', ppid: 1, cmdline: ['x'] }),
  '4242/exe': { link: '/nonexistent/fixturesleep' },
  // fuser matches by stat through the link: the fixture's process works in /.
  '4242/cwd': { link: '/' },
  self: { link: '4300' },
  ...fakeProcessFiles({ pid: 4300, comm: 'test', ppid: 1 }),
  stat: 'cpu  1 2 3 4\nbtime 1000000\n',
  uptime: '500.00 900.00\n',
  'sys/kernel/pid_max': '32768\n',
  passwd: 'root:x:0:0:root:/root:/bin/sh\n',
  group: 'root:x:0:\n',
});
afterAll(() => tree.remove());

const deps = (): CommandDeps => ({
  fs: new ProcFs({ procRoot: tree.root, etcRoot: tree.root, host: { clockTicks: 100, pageSize: 4096, bootTime: 1e6 } }),
  now: () => 1e6 + 500,
  terminal: () => ({ cols: 80, rows: 24 }),
  euid: 0,
});

async function run(main: Main, name: string, argv: string[]) {
  const stdout = new StringOutput();
  const stderr = new StringOutput();
  const io: CommandIo = { argv0: name, env: { LANG: 'C.UTF-8' }, stdout, stderr, stdoutIsTty: false };
  const status = await main(argv, io, deps());
  return { out: stdout.text(), err: stderr.text(), status };
}

describe('every command through main(argv, io, deps)', () => {
  it('tps', async () => {
    expect(await run(tps, 'tps', ['-e', '-o', 'pid,comm'])).toEqual({
      out: '  PID COMMAND\n    1 init\n 4242 fixturesleep\n 4243 averyveryverylo\n 4300 test\n',
      err: '',
      status: 0,
    });
  });
  it('tpstree', async () => {
    const r = await run(tpstree, 'tpstree', ['-p']);
    expect(r.out).toBe('init(1)-+-averyveryverylo(4243)\n        |-fixturesleep(4242)\n        `-test(4300)\n');
  });
  it('tpgrep', async () => {
    expect(await run(pgrep, 'tpgrep', ['-a', 'fixture'])).toEqual({ out: '4242 fixturesleep 5\n', err: '', status: 0 });
  });
  it('tpidof', async () => {
    expect(await run(tpidof, 'tpidof', ['fixturesleep'])).toEqual({ out: '4242\n', err: '', status: 0 });
  });
  it('tkillall', async () => {
    expect(await run(tkillall, 'tkillall', ['-e', '-v', 'averyveryverylongname'])).toEqual({
      out: '',
      err: 'tkillall: skipping partial match averyveryverylo(4243)\naveryveryverylongname: no process found\n',
      status: 1,
    });
  });
  it('tfuser', async () => {
    // fuser's spacing: the name padded to 20 columns on stderr, each pid in 6 on stdout.
    expect(await run(tfuser, 'tfuser', ['/'])).toEqual({ out: '  4242', err: `/:${' '.repeat(18)}c\n`, status: 0 });
  });
  it('tproc', async () => {
    expect(await run(tproc, 'tproc', ['ps', '--columns', 'pid,name', '--sort', 'pid', 'fixture'])).toEqual({
      out: ' PID  NAME\n4242  fixturesleep\n',
      err: '',
      status: 0,
    });
  });
  it('tkill (it reads no /proc)', async () => {
    expect((await run(tkill, 'tkill', ['-l', '9'])).out).toBe('KILL\n');
  });
});
