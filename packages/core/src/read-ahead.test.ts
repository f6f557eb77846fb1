import { closeSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isGone } from './errors.ts';
import { ProcFs } from './procfs.ts';
import {
  Control,
  ItemState,
  LEARN,
  parseDescriptors,
  parseSocketLinks,
  SLOT,
  STAT_BYTES,
  type ThreadJob,
  WINDOW,
} from './read-ahead.ts';
import { fakeProcessFiles, type FixtureEntry, type ProcTree, procTree } from './testing/proc-tree.ts';

/**
 * The reader thread's part (reader-thread.ts's C loop), played in turn with the visit: `step(n)`
 * reads the next n items it may, as the thread would between two of the visit's reads.
 */
class SteppedThread {
  job: ThreadJob | undefined;
  #next = 0;

  readonly start = (job: ThreadJob): boolean => {
    this.job = job;
    return true;
  };

  step(n = Number.POSITIVE_INFINITY): void {
    const job = this.job;
    if (job === undefined) return;
    const items = job.pids.length * job.names.length;
    for (let done = 0; done < n && this.#next < items; this.#next++) {
      const k = this.#next;
      if (Atomics.load(job.control, Control.Stop) === 1) break;
      if (k >= Atomics.load(job.control, Control.Consumed) + job.window) return;
      if (Atomics.compareExchange(job.state, k, ItemState.Free, ItemState.Reading) !== ItemState.Free) continue;
      const path = `${job.root}/${job.pids[Math.floor(k / job.names.length)]}/${job.names[k % job.names.length]}`;
      let length: number;
      try {
        const fd = openSync(path, 'r');
        const slot = (k % job.window) * job.slot;
        length = readSync(fd, job.data, slot, job.slot, null);
        for (let more = length; job.whole[k % job.names.length] && more > 0 && length < job.slot; length += more) {
          more = readSync(fd, job.data, slot + length, job.slot - length, null);
        }
        closeSync(fd);
      } catch (err) {
        length = (err as NodeJS.ErrnoException).code === 'ENOENT' ? -2 : -5;
      }
      Atomics.store(job.lengths, k, length);
      Atomics.store(job.state, k, ItemState.Done);
      done++;
    }
    if (this.#next >= items) Atomics.store(job.control, Control.Finished, 1);
  }

  /** How many items the thread read, and how many the visit read itself. */
  tally(): { read: number; taken: number } {
    const states = [...(this.job?.state ?? [])];
    return {
      read: states.filter((s) => s === ItemState.Done).length,
      taken: states.filter((s) => s === ItemState.Taken).length,
    };
  }
}

let tree: ProcTree | undefined;
afterEach(() => {
  tree?.remove();
  tree = undefined;
});

/** `count` processes, pid 100 on, each with its own arguments. */
function processes(count: number, extra: Record<string, FixtureEntry> = {}): ProcTree {
  const files = {};
  for (let i = 0; i < count; i++) {
    Object.assign(files, fakeProcessFiles({ pid: 100 + i, comm: `p${i}`, uid: i, cmdline: ['prog', `--n=${i}`] }));
  }
  return procTree({ ...files, ...extra });
}

/** What a listing takes of each process: stat, then status, then the arguments. */
const describeProc = (fs: ProcFs, step?: () => void) => [
  ...fs.walk((p) => {
    step?.();
    return [p.pid, p.stat().comm.toString(), p.status().uid[1], p.cmdlineBytes().toString('latin1')];
  }),
];

describe('ReadAhead', () => {
  it('gives a long walk what plain reads give, the thread reading ahead of the visit', () => {
    tree = processes(LEARN + 40);
    const plain = describeProc(new ProcFs({ procRoot: tree.root, readAhead: false }));
    const thread = new SteppedThread();
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2 } });
    expect(describeProc(fs, () => thread.step(2))).toEqual(plain);
    expect(plain).toHaveLength(LEARN + 40);
    expect(thread.job?.names).toEqual(['stat', 'status', 'cmdline']);
    // 40 processes of 3 files: the thread read ahead, and the visit read what it found unread.
    const { read, taken } = thread.tally();
    // Two items of every three read by the thread (its steps), the third by the visit.
    expect({ read, taken }).toEqual({ read: 80, taken: 40 });
  });

  it('reads again a one-call item the thread is still reading (it lost its core), not waiting on it', () => {
    tree = processes(LEARN + 4);
    const plain = describeProc(new ProcFs({ procRoot: tree.root, readAhead: false }));
    const thread = new SteppedThread();
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2 } });
    // The thread claims every item and never finishes one: each visit would wait forever on it.
    const stuck = () => {
      const job = thread.job;
      if (job)
        for (let k = 0; k < job.state.length; k++)
          Atomics.compareExchange(job.state, k, ItemState.Free, ItemState.Reading);
    };
    expect(describeProc(fs, stuck)).toEqual(plain);
    expect(thread.tally()).toEqual({ read: 0, taken: 0 });
  });

  it('reads what the visit reaches first through readNow, and what it could not read itself', () => {
    tree = processes(LEARN + 6);
    const plain = describeProc(new ProcFs({ procRoot: tree.root, readAhead: false }));
    const thread = new SteppedThread();
    const asked: string[] = [];
    // The thread's way, played: status fails there (the visit then reads it as before).
    const readNow = (root: string, pid: number, name: string, _whole: boolean, _flags: number, into: Uint8Array) => {
      if (pid < 0) return -1;
      asked.push(`${pid}/${name}`);
      if (name === 'status') return -5;
      const fd = openSync(`${root}/${pid}/${name}`, 'r');
      const length = readSync(fd, into, 0, into.length, null);
      closeSync(fd);
      return length;
    };
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2, readNow } });
    // The thread reads nothing: every item past the first LEARN processes is the visit's.
    expect(describeProc(fs)).toEqual(plain);
    expect(asked).toEqual(
      Array.from({ length: 6 }, (_, i) => ['stat', 'status', 'cmdline'].map((n) => `${100 + LEARN + i}/${n}`)).flat(),
    );
    expect(thread.tally()).toEqual({ read: 0, taken: 6 * 3 });
  });

  it('reads only the files the first visits asked for, in the order they asked', () => {
    tree = processes(LEARN + 4);
    const thread = new SteppedThread();
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2 } });
    const seen = [...fs.walk((p) => (p.pid < 100 + LEARN ? p.cmdlineBytes().length : p.stat().comm.toString()))];
    expect(thread.job?.names).toEqual(['cmdline']);
    expect(seen.slice(LEARN)).toEqual(['p8', 'p9', 'p10', 'p11']);
  });

  it('reads a file that is not one-shot (maps) to its end', () => {
    const maps = (i: number) =>
      `00400000-00452000 r-xp 00000000 08:02 ${1000 + i}                               /usr/bin/p${i}\n`;
    const files: Record<string, string> = {};
    for (let i = 0; i < LEARN + 3; i++) files[`${100 + i}/maps`] = maps(i);
    tree = processes(LEARN + 3, files);
    const thread = new SteppedThread();
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2 } });
    const seen = [];
    for (const p of fs.processes()) {
      if (p.pid === 100 + LEARN) {
        thread.step();
        for (let i = 0; i < LEARN + 3; i++) writeFileSync(`${tree.root}/${100 + i}/maps`, '');
      }
      seen.push(p.withMaps((b) => b.toString('latin1')));
    }
    expect(thread.job?.whole).toEqual([true]);
    // Emptied once the first LEARN were visited: the rest had been read ahead, whole, before.
    expect(seen).toEqual(Array.from({ length: LEARN + 3 }, (_, i) => maps(i)));
  });

  it('starts no thread below `from` processes, nor when none can be started', () => {
    tree = processes(LEARN + 4);
    const short = new SteppedThread();
    describeProc(new ProcFs({ procRoot: tree.root, readAhead: { start: short.start, from: LEARN + 5 } }));
    expect(short.job).toBeUndefined();
    let asked = 0;
    const refused = (_job: ThreadJob) => {
      asked++;
      return false;
    };
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: refused, from: 2 } });
    expect(describeProc(fs)).toHaveLength(LEARN + 4);
    expect(asked).toBe(1);
  });

  it('leaves to the visit a file that failed or did not fit: its error and bytes are its own', () => {
    const long = `${'x'.repeat(SLOT + 100)}\0`;
    tree = processes(LEARN + 3, { [`${100 + LEARN + 1}/cmdline`]: long });
    rmSync(`${tree.root}/${100 + LEARN + 2}/status`);
    const thread = new SteppedThread();
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2 } });
    const seen: unknown[] = [];
    for (const p of fs.processes()) {
      // Once it has learnt, the thread reads every file before the visits ask.
      if (p.pid === 100 + LEARN) thread.step();
      try {
        seen.push([p.stat().comm.toString(), p.status().uid[1], p.cmdlineBytes().length]);
      } catch (err) {
        seen.push(isGone(err) ? 'gone' : String(err));
      }
    }
    expect(seen.slice(LEARN)).toEqual([['p8', 8, 11], ['p9', 9, long.length], 'gone']);
    // The thread's record: p9's arguments filled the slot, p10's status was not there (ENOENT).
    const lengths = [...(thread.job?.lengths ?? [])];
    expect([lengths[2], lengths[5], lengths[7]]).toEqual([11, SLOT, -2]);
  });

  it('reads a file itself once the visit has moved past its process', () => {
    tree = processes(LEARN + 3);
    const thread = new SteppedThread();
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2 } });
    const procs = [];
    let args: string[] = [];
    for (const p of fs.processes()) {
      p.stat();
      p.status();
      if (p.pid < 100 + LEARN) p.cmdlineBytes();
      if (p.pid === 100 + LEARN) {
        thread.step();
        for (let i = 0; i < 3; i++) writeFileSync(`${tree.root}/${100 + LEARN + i}/cmdline`, 'changed\0');
      }
      procs.push(p);
      if (p.pid === 100 + LEARN + 2) args = procs.slice(LEARN).map((q) => q.cmdlineBytes().toString('latin1'));
    }
    // The arguments were read ahead before they changed. Those asked for after the visit moved
    // past their process are read again (their slot may hold another file by then); the
    // process being visited gets the thread's.
    expect(args).toEqual(['changed\0', 'changed\0', 'prog\0--n=10\0']);
    expect(thread.tally()).toEqual({ read: 7, taken: 2 });
  });

  it('stops the thread when the walk ends, and waits for it to say it finished', () => {
    tree = processes(LEARN + 3);
    const thread = new SteppedThread();
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2 } });
    for (const p of fs.processes()) {
      p.stat();
      if (p.pid === 100 + LEARN) thread.step();
      if (p.pid === 100 + LEARN + 1) break;
    }
    expect(thread.job?.control[Control.Stop]).toBe(1);
    expect(thread.job?.control[Control.Finished]).toBe(1);
    expect(WINDOW).toBeGreaterThan(LEARN);
  });

  it('reads the files the walk names, in its order, instead of those the first visits asked for', () => {
    tree = processes(LEARN + 4);
    const thread = new SteppedThread();
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2 } });
    const seen = [...fs.walk((p) => p.stat().comm.toString(), { readAhead: ['cmdline', 'maps', '>cwd', 'status'] })];
    expect(seen).toHaveLength(LEARN + 4);
    expect(thread.job?.names).toEqual(['cmdline', 'maps', '>cwd', 'status']);
    // maps alone is read to its end: the others are one-shot files or a link's target.
    expect(thread.job?.whole).toEqual([false, true, false, false]);
  });

  it("asks for a descriptor directory's stats whole, never one descriptor at a time", () => {
    const files: Record<string, FixtureEntry> = {};
    for (let i = 0; i < LEARN + 2; i++) files[`${100 + i}/fd/3`] = { link: '/' };
    tree = processes(LEARN + 2, files);
    const thread = new SteppedThread();
    const fs = new ProcFs({ procRoot: tree.root, readAhead: { start: thread.start, from: 2 } });
    const walk = (statsAhead: boolean) =>
      fs.walk((p) => p.fdNames().map((fd) => p.fdStat(Number(fd)).mode & 0o170000), { statsAhead });
    expect([...walk(true)]).toEqual(Array.from({ length: LEARN + 2 }, () => [0o040000]));
    expect(thread.job?.names).toEqual(['@fd/*']);
    // Without stats ahead (a stat of the walk's own that is not a statx), none is asked for.
    thread.job = undefined;
    expect([...walk(false)]).toHaveLength(LEARN + 2);
    expect(thread.job).toBeUndefined();
  });
});

describe('parseDescriptors', () => {
  /** A struct statx's first STAT_BYTES with a mode, inode and size (linux/stat.h offsets). */
  const statx = (mode: number, ino: number, size: number) => {
    const b = Buffer.alloc(STAT_BYTES);
    b.writeUInt16LE(mode, 28);
    b.writeBigUInt64LE(BigInt(ino), 32);
    b.writeBigUInt64LE(BigInt(size), 40);
    b.writeUInt32LE(254, 136);
    return b;
  };
  /**
   * A record: the name, its link (or -errno, 0 for none), the link's mode, its stat (or -errno),
   * its fdinfo (or -errno, 0 for none).
   */
  const record = (
    name: string,
    link: string | number,
    mode: number,
    stat: Buffer | number,
    info: string | number = 0,
  ) => {
    const head = Buffer.alloc(20);
    const target = typeof link === 'string' ? Buffer.from(link) : Buffer.alloc(0);
    const bytes = typeof stat === 'number' ? Buffer.alloc(0) : stat;
    const infoBytes = typeof info === 'string' ? Buffer.from(info) : Buffer.alloc(0);
    head.writeInt32LE(name.length, 0);
    head.writeInt32LE(typeof link === 'string' ? target.length : link, 4);
    head.writeInt32LE(mode, 8);
    head.writeInt32LE(typeof stat === 'number' ? stat : stat.length, 12);
    head.writeInt32LE(typeof info === 'string' ? infoBytes.length : info, 16);
    const body = Buffer.concat([head, Buffer.from(name), target, bytes, infoBytes]);
    return Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  };

  it('reads names in order, with the stats the thread made and without those that failed', () => {
    const view = Buffer.concat([
      record('0', 0, 0, statx(0o20666, 5, 0)),
      record('12', 0, 0, -2),
      record('255', 0, 0, statx(0o100644, 9, 77)),
    ]);
    const { names, stats, links, modes } = parseDescriptors(view);
    expect(names).toEqual(['0', '12', '255']);
    expect([...stats.keys()]).toEqual(['0', '255']);
    expect(stats.get('255')).toMatchObject({ mode: 0o100644, ino: 9, size: 77, dev: { major: 254, minor: 0 } });
    expect(stats.get('0')).toMatchObject({ mode: 0o20666, ino: 5, size: 0 });
    expect(links.size + modes.size).toBe(0);
  });

  it("reads each link's target and mode beside its stat (>fd/*), leaving out what failed", () => {
    const view = Buffer.concat([
      record('1', '/tmp/x (deleted)', 0o120300, statx(0o100600, 7, 3)),
      record('3', 'socket:[123]', 0o120700, 0),
      record('4', -13, -13, -13),
      record('5', '/dev/null', 0o120500, statx(0o20666, 5, 0), 'pos:\t7\nflags:\t0100000\nmnt_id:\t24\nino:\t5\n'),
      record('6', 'anon_inode:[eventfd]', 0o120700, statx(0o100600, 8, 0), -28),
    ]);
    const { names, stats, links, modes, infos } = parseDescriptors(view);
    expect(names).toEqual(['1', '3', '4', '5', '6']);
    expect([...infos]).toEqual([['5', 'pos:\t7\nflags:\t0100000\nmnt_id:\t24\nino:\t5\n']]);
    expect(stats.get('6')).toMatchObject({ ino: 8 });
    expect(links.get('1')?.toString()).toBe('/tmp/x (deleted)');
    expect(links.get('3')?.toString()).toBe('socket:[123]');
    expect([...links.keys()]).toEqual(['1', '3', '5', '6']);
    expect([...modes]).toEqual([
      ['1', 0o120300],
      ['3', 0o120700],
      ['5', 0o120500],
      ['6', 0o120700],
    ]);
    expect([...stats.keys()]).toEqual(['1', '5', '6']);
    expect(stats.get('1')).toMatchObject({ ino: 7, size: 3 });
  });

  it('finds the socket links among records of any kind (parseSocketLinks)', () => {
    const view = Buffer.concat([
      record('1', '/tmp/socket:[9]', 0o120300, statx(0o100600, 7, 3)),
      record('3', 'socket:[123]', 0, 0),
      record('4', -13, 0, 0),
      record('5', '/dev/null', 0o120500, statx(0o20666, 5, 0), 'pos:\t7\nflags:\t0100000\n'),
      record('17', 'socket:[4026531840]', 0o120700, statx(0o140777, 4026531840, 0), -28),
      record('18', 'socket:[', 0, 0),
    ]);
    expect(parseSocketLinks(view)).toEqual([
      { fd: 3, inode: 123 },
      { fd: 17, inode: 4026531840 },
    ]);
    expect(parseSocketLinks(Buffer.alloc(0))).toEqual([]);
  });

  it('gives nothing for an empty directory', () => {
    expect(parseDescriptors(Buffer.alloc(0))).toEqual({
      names: [],
      stats: new Map(),
      links: new Map(),
      modes: new Map(),
      infos: new Map(),
    });
  });
});
