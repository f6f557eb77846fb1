import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandIo, ProcFs, StringOutput } from '@tproc/core';
import { type FixtureEntry, fakeProcessFiles, procTree } from '@tproc/core/testing';
import { describe, expect, it } from 'vitest';
import { bunPath } from '../../../scripts/bun.mjs';
import { GATHER_READS } from './gather.ts';
import { main, mayNameBy } from './main.ts';

function io(): CommandIo & { out: StringOutput; err: StringOutput } {
  const out = new StringOutput();
  const err = new StringOutput();
  return { argv0: 'tlsof', env: {}, stdout: out, stderr: err, stdoutIsTty: false, out, err };
}

/** Processes 100-119 (sleep, cat, sleep, ...): their files, loadavg counting 20 threads. */
function processFiles(): Record<string, FixtureEntry> {
  const files: Record<string, FixtureEntry> = { self: { link: '99' }, loadavg: '0.00 0.00 0.00 1/20 119\n' };
  for (let i = 0; i < 20; i++) {
    const pid = 100 + i;
    Object.assign(files, fakeProcessFiles({ pid, comm: i % 2 ? 'cat' : 'sleep' }), {
      [`${pid}/cwd`]: { link: '/' },
      [`${pid}/fd/0`]: { link: '/dev/null' },
      [`${pid}/maps`]: '',
    });
  }
  return files;
}

/** Processes 100-119 (sleep, cat, sleep, ...), and what each walk's reader thread was asked to read. */
async function run(argv: string[], edit: (files: Record<string, FixtureEntry>) => void = () => {}) {
  const files = processFiles();
  edit(files);
  const tree = procTree(files);
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

describe('tlsof -c: comms passed over by their bytes', () => {
  const comm = (text: string) => {
    const data = Buffer.from(`xx${text}\n`, 'latin1');
    return [data, 2, data.length] as const;
  };
  it('keeps what an included prefix may begin, and what stat must name (empty, parentheses)', () => {
    const wanted = mayNameBy({
      commands: [
        { prefix: 'cat', text: 'cat', exclude: false },
        { prefix: 'sl', text: '^sl', exclude: true },
        { prefix: 'n\u00e9', text: 'n\u00e9', exclude: false },
      ],
    });
    expect(wanted).toBeDefined();
    const ok = (text: string) => wanted?.(...comm(text));
    expect(['cat', 'cp', 'node', '', 'a(b', 'b)', ')'].map(ok)).toEqual([true, true, true, true, true, true, true]);
    expect(['sleep', 'bash', 'Cat'].map(ok)).toEqual([false, false, false]);
  });

  it("keeps every comm when a regular expression is included, none but stat's with none included", () => {
    const regex = { test: () => true, source: 'x' } as never;
    expect(mayNameBy({ commands: [{ regex, regexSource: 'x', text: '/x/', exclude: false }] })).toBeUndefined();
    const excluded = mayNameBy({ commands: [{ prefix: 'cat', text: '^cat', exclude: true }] });
    expect(excluded?.(...comm('cat'))).toBe(false);
    expect(excluded?.(...comm(''))).toBe(true);
  });

  // Under Bun, comms read on two threads (loadavg's 20 threads against from: 2) and passed over by
  // their bytes: the processes -c lists, and how many comms were passed over.
  const SCRIPT = `
import { ProcFs, StringOutput } from '${new URL('../../core/src/index.ts', import.meta.url).pathname}';
import { main } from '${new URL('./main.ts', import.meta.url).pathname}';
const [root, ...argv] = process.argv.slice(2);
const fs = new ProcFs({ procRoot: root, readAhead: { from: 2 } });
let passed = -1;
const read = fs.pidsWithTexts.bind(fs);
fs.pidsWithTexts = (name, slot, wanted) => {
  const listing = read(name, slot, wanted);
  passed = listing.texts.filter((text) => text === undefined).length;
  return listing;
};
const out = new StringOutput();
const err = new StringOutput();
const io = { argv0: 'tlsof', env: {}, stdout: out, stderr: err, stdoutIsTty: false };
const status = await main(argv, io, { fs });
console.log(JSON.stringify({ status, out: out.text(), err: err.text(), passed }));
`;
  function runUnderBun(argv: string[], edit: (files: Record<string, FixtureEntry>) => void) {
    const files = processFiles();
    edit(files);
    const tree = procTree(files);
    const dir = mkdtempSync(join(tmpdir(), 'tproc-tlsof-'));
    try {
      writeFileSync(join(dir, 'script.ts'), SCRIPT);
      const r = spawnSync(bunPath(), [join(dir, 'script.ts'), tree.root, ...argv], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { status: number; out: string; err: string; passed: number };
    } finally {
      rmSync(dir, { recursive: true, force: true });
      tree.remove();
    }
  }
  const listed = (out: string) => [
    ...new Set(out.split('\n').flatMap((l) => (l.startsWith('cat ') ? [Number(l.split(/ +/)[1])] : []))),
  ];

  it.each([
    [
      'comm decides',
      (files: Record<string, FixtureEntry>) => (files['103/comm'] = 'sleep\n'),
      [101, ...range(105, 119, 2)],
      11,
    ],
    [
      'a parenthesis: stat decides',
      (files: Record<string, FixtureEntry>) => (files['103/comm'] = 'sl(eep\n'),
      range(101, 119, 2),
      10,
    ],
    [
      "')' after a zombie and a comm passed over",
      (files: Record<string, FixtureEntry>) => {
        Object.assign(files, fakeProcessFiles({ pid: 104, comm: 'zzz', state: 'Z' }));
        Object.assign(files, fakeProcessFiles({ pid: 105, comm: ')' }));
      },
      range(101, 119, 2),
      10,
    ],
    [
      "')' after comms passed over, stat's name before them",
      (files: Record<string, FixtureEntry>) => {
        Object.assign(files, fakeProcessFiles({ pid: 101, comm: 'cat(' }));
        files['103/comm'] = 'sleep\n';
        Object.assign(files, fakeProcessFiles({ pid: 104, comm: 'zzz', state: 'Z' }));
        Object.assign(files, fakeProcessFiles({ pid: 105, comm: ')' }));
      },
      range(105, 119, 2),
      11,
    ],
  ])('lists as on Node where comms are passed over (%s)', async (_, edit, pids, passed) => {
    const bun = runUnderBun(['-c', 'cat'], edit);
    const node = await run(['-c', 'cat'], edit);
    expect(bun).toMatchObject({ status: 0, err: '', passed });
    expect(listed(bun.out)).toEqual(pids);
    // Each ran on a fixture tree of its own.
    const rooted = (out: string) => out.replace(/\/[^ ]*tproc-fixture-[^/]+/g, 'ROOT');
    expect(rooted(bun.out)).toBe(rooted(node.out));
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
