import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandIo, ProcFs, StringOutput } from '@tproc/core';
import { type FixtureEntry, fakeProcessFiles, procTree } from '@tproc/core/testing';
import { describe, expect, it } from 'vitest';
import { GATHER_READS } from './gather.ts';
import { main } from './main.ts';

function io(): CommandIo & { out: StringOutput; err: StringOutput } {
  const out = new StringOutput();
  const err = new StringOutput();
  return { argv0: 'tlsof', env: {}, stdout: out, stderr: err, stdoutIsTty: false, out, err };
}

/** Processes 100-119 (sleep, cat, sleep, ...), and what each walk's reader thread was asked to read. */
async function run(argv: string[], edit: (files: Record<string, FixtureEntry>) => void = () => {}) {
  const files: Record<string, FixtureEntry> = {};
  for (let i = 0; i < 20; i++) {
    const pid = 100 + i;
    Object.assign(files, fakeProcessFiles({ pid, comm: i % 2 ? 'cat' : 'sleep' }), {
      [`${pid}/cwd`]: { link: '/' },
      [`${pid}/fd/0`]: { link: '/dev/null' },
      [`${pid}/maps`]: '',
    });
  }
  edit(files);
  const tree = procTree({ ...files, self: { link: '99' } });
  const jobs: { pids: number[]; names: string[] }[] = [];
  // A thread that reads nothing and is done at once (Control.Finished): the visits read it all.
  const start = (job: { pids: Int32Array; names: string[]; control: Int32Array }) => {
    jobs.push({ pids: [...job.pids], names: [...job.names] });
    Atomics.store(job.control, 2, 1);
    return true;
  };
  const o = io();
  try {
    const status = await main(argv, o, { fs: new ProcFs({ procRoot: tree.root, readAhead: { start, from: 2 } }) });
    return { status, out: o.out.text(), err: o.err.text(), jobs };
  } finally {
    tree.remove();
  }
}

const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('tlsof walks', () => {
  const listedPids = (out: string, command = 'cat') => [
    ...new Set(out.split('\n').flatMap((l) => (l.startsWith(`${command} `) ? [Number(l.split(/ +/)[1])] : []))),
  ];

  it('-c reads every comm first, then stat and files of only the processes it chose', async () => {
    // 103's comm says sleep, its stat cat: comm decides (the kernel gives both the same name).
    const { status, out, err, jobs } = await run(['-c', 'cat'], (files) => {
      files['103/comm'] = 'sleep\n';
    });
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(listedPids(out)).toEqual([101, ...range(105, 119, 2)]);
    // comm is read for all at once (ProcFs.pidsWithTexts); a walk's reader starts after the first
    // LEARN (8) visits, on the pids past them.
    expect(jobs).toEqual([{ pids: [119], names: ['stat', ...GATHER_READS] }]);
  });

  it('-c reads stat where comm holds a parenthesis', async () => {
    const { out } = await run(['-c', 'cat'], (files) => {
      files['103/comm'] = 'sl(eep\n';
    });
    expect(listedPids(out)).toEqual(range(101, 119, 2));
  });

  it("-c shows a process named ')' with the command before it, a zombie's passed over", async () => {
    // observed: lsof names it after the last process it read whose stat it kept (zombies are not).
    const { out } = await run(['-c', 'cat'], (files) => {
      Object.assign(files, fakeProcessFiles({ pid: 104, comm: 'zzz', state: 'Z' }));
      Object.assign(files, fakeProcessFiles({ pid: 105, comm: ')' }));
    });
    expect(listedPids(out)).toEqual(range(101, 119, 2));
  });

  it('-c with -u reads every stat (and owner) first', async () => {
    const { status, out, err, jobs } = await run(['-c', 'cat', '-u', '0', '-a']);
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(listedPids(out)).toEqual(range(101, 119, 2));
    expect(jobs).toEqual([
      { pids: range(108, 119), names: ['stat'] },
      { pids: [117, 119], names: GATHER_READS },
    ]);
  });

  it('a listing of every process reads stat and what gather reads, in one walk', async () => {
    const { status, jobs } = await run(['-nP']);
    expect(status).toBe(0);
    expect(jobs).toEqual([{ pids: range(108, 119), names: ['stat', ...GATHER_READS] }]);
  });
});

describe('tlsof -p and /proc/locks', () => {
  /**
   * tlsof ARGS where 101's fds 3 and 4 are two opens of a file x, fd 3's fdinfo as given;
   * /proc/locks says 101 holds a write lock on the whole of x. The FD column of fds 3 and 4.
   */
  async function fdColumns(args: string[], fdinfo3: string): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), 'tproc-locked-'));
    const x = join(dir, 'x');
    writeFileSync(x, 'x');
    const tree = procTree({
      ...fakeProcessFiles({ pid: 101, comm: 'cat' }),
      '101/cwd': { link: '/' },
      '101/maps': '',
      '101/fd/3': { link: x },
      '101/fd/4': { link: x },
      '101/fdinfo/3': fdinfo3,
      '101/fdinfo/4': 'pos:\t0\nflags:\t02\n',
      self: { link: '99' },
    });
    try {
      const fs = new ProcFs({ procRoot: tree.root });
      const { dev, ino } = fs.stat(x);
      const hex = (n: number) => n.toString(16).padStart(2, '0');
      writeFileSync(
        `${tree.root}/locks`,
        `1: FLOCK  ADVISORY  WRITE 101 ${hex(dev.major)}:${hex(dev.minor)}:${ino} 0 EOF\n`,
      );
      const o = io();
      expect(await main(args, o, { fs })).toBe(0);
      expect(o.err.text()).toBe('');
      return o.out
        .text()
        .split('\n')
        .flatMap((line) => (line.endsWith(x) ? [line.split(/ +/)[3] ?? ''] : []));
    } finally {
      tree.remove();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('reads it once an fdinfo shows a lock, and marks every descriptor of the file', async () => {
    const held = 'pos:\t0\nflags:\t02\nlock:\t1: FLOCK  ADVISORY  WRITE 101 00:00:1 0 EOF\n';
    expect(await fdColumns(['-p', '101'], held)).toEqual(['3uW', '4uW']);
  });

  // The lock lsof would show (its /proc/locks by pid and inode), taken through a description 101
  // no longer holds: not seen (Inspector.locksFromFdinfo).
  it("leaves it unread when no fdinfo of a selection's files shows a lock", async () => {
    expect(await fdColumns(['-p', '101'], 'pos:\t0\nflags:\t02\n')).toEqual(['3u', '4u']);
    expect(await fdColumns(['-c', 'cat'], 'pos:\t0\nflags:\t02\n')).toEqual(['3u', '4u']);
  });

  it('reads it from the start for a whole listing', async () => {
    expect(await fdColumns([], 'pos:\t0\nflags:\t02\n')).toEqual(['3uW', '4uW']);
  });
});
