import { type CommandIo, StringOutput } from '@tproc/core';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { argumentPieces } from './args.ts';
import { escapeBytes } from './escape.ts';
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
});
afterAll(() => tree.remove());

function run(...argv: string[]): { out: string; err: string; status: number } {
  const stdout = new StringOutput();
  const stderr = new StringOutput();
  const io: CommandIo = { argv0: 'tpstree', env: {}, stdout, stderr, stdoutIsTty: false };
  const status = main(argv, io, { procRoot: tree.root, etcRoot: tree.root, selfPid: 11 });
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
    await main(['10'], io, { procRoot: tree.root, etcRoot: tree.root });
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
  it('escapes bytes as octal', () => {
    expect(escapeBytes(Buffer.from('a\\b\x01\x7fé'))).toBe('a\\\\b\\001\\177\\303\\251');
  });
});
