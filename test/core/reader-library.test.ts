// A Node program's own choice of the reader's C (README's library section): the library the build
// compiled, loaded through koffi, reads listings on two threads and gives what reads in turn give.
// Its own module graph (vitest.config.ts ISOLATED): once loaded, the reader stays for the run.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  INET_PROTOCOLS,
  listProcesses,
  loadReaderLibrary,
  PF_KTHREAD,
  ProcFs,
  parseStat,
  pidsByPort,
  type StatSummary,
  socketOwners,
} from '@tproc/core';
import { syscallsSync } from '@tproc/syscalls/sync';
import { LISTENER_STATES } from '../../packages/core/src/parse/sock-diag.ts';
import { dumperByCalls, inetSocketsByDiag, inetSocketsByDiagBeside } from '../../packages/core/src/sock-diag.ts';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inheritedBy } from '../zoo/inherited-listener.ts';

const dist = new URL('../../dist/tproc/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${dist}package.json`, 'utf8')) as { files: string[] };
// The build compiles it wherever a C compiler is (this machine and CI have gcc).
const library = manifest.files.find((file) => file.endsWith('.so'));

const server = createServer();
let port = 0;
let holder: ChildProcess;

/** What a listing says that does not move between two reads of the same processes. */
const steady = (list: ReturnType<typeof listProcesses>) =>
  list.map(({ pid, ppid, uid, user, name, argv, command, startTicks, token }) => ({
    pid,
    ppid,
    uid,
    user,
    name,
    argv,
    command,
    startTicks,
    token,
  }));

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  holder = await inheritedBy(server);
});

afterAll(() => {
  holder.kill('SIGKILL');
  server.close();
});

describe('loadReaderLibrary', () => {
  it('reads listings on two threads, as reads in turn do', () => {
    const holders = [process.pid, holder.pid!].sort((a, b) => a - b);
    const inTurn = steady(listProcesses());
    expect(pidsByPort(port)).toEqual(holders);
    expect(loadReaderLibrary('/nonexistent/reader.so')).toBe(false);
    expect(library).toBeDefined();
    expect(loadReaderLibrary(`${dist}${library}`)).toBe(true);
    const onTwo = steady(listProcesses());
    // Only this test's own processes are born or gone between the two listings.
    const common = (list: typeof inTurn, other: typeof inTurn) =>
      list.filter((p) => other.some((q) => q.pid === p.pid));
    expect(common(onTwo, inTurn)).toEqual(common(inTurn, onTwo));
    expect(common(onTwo, inTurn).length).toBeGreaterThan(2);
    expect(pidsByPort(port)).toEqual(holders);
    // The listeners by the reader's one-call dump, as by the FFI's calls.
    const tables = new Map(INET_PROTOCOLS.map((table) => [table, LISTENER_STATES[table]]));
    const byReader = inetSocketsByDiag(tables)!;
    expect(byReader.get('tcp')!.some((s) => s.localPort === port)).toBe(true);
    expect(byReader).toEqual(inetSocketsByDiag(tables, dumperByCalls(syscallsSync()!)));
    // Made beside the caller, on the C's kept thread, while it does something else.
    const finish = inetSocketsByDiagBeside(tables);
    const meanwhile = listProcesses().length;
    expect(meanwhile).toBeGreaterThan(2);
    expect(finish()).toEqual(byReader);
  });

  it('finds the descriptors that hold sockets on two threads, and leaves to the caller what it could not read', () => {
    const links = (pid: number, count: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, fd) => [`${pid}/fd/${fd}`, { link: `socket:[${pid * 1000 + fd}]` }]),
      );
    expect(loadReaderLibrary(`${dist}${library}`)).toBe(true);
    const tree = procTree({
      ...fakeProcessFiles({ pid: 5 }),
      ...links(5, 4),
      '5/fd/2': { link: '/dev/null' },
      ...fakeProcessFiles({ pid: 6 }),
      // More descriptors than a slot holds: read by the caller itself.
      ...links(6, 300),
      ...fakeProcessFiles({ pid: 7 }),
      'self/auxv': Buffer.alloc(0),
    });
    try {
      const fs = new ProcFs({ procRoot: tree.root });
      const read = [...{ [Symbol.iterator]: () => fs.socketLinksOfEach([5, 6, 7, 8])! }];
      expect(read).toHaveLength(4);
      expect((read[0] as { fd: number }[]).sort((a, b) => a.fd - b.fd)).toEqual([
        { fd: 0, inode: 5000 },
        { fd: 1, inode: 5001 },
        { fd: 3, inode: 5003 },
      ]);
      expect(read.slice(1)).toEqual([undefined, undefined, undefined]);
      expect(socketOwners(fs).holders.get(6299)).toEqual([{ pid: 6, fd: 299 }]);
    } finally {
      tree.remove();
    }
  });

  it('passes over kernel threads in one call, where pid 2 is kthreadd', () => {
    expect(loadReaderLibrary(`${dist}${library}`)).toBe(true);
    const processes = {
      ...fakeProcessFiles({ pid: 3, ppid: 2, flags: PF_KTHREAD }),
      // No kernel thread holds a file: one that did would show that none of its are read.
      '3/fd/0': { link: 'socket:[3000]' },
      ...fakeProcessFiles({ pid: 4 }),
      '4/fd/5': { link: 'socket:[4005]' },
      '2/task/2/children': '3 ',
    };
    const owners = (pid2: Parameters<typeof fakeProcessFiles>[0]) => {
      const tree = procTree({ ...processes, ...fakeProcessFiles(pid2) });
      try {
        return [...socketOwners(new ProcFs({ procRoot: tree.root })).holders.keys()].sort();
      } finally {
        tree.remove();
      }
    };
    expect(owners({ pid: 2, ppid: 0, flags: PF_KTHREAD })).toEqual([4005]);
    // A PID namespace of its own: pid 2 and its children are processes like any other.
    expect(owners({ pid: 2 })).toEqual([3000, 4005]);
  });

  it("gives each holder's network namespace with its sockets", () => {
    expect(loadReaderLibrary(`${dist}${library}`)).toBe(true);
    const tree = procTree({
      ...fakeProcessFiles({ pid: 4 }),
      '4/fd/5': { link: 'socket:[4005]' },
      '4/ns/net': { link: 'net:[4026532001]' },
      ...fakeProcessFiles({ pid: 6 }),
      '6/fd/1': { link: 'socket:[6001]' },
      '6/fd/2': { link: 'socket:[6002]' },
      '6/ns/net': { link: 'net:[4026532002]' },
      // Holds none: its namespace is not asked.
      ...fakeProcessFiles({ pid: 8 }),
      '8/fd/0': { link: '/dev/null' },
      '8/ns/net': { link: 'net:[4026532003]' },
    });
    try {
      const fs = new ProcFs({ procRoot: tree.root });
      // A copied tree lists its pids in no order: sorted here.
      expect(fs.socketLinksOfAll()?.sort((a, b) => a.pid - b.pid)).toEqual([
        { pid: 4, links: [{ fd: 5, inode: 4005 }], netns: 4026532001 },
        {
          pid: 6,
          links: expect.arrayContaining([
            { fd: 1, inode: 6001 },
            { fd: 2, inode: 6002 },
          ]),
          netns: 4026532002,
        },
      ]);
      const { namespaces, netnsOf } = socketOwners(fs);
      expect([...namespaces].sort()).toEqual([
        [4026532001, 4],
        [4026532002, 6],
      ]);
      expect(netnsOf.get(6)).toBe(4026532002);
    } finally {
      tree.remove();
    }
    // On this machine: our own, as /proc/self/ns/net says it.
    const own = Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/net'))?.[1]);
    expect(socketOwners(new ProcFs()).netnsOf.get(process.pid)).toBe(own);
  });

  it('reads every process in one call, and leaves to the caller what did not fit', () => {
    expect(loadReaderLibrary(`${dist}${library}`)).toBe(true);
    // Past ARGS_MAX (32 KiB): read by the caller.
    const long = Array.from({ length: 3000 }, (_, i) => `argument-${i}`);
    // Command lines are packed into capacity x 1,024 bytes (capacity: the root's links, a few
    // here, plus 256): twelve of 30,000 bytes run past the end of them.
    const wide = Array.from({ length: 12 }, (_, i) =>
      fakeProcessFiles({ pid: 20 + i, comm: 'wide', uid: 1000, cmdline: [`${i}`.padEnd(29999, 'w')] }),
    );
    const tree = procTree({
      ...fakeProcessFiles({ pid: 2, comm: 'kthreadd', ppid: 0, flags: PF_KTHREAD, uid: 1000, cmdline: ['x'] }),
      ...fakeProcessFiles({ pid: 7, comm: 'long', uid: 1000, cmdline: long }),
      ...fakeProcessFiles({ pid: 9, comm: 'www', uid: 33, cmdline: ['httpd', '-k'] }),
      ...Object.assign({}, ...wide),
      ...fakeProcessFiles({ pid: 11, uid: 1000, cmdline: ['odd'] }),
      '11/stat': `11 (a) (b) R 1 11 11 0 -1 4194560 10 0 0 0 123 45 0 0 20 -5 3 0 98765 18446744073709551615 2048${' 0'.repeat(28)}\n`,
      'self/auxv': Buffer.alloc(0),
      stat: 'cpu  1 2 3 4\nbtime 1700000000\n',
    });
    try {
      const fs = new ProcFs({ procRoot: tree.root, etcRoot: tree.root });
      const read = fs.processesAtOnce()!;
      expect(read.slice(0, 4).map(({ pid, uid, cmdline }) => ({ pid, uid, cmdline: cmdline?.toString() }))).toEqual([
        // A kernel thread: neither read (its fixture's would say uid 1000 and `x`).
        { pid: 2, uid: undefined, cmdline: undefined },
        { pid: 7, uid: 1000, cmdline: undefined },
        { pid: 9, uid: 33, cmdline: 'httpd\0-k\0' },
        { pid: 11, uid: 1000, cmdline: 'odd\0' },
      ]);
      const packed = read.slice(4).filter((p) => p.cmdline !== undefined);
      expect(packed.length).toBeGreaterThan(0);
      expect(packed.length).toBeLessThan(wide.length);
      for (const p of packed) expect(p.cmdline?.toString()).toBe(`${`${p.pid - 20}`.padEnd(29999, 'w')}\0`);
      // The C's numbers are what the text parser reads, field for field (a name with ') (',
      // a negative nice, a size past 2^53).
      const fields = ['pid', 'commLatin1', 'state', 'ppid', 'pgrp', 'session', 'flags', 'utime', 'stime']
        .concat(['nice', 'numThreads', 'starttime', 'vsize', 'rss'])
        .map((key) => key as keyof StatSummary);
      for (const p of read) {
        const text = parseStat(readFileSync(`${tree.root}/${p.pid}/stat`));
        expect(fields.map((key) => [key, p.stat?.[key]])).toEqual(fields.map((key) => [key, text[key]]));
        expect(p.stat?.comm).toEqual(text.comm);
      }
      expect(read.find((p) => p.pid === 11)?.stat).toMatchObject({ commLatin1: 'a) (b', nice: -5, vsize: 2 ** 64 });
      const listed = listProcesses({ fs });
      expect(
        listed.slice(0, 4).map(({ pid, uid, argv }) => ({ pid, uid, argc: argv.length, last: argv.at(-1) })),
      ).toEqual([
        { pid: 2, uid: 0, argc: 0, last: undefined },
        { pid: 7, uid: 1000, argc: 3000, last: 'argument-2999' },
        { pid: 9, uid: 33, argc: 2, last: '-k' },
        { pid: 11, uid: 1000, argc: 1, last: 'odd' },
      ]);
      expect(listed.slice(4).map((p) => p.argv)).toEqual(wide.map((_, i) => [`${i}`.padEnd(29999, 'w')]));
    } finally {
      tree.remove();
    }
  });
});
