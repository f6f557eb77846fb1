import { type CommandIo, ProcFs, StringOutput } from '@tproc/core';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { argumentPieces, writeArguments } from './args.ts';
import { main } from './main.ts';

const tree = procTree({
  ...fakeProcessFiles({ pid: 1, comm: 'init', ppid: 0 }),
  ...fakeProcessFiles({ pid: 10, comm: 'sh', ppid: 1, cmdline: ['sh', '-c', 'x'] }),
  ...fakeProcessFiles({ pid: 11, comm: 'sleep', ppid: 10 }),
  ...fakeProcessFiles({ pid: 12, comm: 'sleep', ppid: 10 }),
  ...fakeProcessFiles({ pid: 13, comm: 'bash', ppid: 10 }),
  ...fakeProcessFiles({ pid: 14, comm: 'cat', ppid: 13 }),
  ...fakeProcessFiles({ pid: 15, comm: 'bash', ppid: 10 }),
  ...fakeProcessFiles({ pid: 16, comm: 'cat', ppid: 15 }),
  ...fakeProcessFiles({ pid: 20, comm: 'zq\x01', ppid: 1 }),
  uptime: '1000.00 2000.00\n',
  self: { link: '11' },
});
afterAll(() => tree.remove());
const fs = (): ProcFs => new ProcFs({ procRoot: tree.root, etcRoot: tree.root });

function run(...argv: string[]): { out: string; err: string; status: number } {
  const stdout = new StringOutput();
  const stderr = new StringOutput();
  const io: CommandIo = { argv0: 'tpstree', env: {}, stdout, stderr, stdoutIsTty: false };
  const status = main(argv, io, { fs: fs() });
  return Promise.resolve(status).then((s) => ({ out: stdout.text(), err: stderr.text(), status: s })) as never;
}

describe('tree building and compaction', () => {
  it('merges identical siblings and identical subtrees', async () => {
    expect((await run()).out).toBe('init-+-sh-+-2*[bash---cat]\n     |    `-2*[sleep]\n     `-zq\\001\n');
  });
  it('-p shows every process, siblings by name then pid', async () => {
    expect((await run('-p', '10')).out).toBe(
      'sh(10)-+-bash(13)---cat(14)\n       |-bash(15)---cat(16)\n       |-sleep(11)\n       `-sleep(12)\n',
    );
  });
  it('-n sorts by pid and still compacts', async () => {
    expect((await run('-n', '10')).out).toBe('sh-+-2*[sleep]\n   `-2*[bash---cat]\n');
  });
  it('-s shows the ancestors', async () => {
    expect((await run('-s', '14')).out).toBe('init---sh---bash---cat\n');
  });
  it('an unknown pid prints nothing, or fails with -s', async () => {
    expect(await run('99')).toEqual({ out: '', err: '', status: 0 });
    expect(await run('-s', '99')).toEqual({ out: '', err: 'Process 99 not found.\n', status: 1 });
  });
  it('cuts lines with a +', async () => {
    const stdout = new StringOutput();
    const io: CommandIo = {
      argv0: 'tpstree',
      env: { COLUMNS: '8' },
      stdout,
      stderr: new StringOutput(),
      stdoutIsTty: false,
    };
    await main(['10'], io, { fs: fs() });
    expect(stdout.text()).toBe('sh-+-2*+\n   `-2*+\n');
  });
});

describe('arguments', () => {
  it('counts arguments as pstree does', () => {
    const split = (s: string, w?: number) =>
      argumentPieces(Buffer.from(s, 'latin1'), w).map((b) => b.toString('latin1'));
    expect(split('p\0a\0b\0')).toEqual(['p', 'a', 'b', '']);
    expect(split('p\0\0\0b\0')).toEqual(['p', '', '']);
    expect(split('p\0abcdef\0', 5)).toEqual(['p', 'abc']);
  });
  it('reads 8192 bytes of a longer cmdline with -l; the last cut piece follows without a space', () => {
    const shown = (s: string) => {
      let text = '';
      const out = {
        count: 0,
        text: (t: string) => {
          text += t;
          out.count += t.length;
        },
      };
      writeArguments(out, argumentPieces(Buffer.from(s, 'latin1'), undefined), undefined);
      return text;
    };
    const tail = (s: string) => shown(s).replace(/a+/, '<a>');
    // 2 + 8182 + 9 = 8193 bytes: the read ends with `e`, one byte short of its NUL.
    expect(tail(`p\0${'a'.repeat(8182)}\0b\0c\0d\0e\0`)).toBe(' <a> b c de');
    // 8194 bytes: the read ends with `d`'s NUL, so `e` is not seen.
    expect(tail(`p\0${'a'.repeat(8183)}\0b\0c\0d\0e\0`)).toBe(' <a> b c d');
    expect(tail(`p\0x\0${'a'.repeat(9000)}\0b\0`)).toBe(' x<a>');
  });
});

describe('-N TYPE', () => {
  const ns = (pid: number, net: number) => ({ [`${pid}/ns/net`]: { link: `net:[${net}]` } });
  const nsTree = procTree({
    self: { link: '1' },
    ...fakeProcessFiles({ pid: 1, comm: 'init', ppid: 0 }),
    ...ns(1, 100),
    ...fakeProcessFiles({ pid: 2, comm: 'sh', ppid: 1 }),
    ...ns(2, 200),
    ...fakeProcessFiles({ pid: 3, comm: 'sleep', ppid: 2 }),
    ...ns(3, 200),
    ...fakeProcessFiles({ pid: 4, comm: 'sleep', ppid: 2 }),
    ...ns(4, 100),
    ...fakeProcessFiles({ pid: 5, comm: 'cat', ppid: 1 }),
    ...ns(5, 100),
    // A zombie: its ns links are gone.
    ...fakeProcessFiles({ pid: 6, comm: 'zomb', ppid: 5 }),
    ...fakeProcessFiles({ pid: 7, comm: 'a', ppid: 1 }),
    ...ns(7, 300),
  });
  afterAll(() => nsTree.remove());

  async function runNs(env: Record<string, string>, ...argv: string[]) {
    const stdout = new StringOutput();
    const stderr = new StringOutput();
    const io: CommandIo = { argv0: 'tpstree', env, stdout, stderr, stdoutIsTty: false };
    const status = await main(argv, io, { fs: new ProcFs({ procRoot: nsTree.root, etcRoot: nsTree.root }) });
    return { out: stdout.text(), err: stderr.text(), status };
  }

  it('cuts each process whose namespace differs from its parent into the section of its namespace', async () => {
    expect((await runNs({}, '-N', 'net', '-p')).out).toBe(
      '[100]\ninit(1)---cat(5)\nsleep(4)\n[300]\na(7)\n[0]\nzomb(6)\n[200]\nsh(2)---sleep(3)\n',
    );
  });
  it('orders sections as a walk of the sorted tree meets them, and ignores a PID operand', async () => {
    expect((await runNs({}, '-N', 'net', '-pn', '5')).out).toBe(
      '[100]\ninit(1)---cat(5)\nsleep(4)\n[200]\nsh(2)---sleep(3)\n[0]\nzomb(6)\n[300]\na(7)\n',
    );
  });
  it('with -s, starts from the ancestors of the PID operand', async () => {
    expect((await runNs({}, '-N', 'net', '-sp', '2')).out).toBe('[100]\ninit(1)\nsleep(4)\n[200]\nsh(2)---sleep(3)\n');
  });
  it('counts the header as part of the line that follows it when cutting', async () => {
    expect((await runNs({ COLUMNS: '8' }, '-N', 'net', '2')).out.split('\n').slice(0, 2)).toEqual(['[100]', 'i+']);
    // The header's newline is the 6th column: cut, so the tree's first line runs on, hidden.
    expect((await runNs({ COLUMNS: '6' }, '-N', 'net', '2')).out.split('\n').slice(0, 2)).toEqual(['[100]+', 'sleep']);
  });
  it('fails when its own ns link cannot be read', async () => {
    const stdout = new StringOutput();
    const stderr = new StringOutput();
    const io: CommandIo = { argv0: 'tpstree', env: {}, stdout, stderr, stdoutIsTty: false };
    const status = await main(['-N', 'uts', '-X'], io, { fs: new ProcFs({ procRoot: nsTree.root }) });
    expect({ status, err: stderr.text() }).toEqual({ status: 1, err: 'procfs file for uts namespace not available\n' });
  });
});

describe('escapes past the cut', () => {
  it('keeps the pair of a name that starts just after the +', async () => {
    const stdout = new StringOutput();
    const io: CommandIo = {
      argv0: 'tpstree',
      env: { COLUMNS: '4', TERM: 'xterm' },
      stdout,
      stderr: new StringOutput(),
      stdoutIsTty: false,
    };
    await main(['-C', 'age', '10'], io, {
      fs: new ProcFs({
        procRoot: tree.root,
        etcRoot: tree.root,
        host: { clockTicks: 100, pageSize: 4096, bootTime: 0 },
      }),
    });
    const shown = stdout
      .text()
      .replace(/\x1b\[3[123]m/g, '<')
      .replace(/\x1b\[0m/g, '>');
    expect(shown).toBe('<sh>-+<>\n   +<>\n');
  });
});
