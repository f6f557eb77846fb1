import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bunPath } from '../../../scripts/bun.mjs';
import { LEARN } from './read-ahead.ts';
import { NAMED_BY } from './reader-thread.ts';
import { fakeProcessFiles, type FixtureEntry, type ProcTree, procTree } from './testing/proc-tree.ts';

const here = new URL('.', import.meta.url).pathname;

// Under Bun, on a fixture of LEARN + 40 processes: the real thread is let run to its end once it
// has learnt, then every file's arguments change on disk, and the walk goes on.
const SCRIPT = `
import { writeFileSync } from 'node:fs';
import { ProcFs } from '${here}procfs.ts';
import { Control, ItemState, LEARN } from '${here}read-ahead.ts';
import { readerThread } from '${here}reader-thread.ts';
const root = process.argv[2];
const count = Number(process.argv[3]);
const start = readerThread();
if (start === undefined) {
  console.log(JSON.stringify({ thread: false }));
} else {
  let job;
  const fs = new ProcFs({ procRoot: root, readAhead: { from: 2, start: (j) => { job = j; return start(j); } } });
  const args = [];
  for (const p of fs.processes()) {
    if (p.pid === 100 + LEARN) {
      while (Atomics.load(job.control, Control.Finished) === 0) Atomics.wait(job.control, Control.Nap, 0, 1);
      for (let i = 0; i < count; i++) writeFileSync(root + '/' + (100 + i) + '/cmdline', 'changed\\0');
    }
    p.stat();
    p.status();
    args.push(p.cmdlineBytes().toString('latin1'));
  }
  const states = [...job.state];
  console.log(JSON.stringify({
    thread: true,
    names: job.names,
    read: states.filter((s) => s === ItemState.Done).length,
    taken: states.filter((s) => s === ItemState.Taken).length,
    stopped: job.control[Control.Stop],
    args,
  }));
}
`;

// Under Bun: a walk whose thread stats each process's cwd and descriptors (`@cwd`, `@fd/*`), beside
// a plain one; one process holds more descriptors than a slot's records hold.
const STATS_SCRIPT = `
import { ProcFs } from '${here}procfs.ts';
import { Control, ItemState, LEARN } from '${here}read-ahead.ts';
import { readerThread } from '${here}reader-thread.ts';
const root = process.argv[2];
const item = process.argv[3];
const start = readerThread();
let job;
// Once it has learnt, the thread is let read all it may before the visits go on.
const settle = (pid) => {
  if (job === undefined || pid !== 100 + LEARN) return;
  while (Atomics.load(job.control, Control.Finished) === 0) Atomics.wait(job.control, Control.Nap, 0, 1);
};
const describe = (fs) => [...fs.walk((p) => [
  settle(p.pid) ?? p.pid,
  [p.linkStat('cwd').ino],
  p.fdNames().map((fd) => {
    const link = [p.fdTarget(Number(fd)).toString(), p.fdLinkMode(Number(fd))];
    try {
      const s = p.fdStat(Number(fd));
      const info = (s.mode & 0o170000) === 0o20000 ? [p.fdinfo(Number(fd)).pos] : [];
      return [fd, s.ino, s.size, s.mode, ...link, ...info];
    } catch (e) { return [fd, e.kind, ...link]; }
  }),
], { statsAhead: true, readAhead: ['@cwd', item] })];
const ahead = describe(new ProcFs({ procRoot: root, readAhead: { from: 2, start: (j) => { job = j; return start(j); } } }));
const thread = job;
job = undefined;
const plain = describe(new ProcFs({ procRoot: root, readAhead: false }));
job = thread;
const states = [...job.state];
console.log(JSON.stringify({
  same: JSON.stringify(ahead) === JSON.stringify(plain),
  names: job.names,
  flags: job.statxFlags,
  lengths: [...job.lengths],
  read: states.filter((s) => s === ItemState.Done).length,
  plain,
}));
`;

let tree: ProcTree | undefined;
let dir: string | undefined;
afterEach(() => {
  tree?.remove();
  tree = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs `script` under Bun with `args`: its JSON line, once it printed nothing on stderr. */
function runUnderBun(script: string, args: string[], before: string[] = []) {
  dir = mkdtempSync(join(tmpdir(), 'tproc-reader-'));
  writeFileSync(join(dir, 'script.ts'), script);
  const [command = bunPath(), ...rest] = [...before, bunPath()];
  const r = spawnSync(command, [...rest, join(dir, 'script.ts'), ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('the reader thread (Bun, x86-64)', () => {
  it('reads ahead what the visits then take, and leaves the next four processes to them', () => {
    const count = LEARN + 40;
    const files = {};
    for (let i = 0; i < count; i++) Object.assign(files, fakeProcessFiles({ pid: 100 + i, cmdline: [`p${i}`] }));
    tree = procTree(files);
    const out = runUnderBun(SCRIPT, [tree.root, String(count)]);
    // Learning took the first LEARN processes' files, read in turn; the thread then read every
    // file but those of the four processes next to the visit (its lead), 3 files each.
    expect(out).toEqual({
      thread: true,
      names: ['stat', 'status', 'cmdline'],
      read: 36 * 3,
      taken: 4 * 3,
      stopped: 1,
      args: [
        ...Array.from({ length: LEARN }, (_, i) => `p${i}\0`),
        ...Array.from({ length: 4 }, () => 'changed\0'),
        ...Array.from({ length: 36 }, (_, i) => `p${LEARN + 4 + i}\0`),
      ],
    });
  });
});

// Under Bun: a walk of one file a process (read by its path, not through the process's directory).
const ONE_SCRIPT = `
import { ProcFs } from '${here}procfs.ts';
import { Control, ItemState, LEARN } from '${here}read-ahead.ts';
import { readerThread } from '${here}reader-thread.ts';
const root = process.argv[2];
const start = readerThread();
let job;
const fs = new ProcFs({ procRoot: root, readAhead: { from: 2, start: (j) => { job = j; return start(j); } } });
const comms = [];
for (const p of fs.processes({ readAhead: ['comm'] })) {
  if (p.pid === 100 + LEARN) while (Atomics.load(job.control, Control.Finished) === 0) Atomics.wait(job.control, Control.Nap, 0, 1);
  try { comms.push(p.text('comm')); } catch (e) { comms.push(e.kind); }
}
const states = [...job.state];
console.log(JSON.stringify({ names: job.names, read: states.filter((s) => s === ItemState.Done).length, lengths: [...job.lengths], comms }));
`;

describe('the reader thread reads one file a process by its path (Bun, x86-64)', () => {
  it("gives each process's own file, and -errno where there is none", () => {
    const count = LEARN + 20;
    const files: Record<string, FixtureEntry> = {};
    for (let i = 0; i < count; i++) Object.assign(files, fakeProcessFiles({ pid: 100 + i, comm: `c${i}` }));
    const missing = 100 + LEARN + 6;
    delete files[`${missing}/comm`];
    tree = procTree(files);
    const out = runUnderBun(ONE_SCRIPT, [tree.root]);
    expect(out.names).toEqual(['comm']);
    // Every process past the four next to the visit, the missing one's item too (-ENOENT).
    expect(out.read).toBe(20 - 4);
    expect(out.lengths[missing - 100 - LEARN]).toBe(-2);
    expect(out.comms).toEqual(Array.from({ length: count }, (_, i) => (100 + i === missing ? 'gone' : `c${i}\n`)));
  });
});

// Under Bun: ProcFs.textsOf, its files read by two threads at once (read_each), beside plain reads.
const EACH_SCRIPT = `
import { ProcFs } from '${here}procfs.ts';
const root = process.argv[2];
const pids = JSON.parse(process.argv[3]);
const fs = new ProcFs({ procRoot: root, readAhead: { from: 2 } });
const plain = new ProcFs({ procRoot: root, readAhead: false });
console.log(JSON.stringify({ each: fs.textsOf(pids, 'comm', 16), plain: plain.textsOf(pids, 'comm', 16) }));
`;

describe('ProcFs.textsOf reads on two threads at once (Bun, x86-64)', () => {
  it("gives each process's file in order, one longer than its slot read again, none for a missing one", () => {
    const pids = Array.from({ length: 300 }, (_, i) => 100 + i);
    const files: Record<string, FixtureEntry> = {};
    for (const pid of pids) files[`${pid}/comm`] = `c${pid}\n`;
    files['150/comm'] = 'a-name-longer-than-its-slot\n';
    delete files['160/comm'];
    tree = procTree(files);
    const out = runUnderBun(EACH_SCRIPT, [tree.root, JSON.stringify(pids)]);
    const expected = pids.map((pid) =>
      pid === 160 ? null : pid === 150 ? 'a-name-longer-than-its-slot\n' : `c${pid}\n`,
    );
    expect(out.each).toEqual(expected);
    expect(out.plain).toEqual(expected);
  });
});

// Under Bun: read_listing, then ProcFs.pidsWithTexts over it beside plain reads. loadavg counts
// 5 threads: a first listing has room for 261 pids, and finds 300.
const LISTING_SCRIPT = `
import { ProcFs } from '${here}procfs.ts';
import { listingReader, NAMED_BY } from '${here}reader-thread.ts';
const root = process.argv[2];
const read = listingReader();
const small = read(root, 'comm', 16, 20);
const whole = read(root, 'comm', 16, 400, NAMED_BY.iterator | NAMED_BY.taskstats);
const texts = [...whole.pids.subarray(0, whole.count)].map((pid, i) =>
  whole.lengths[i] < 0 ? whole.lengths[i] : whole.data.toString('latin1', i * 16, i * 16 + whole.lengths[i]));
const fs = new ProcFs({ procRoot: root, readAhead: { from: 2 } });
const plain = new ProcFs({ procRoot: root, readAhead: false });
console.log(JSON.stringify({
  small: { count: small.count, kept: [...small.pids.subarray(0, 20)].filter((pid) => pid >= 100).length },
  whole: { count: whole.count, named: whole.named, byPid: Object.fromEntries([...whole.pids.subarray(0, whole.count)].map((pid, i) => [pid, texts[i]])) },
  missing: read(root + '/none', 'comm', 16, 10).count,
  listed: fs.pidsWithTexts('comm', 16),
  plain: plain.pidsWithTexts('comm', 16),
  // Declines every text whose second byte is 1 (c1..).
  declined: fs.pidsWithTexts('comm', 16, (data, start, end) => end - start < 2 || data[start + 1] !== 0x31).texts,
}));
`;

describe('every process listed and read on two threads at once (Bun, x86-64)', () => {
  it('read_listing and ProcFs.pidsWithTexts: numeric entries, ascending, past a full listing', () => {
    const pids = Array.from({ length: 300 }, (_, i) => 100 + i);
    const files: Record<string, FixtureEntry> = { loadavg: '0.00 0.00 0.00 1/5 399\n', 'self/comm': 'self\n' };
    for (const pid of pids) files[`${pid}/comm`] = `c${pid}\n`;
    files['150/comm'] = 'a-name-longer-than-its-slot\n';
    delete files['160/comm'];
    files['160/stat'] = '160 (x) S';
    tree = procTree(files);
    const out = runUnderBun(LISTING_SCRIPT, [tree.root]);
    // No room past 20: every pid counted, 20 kept.
    expect(out.small).toEqual({ count: 300, kept: 20 });
    expect(out.whole.count).toBe(300);
    // Not our own /proc: every comm from its file.
    expect(out.whole.named).toEqual({ iterator: 0, taskstats: 0 });
    expect(out.whole.byPid['100']).toBe('c100\n');
    expect(out.whole.byPid['160']).toBe(-2);
    // 16 bytes of a longer text, said to fill the slot: read again alone by ProcFs.
    expect(out.whole.byPid['150']).toBe('a-name-longer-th');
    expect(out.missing).toBe(-2);
    const expected = pids.map((pid) =>
      pid === 160 ? null : pid === 150 ? 'a-name-longer-than-its-slot\n' : `c${pid}\n`,
    );
    expect(out.listed).toEqual({ pids, texts: expected });
    expect(out.plain).toEqual({ pids, texts: expected });
    // Declined: none made a string, as for a process gone; 150's bytes did not fit, so it is read.
    expect(out.declined).toEqual(expected.map((text, i) => (pids[i]! < 200 && pids[i] !== 150 ? null : text)));
  });
});

// Under Bun, on /proc (the test worker's PID namespace: its init, its worker, this script and the
// sleeps it starts, argv[2] of them, two more under odd names: the longest comm, and one with a
// newline and a parenthesis): read_listing's comms, named the ways argv[3] allows, beside each
// process's file read before and after it, and each one's parent.
const OWN_PROC_SCRIPT = `
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listingReader } from '${here}reader-thread.ts';
const count = Number(process.argv[2]);
const dir = mkdtempSync(join(tmpdir(), 'tproc-comm-'));
const odd = ['a-name-of-fifteen-bytes-and-more', 'odd\\n) (name'].map((name) => {
  copyFileSync('/usr/bin/sleep', join(dir, name));
  return Bun.spawn([join(dir, name), '30']);
});
const sleeps = [...odd, ...Array.from({ length: count }, () => Bun.spawn(['sleep', '30']))];
const comm = (pid) => { try { return readFileSync('/proc/' + pid + '/comm', 'latin1'); } catch { return null; } };
const ppid = (pid) => Number(readFileSync('/proc/' + pid + '/stat', 'latin1').replace(/^.*\\) /s, '').split(' ')[1]);
// Counted in /proc: under unshare, a spawned pid is the one in our namespace, not in that /proc.
const started = () => {
  const all = readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).map(comm);
  const sleeping = all.filter((c) => c === 'sleep\\n').length;
  return sleeping >= count && all.includes('a-name-of-fifte\\n') && all.includes('odd\\n) (name\\n');
};
while (!started()) await Bun.sleep(5);
const before = new Map();
for (const name of readdirSync('/proc')) if (/^\\d+$/.test(name)) before.set(Number(name), comm(name));
const listing = listingReader()('/proc', 'comm', 128, 1000, Number(process.argv[3]));
const compared = [];
for (let i = 0; i < listing.count; i++) {
  const pid = listing.pids[i];
  const was = before.get(pid);
  if (was == null || comm(pid) !== was) continue;
  const length = listing.lengths[i];
  compared.push([pid, ppid(pid), was, length < 0 ? null : listing.data.toString('latin1', i * 128, i * 128 + length)]);
}
for (const s of sleeps) s.kill();
rmSync(dir, { recursive: true });
console.log(JSON.stringify({ count: listing.count, named: listing.named, compared }));
`;

type OwnProcListing = {
  count: number;
  named: { iterator: number; taskstats: number };
  compared: [number, number, string, string | null][];
};

/** Whether the kernel answers taskstats requests from us: root (CAP_NET_ADMIN), CONFIG_TASKSTATS. */
function taskstatsAnswers(): boolean {
  try {
    return (
      process.getuid?.() === 0 && /^CONFIG_TASKSTATS=y$/m.test(gunzipSync(readFileSync('/proc/config.gz')).toString())
    );
  } catch {
    return false;
  }
}

/**
 * Whether we may run a BPF task iterator: root with CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN),
 * the kernel's BTF, CONFIG_BPF_SYSCALL.
 */
function iteratorAnswers(): boolean {
  try {
    const caps = BigInt(`0x${/^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]}`);
    const has = (cap: number) => ((caps >> BigInt(cap)) & 1n) === 1n;
    return (
      process.getuid?.() === 0 &&
      (has(21) || (has(38) && has(39))) &&
      existsSync('/sys/kernel/btf/vmlinux') &&
      /^CONFIG_BPF_SYSCALL=y$/m.test(gunzipSync(readFileSync('/proc/config.gz')).toString())
    );
  } catch {
    return false;
  }
}

// Under Bun: the reader's C compiled alone (TinyCC), its name_from_records given records as a
// BPF iterator writes them (pid, flags, 16 bytes of comm) beside a listing.
const RECORDS_SCRIPT = `
import { cc } from 'bun:ffi';
import { writeFileSync } from 'node:fs';
import { READER_SOURCE } from '${here}reader-thread-source.ts';
const source = process.argv[2];
writeFileSync(source, READER_SOURCE);
const { symbols } = cc({
  source,
  symbols: { name_from_records: { args: ['ptr', 'int', 'ptr', 'int', 'ptr', 'ptr', 'int'], returns: 'int' } },
});
const SLOT = 16;
const run = (listed, records) => {
  const pids = Int32Array.from(listed);
  const data = Buffer.alloc(listed.length * SLOT);
  const lengths = new Int32Array(listed.length).fill(99);
  const bytes = Buffer.alloc(records.length * 24);
  records.forEach(([pid, flags, comm], r) => {
    bytes.writeInt32LE(pid, r * 24);
    bytes.writeUInt32LE(flags, r * 24 + 4);
    bytes.write(comm, r * 24 + 8, 16, 'latin1');
  });
  const named = symbols.name_from_records(pids, listed.length, data, SLOT, lengths, bytes, records.length);
  const texts = [...lengths].map((length, i) => (length >= 0 && length !== 99 ? data.toString('latin1', i * SLOT, i * SLOT + length) : length));
  return { named, texts };
};
const PF_KTHREAD = 0x00200000;
console.log(JSON.stringify({
  merged: run([1, 2, 5, 7, 9, 12, 14], [
    [2, PF_KTHREAD, 'kthreadd'],
    [0, 0, 'unread'],
    [5, 0x400000, 'odd\\n) (name'],
    [7, 0, 'a-name-of-fifte'],
    [8, 0, 'gone'],
    [9, 0, 'sixteen-bytes-16'],
    [12, 0, 'x'],
  ]),
  unordered: run([3, 5], [[5, 0, 'b'], [3, 0, 'a']]),
}));
`;

describe("a BPF iterator's records beside a listing (Bun, x86-64)", () => {
  it("names each listed pid from its record, but a kernel thread's, a missing one's, a long one's", () => {
    const out = runUnderBun(RECORDS_SCRIPT, [join(mkdtempSync(join(tmpdir(), 'tproc-records-')), 'reader.c')]);
    // pid 1: no record (this machine's kernel hides its pid 1 from iterators); 2: a kernel thread,
    // whose comm file shows more; 9: 16 bytes and the newline do not fit the slot; 14: past them.
    expect(out.merged).toEqual({ named: 3, texts: [-1, -1, 'odd\n) (name\n', 'a-name-of-fifte\n', -1, 'x\n', -1] });
    // Not ascending: not trusted, nothing set.
    expect(out.unordered).toEqual({ named: -1, texts: [99, 99] });
  });
});

describe("every process's comm listed from our own /proc (Bun, x86-64)", () => {
  const sameAsFiles = (out: OwnProcListing, sleeps: number) => {
    expect(out.compared.length).toBe(out.count);
    expect(out.compared.filter(([, , file]) => file === 'sleep\n')).toHaveLength(sleeps);
    expect(out.compared.map(([, , file]) => file)).toEqual(
      expect.arrayContaining(['a-name-of-fifte\n', 'odd\n) (name\n']),
    );
    for (const [pid, , file, listed] of out.compared) expect({ pid, comm: listed }).toEqual({ pid, comm: file });
  };

  it("asks taskstats where it answers, and reads the file of a child of pid 0's or 2's", () => {
    const out = runUnderBun(OWN_PROC_SCRIPT, ['4', String(NAMED_BY.taskstats)]) as OwnProcListing;
    sameAsFiles(out, 4);
    // Where kthreadd (2) is the parent, comm shows more than taskstats gives (kworker/0:1-events);
    // here 2 is this namespace's second process, and the rule the same.
    const asked = out.compared.filter(([, ppid]) => ppid !== 0 && ppid !== 2).length;
    expect(asked).toBeGreaterThanOrEqual(6);
    expect(asked).toBeLessThan(out.count);
    expect(out.named).toEqual({ iterator: 0, taskstats: taskstatsAnswers() ? asked : 0 });
  });

  it('names every process of this namespace by its pid here with a BPF iterator, where one runs', () => {
    // This namespace is below the root one: a record's pid must be the one here, not the kernel's.
    const out = runUnderBun(OWN_PROC_SCRIPT, ['4', String(NAMED_BY.iterator | NAMED_BY.taskstats)]) as OwnProcListing;
    sameAsFiles(out, 4);
    // No kernel thread here (their comm files show more than the records): every process named.
    if (iteratorAnswers()) expect(out.named).toEqual({ iterator: out.count, taskstats: 0 });
    else expect(out.named.iterator).toBe(0);
  });

  it("reads every file in another namespace's /proc (ours below it: its pids are not ours)", () => {
    // 40 sleeps: their pids here (from 2 on, past Bun's threads) and in that /proc overlap, so a
    // taskstats asked by that /proc's pids would answer for some.
    const ways = String(NAMED_BY.iterator | NAMED_BY.taskstats);
    const out = runUnderBun(OWN_PROC_SCRIPT, ['40', ways], ['unshare', '--pid', '--fork']) as OwnProcListing;
    sameAsFiles(out, 40);
    expect(out.named).toEqual({ iterator: 0, taskstats: 0 });
  });
});

// Under Bun, on /proc of the test worker's PID namespace: which processes the kernel says may hold
// files by their inode numbers (holdingReader: BPF iterators). Holders of a copy of sleep (its
// program), of a copy of libm (mapped by LD_PRELOAD, no program of its), of a file (descriptor 0),
// a sleep in a mount namespace of its own, and plain sleeps.
const HOLDING_SCRIPT = `
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdingReader } from '${here}reader-thread.ts';
const dir = mkdtempSync(join(tmpdir(), 'tproc-holding-'));
const program = join(dir, 'sleepy');
const library = join(dir, 'libm-copy.so.6');
const held = join(dir, 'held.txt');
copyFileSync('/usr/bin/sleep', program);
copyFileSync('/usr/lib/x86_64-linux-gnu/libm.so.6', library);
writeFileSync(held, 'held');
const started = {
  program: Bun.spawn([program, '30']),
  mapping: Bun.spawn(['sleep', '30'], { env: { LD_PRELOAD: library } }),
  descriptor: Bun.spawn(['sleep', '30'], { stdin: Bun.file(held) }),
  mounts: Bun.spawn(['unshare', '--mount', 'sleep', '30']),
  plain: Bun.spawn(['sleep', '30']),
};
const maps = (pid) => { try { return readFileSync('/proc/' + pid + '/maps', 'latin1'); } catch { return ''; } };
const exe = (pid) => { try { return readFileSync('/proc/' + pid + '/comm', 'latin1'); } catch { return ''; } };
// Each has exec'd (unshare's sleep too: its comm) and mapped what it maps.
while (!(maps(started.mapping.pid).includes('libm-copy') && exe(started.mounts.pid) === 'sleep\\n' &&
         exe(started.program.pid) === 'sleepy\\n' && exe(started.plain.pid) === 'sleep\\n' && exe(started.descriptor.pid) === 'sleep\\n'))
  await Bun.sleep(5);
const pids = Int32Array.from(readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).map(Number).sort((a, b) => a - b));
const ask = (...files) => {
  const marks = holdingReader()('/proc', pids, BigUint64Array.from(files, (f) => BigInt(statSync(f).ino)));
  return marks ? Object.fromEntries(Object.entries(started).map(([name, p]) => [name, marks[pids.indexOf(p.pid)]])) : null;
};
const out = { all: ask(program, library, held), held: ask(held), library: ask(library), program: ask(program) };
for (const p of Object.values(started)) p.kill();
rmSync(dir, { recursive: true });
console.log(JSON.stringify(out));
`;

describe('the processes that may hold a file, told by the kernel (Bun, x86-64)', () => {
  it('names the holders of a program, a mapping, a descriptor, and a process of another mount namespace', () => {
    const out = runUnderBun(HOLDING_SCRIPT, []);
    if (!iteratorAnswers()) {
      expect(out).toEqual({ all: null, held: null, library: null, program: null });
      return;
    }
    expect(out.all).toEqual({ program: 1, mapping: 1, descriptor: 1, mounts: 1, plain: 0 });
    expect(out.held).toEqual({ program: 0, mapping: 0, descriptor: 1, mounts: 1, plain: 0 });
    expect(out.library).toEqual({ program: 0, mapping: 1, descriptor: 0, mounts: 1, plain: 0 });
    expect(out.program).toEqual({ program: 1, mapping: 0, descriptor: 0, mounts: 1, plain: 0 });
  });
});

describe('the reader thread stats ahead (Bun, x86-64)', () => {
  it.each(['@fd/*', '>fd/*'])(
    "gives each descriptor's stat (%s), and leaves a directory that does not fit to the visit",
    (item) => {
      const count = LEARN + 20;
      const files: Record<string, FixtureEntry> = {};
      for (let i = 0; i < count; i++) {
        Object.assign(files, fakeProcessFiles({ pid: 100 + i, cmdline: [`p${i}`] }));
        files[`${100 + i}/cwd`] = { link: '/' };
        files[`data/f${i}`] = 'x'.repeat(i);
        for (const fd of [0, 1, 7]) files[`${100 + i}/fd/${fd}`] = { link: `../../data/f${(i + fd) % count}` };
        files[`${100 + i}/fd/5`] = { link: '/dev/null' };
        files[`${100 + i}/fdinfo/5`] = `pos:\t${i}\nflags:\t02\n`;
      }
      // A closed file's link: its stat fails (ENOENT), the visit's own error.
      files[`${100 + LEARN + 3}/fd/9`] = { link: '/nonexistent/tproc' };
      const crowded = 100 + LEARN + 10;
      for (let fd = 0; fd < 80; fd++) files[`${crowded}/fd/${fd}`] = { link: `../../data/f${fd % count}` };
      tree = procTree(files);
      const out = runUnderBun(STATS_SCRIPT, [tree.root, item]);
      expect(out.same).toBe(true);
      expect(out.names).toEqual(['@cwd', item]);
      // AT_STATX_DONT_SYNC | AT_NO_AUTOMOUNT: a stat that cannot wait on a server.
      expect(out.flags).toBe(0x4800);
      const plain = out.plain as [number, number[], unknown[]][];
      expect(plain).toHaveLength(count);
      // A fixture directory lists its entries in its own (hashed) order.
      const p = (pid: number) =>
        ((plain.find(([q]) => q === pid)?.[2] ?? []) as [string, ...unknown[]][]).sort(
          ([a], [b]) => Number(a) - Number(b),
        );
      expect(p(100 + LEARN + 3)).toContainEqual(['9', 'gone', '/nonexistent/tproc', 0o120777]);
      const file = (i: number) => `../../data/f${i}`;
      expect(p(100 + LEARN + 5)).toEqual([
        ['0', expect.any(Number), LEARN + 5, 0o100644, file(LEARN + 5), 0o120777],
        ['1', expect.any(Number), LEARN + 6, 0o100644, file(LEARN + 6), 0o120777],
        ['5', expect.any(Number), 0, 0o20666, '/dev/null', 0o120777, LEARN + 5],
        ['7', expect.any(Number), LEARN + 12, 0o100644, file(LEARN + 12), 0o120777],
      ]);
      expect(p(crowded)).toHaveLength(80);
      // The crowded directory's item did not fit (-ENOSPC); every other one after the four
      // processes next to the visit was read by the thread.
      const slotOf = (pid: number, f: number) => (pid - 100 - LEARN) * 2 + f;
      expect(out.lengths[slotOf(crowded, 1)]).toBe(-28);
      expect(out.read).toBe((20 - 4) * 2);
    },
  );
});

// Under Bun: the visit's own reads (visitReader), item by item, beside what plain reads give.
const NOW_SCRIPT = `
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { parseDescriptors } from '${here}read-ahead.ts';
import { fileStatOfStatx } from '${here}stat-nosync.ts';
import { visitReader } from '${here}reader-thread.ts';
const root = process.argv[2];
const readNow = visitReader();
const into = Buffer.alloc(8192);
const text = (pid, name, whole = false) => {
  const n = readNow(root, pid, name, whole, 0, into);
  return n < 0 ? n : into.toString('latin1', 0, n);
};
const out = {
  stat: [text(100, 'stat'), readFileSync(root + '/100/stat', 'latin1')],
  // A one-shot read stops at what one read gives; read whole, to the end (or the buffer's).
  maps: [text(101, 'maps', true).length, readFileSync(root + '/101/maps', 'latin1').length],
  cwd: [text(100, '>cwd'), readlinkSync(root + '/100/cwd', 'latin1')],
  cwdStat: [readNow(root, 100, '@cwd', false, 0, into), fileStatOfStatx(into).ino, statSync(root + '/100/cwd').ino],
  fds: (() => {
    const n = readNow(root, 101, '>fd/*', false, 0x4800, into);
    const d = parseDescriptors(into.subarray(0, n));
    return { names: d.names.sort(), infos: [...d.infos] };
  })(),
  missing: [text(100, 'nope'), text(999, 'stat')],
  closed: readNow(root, -1, '', false, 0, into),
};
console.log(JSON.stringify(out));
`;

describe('the visit reads what it reached first as the thread does (Bun, x86-64)', () => {
  it('gives one-shot and whole files, links, stats and descriptors, and -errno for failures', () => {
    const files: Record<string, FixtureEntry> = {
      ...fakeProcessFiles({ pid: 100, cmdline: ['p'] }),
      ...fakeProcessFiles({ pid: 101, cmdline: ['q'] }),
      '100/cwd': { link: '/' },
      '101/maps': 'm'.repeat(6000),
      '101/fd/0': { link: '/dev/null' },
      '101/fdinfo/0': 'pos:\t3\nflags:\t02\n',
      '101/fd/3': { link: '/' },
    };
    tree = procTree(files);
    const out = runUnderBun(NOW_SCRIPT, [tree.root]);
    expect(out.stat[0]).toBe(out.stat[1]);
    expect(out.maps).toEqual([6000, 6000]);
    expect(out.cwd).toEqual(['/', '/']);
    expect(out.cwdStat[0]).toBe(256);
    expect(out.cwdStat[1]).toBe(out.cwdStat[2]);
    // A device's fdinfo comes with it (its offset shows); a directory's does not.
    expect(out.fds).toEqual({ names: ['0', '3'], infos: [['0', 'pos:\t3\nflags:\t02\n']] });
    expect(out.missing).toEqual([-2, -2]);
    expect(out.closed).toBe(-1);
  });
});
