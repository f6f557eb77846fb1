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
