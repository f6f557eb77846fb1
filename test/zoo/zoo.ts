// A zoo of real processes in awkward shapes, for differential tests that restrict the commands to
// zoo.pids (`ps -p`, `lsof -p`, ...). Several zoos may run at once (one per test file), so never
// match zoo processes by name alone.
import { chmodSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guarded } from './cleanup.ts';
import * as holders from './holders.ts';
import { Keeper } from './keeper.ts';
import type { Launched } from './launch.ts';
import { childrenOf, hasComm, readCmdline, readStat, waitFor } from './proc.ts';

export const SLEEP = '/usr/bin/sleep';
const forever = '100000';

export interface Zoo {
  /** Temp dir under /tmp holding every zoo file and copied binary; the cwd of every zoo process but `files`. */
  dir: string;
  /** Every pid started (including grandchildren and the zombie), ascending. */
  pids: number[];
  /** `sleep`, SIGSTOPped (state T). */
  stopped: number;
  /** `parent` is `sh` that will not reap its dead `sleep` child `zombie` (state Z) until stop(). */
  zombie: { parent: number; zombie: number };
  /** `sleep` at nice 10 / nice -5. */
  niced: number;
  highPriority: number;
  /** perl with `threads` threads in all. The perl holders run <dir>/<role>.pl. */
  threaded: { pid: number; threads: number };
  /** `sleep` owned by nobody:nogroup (65534) with no supplementary groups. */
  nobody: number;
  /** `script` (no tty) running `sleep` as session leader on `tty` (e.g. 'pts/3'). */
  pty: { script: number; child: number; tty: string; ttyNr: number };
  /** Copies of sleep whose comm is awkward: `exe` is the copy's full path. */
  spacedName: { pid: number; comm: string; exe: string };
  /** comm is the first 15 bytes of `name`. */
  longName: { pid: number; name: string; comm: string; exe: string };
  /** comm `zq\x01é`: a control byte and a two-byte UTF-8 character. */
  hostileName: { pid: number; comm: string; exe: string };
  /** perl whose argv (exactly `argv`, as bytes) holds escapes, tab, newline, invalid UTF-8 and ''. */
  hostileArgs: { pid: number; argv: Buffer[] };
  /**
   * sh whose argument area is 148,197 bytes: pstree -l reads 8,192 of it, ending inside the
   * short arguments (`…\0b\0c`); ps shows 131,071 bytes of it, ending among two-byte `é`s.
   */
  longArgs: { pid: number; argv: Buffer[] };
  /** `sh` → 3 × `sleep` + `sh` → `sleep`. `children` lists all four children. */
  family: { parent: number; children: number[]; sleepers: number[]; middle: number; grandchild: number };
  /** perl holding `read` (O_RDONLY), `write` (O_WRONLY), `deleted` (unlinked, O_RDWR), `fifo` (O_RDONLY). */
  files: { pid: number; cwd: string; read: string; write: string; deleted: string; fifo: string };
  /** perl listening on 127.0.0.1:tcpPort, [::1]:tcp6Port, the Unix socket unixPath; UDP on 127.0.0.1:udpPort. */
  sockets: { pid: number; tcpPort: number; tcp6Port: number; udpPort: number; unixPath: string };
  /** Two perls with one ESTABLISHED TCP connection over 127.0.0.1 (the listener is closed). */
  tcpPair: { server: number; client: number; serverPort: number; clientPort: number };
  /**
   * perl (cwd `dir`) holding, for lsof: offset.txt read at offset 777, maps of mapped.txt and of the
   * since deleted mapgone.txt, an eventfd, an epoll set, inotify, timerfd, signalfd, pidfd and memfd,
   * flock.txt (flock), fcntl-w.txt (fcntl, whole, write), fcntl-r.txt (fcntl, bytes 10-29, read),
   * `dir` itself, append.txt and a file named `odd\x01name é\xff\n\x1b[1m.txt`.
   */
  openFiles: { pid: number; dir: string };
  /**
   * perl with UDP6 on [::]:udp6Port and [::1]:udp6LoopbackPort, UDP connected from udpPort to
   * 127.0.0.1:53, a Unix socket pair, an abstract listener and its client, a datagram socket bound
   * to `dir`/`dgram \x01\xff.sock`, netlink, raw and packet sockets, and TCP sockets in no table.
   */
  moreSockets: { pid: number; dir: string; udp6Port: number; udp6LoopbackPort: number; udpPort: number };
  /** perl listening on TCP 0.0.0.0:port in a network namespace of its own (unshare -n). */
  netns: { pid: number; port: number };
  /**
   * perl whose threads each named themselves (prctl(PR_SET_NAME) via /proc/thread-self/comm):
   * `names` as set, `comms` as the kernel keeps them (15 bytes: the long one cut, the last cut
   * inside a two-byte UTF-8 character). The process's own name stays `perl`.
   */
  namedThreads: { pid: number; names: string[]; comms: Buffer[] };
  /**
   * perls that rewrote their argument area as setproctitle does (`$0 = ...`): `short` within the
   * original area, `long` spilling over into the environment's.
   */
  retitled: { short: { pid: number; title: string }; long: { pid: number; title: string } };
  /** Copies of sleep whose names the kernel cuts at 15 bytes inside a multi-byte UTF-8 character. */
  cutNames: { pid: number; name: string; comm: Buffer; exe: string }[];
  /** The `sh` whose children are namedThreads, retitled and cutNames (one tree for pstree). */
  renamedParent: number;
  /** Kills everything by pid and removes dir; safe to call more than once. */
  stop(): Promise<void>;
}

type Roles = Omit<Zoo, 'dir' | 'pids' | 'stop'>;

export async function startZoo(): Promise<Zoo> {
  const keeper = new Keeper('tproc-zoo-');
  // Open to everyone (mkdtemp makes it 0700), so that tools run as nobody can name its files.
  chmodSync(keeper.dir, 0o755);
  try {
    const roles = await startRoles(keeper);
    await idle(keeper.pids());
    return { ...roles, dir: keeper.dir, pids: keeper.pids(), stop: () => keeper.stop() };
  } catch (err) {
    await keeper.stop();
    throw err;
  }
}

/**
 * Waits (up to 10 s) until no zoo process gains cpu time over 200 ms: a perl still compiling its
 * script when the reference and ours run one after the other shows two different %CPU values.
 */
async function idle(pids: number[]): Promise<void> {
  const cpu = (): string =>
    pids
      .map((pid) => {
        const st = readStat(pid);
        return `${st?.utime},${st?.stime}`;
      })
      .join(' ');
  const deadline = Date.now() + 10_000;
  let before = cpu();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = cpu();
    if (now === before) return;
    before = now;
  }
}

async function startRoles(k: Keeper): Promise<Roles> {
  const [
    stopped,
    zombie,
    niced,
    highPriority,
    threaded,
    nobody,
    pty,
    spacedName,
    longName,
    hostileName,
    hostileArgs,
    longArgs,
    family,
    files,
    sockets,
    tcpPair,
    openFiles,
    moreSockets,
    netns,
    renamed,
  ] = await Promise.all([
    startStopped(k),
    startZombie(k),
    startSleep(k, ['nice', '-n', '10', 'sleep', forever]),
    startSleep(k, ['nice', '-n', '-5', 'sleep', forever]),
    startThreaded(k),
    // The uid change would clear an outer parent-death signal, so set it again as nobody.
    startSleep(k, ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...guarded(['sleep', forever])]),
    startPty(k),
    startCopy(k, 'odd (name) x'),
    startCopy(k, 'averyveryverylongprocessname'),
    startCopy(k, 'zq\x01é'),
    startHostileArgs(k),
    startLongArgs(k),
    startFamily(k),
    startFiles(k),
    startSockets(k),
    startTcpPair(k),
    startOpenFiles(k),
    startMoreSockets(k),
    startNetns(k),
    startRenamed(k),
  ]);
  return {
    stopped,
    zombie,
    niced,
    highPriority,
    threaded,
    nobody,
    pty,
    spacedName,
    longName: { ...longName, name: 'averyveryverylongprocessname' },
    hostileName,
    hostileArgs,
    longArgs,
    family,
    files,
    sockets,
    tcpPair,
    openFiles,
    moreSockets,
    netns,
    ...renamed,
  };
}

/** Writes a holder program to <dir>/<name>.pl, so that process listings show a short command line. */
function perlScript(k: Keeper, name: string, code: string): string {
  const path = join(k.dir, `${name}.pl`);
  writeFileSync(path, code);
  return path;
}

async function execed(p: Launched, comm: string): Promise<number> {
  await waitFor(() => hasComm(p.pid, comm), `pid ${p.pid} to exec ${comm}`);
  return p.pid;
}

function startSleep(k: Keeper, argv: string[]): Promise<number> {
  return execed(k.start(argv), 'sleep');
}

async function startStopped(k: Keeper): Promise<number> {
  const pid = await startSleep(k, ['sleep', forever]);
  process.kill(pid, 'SIGSTOP');
  await waitFor(() => readStat(pid)?.state === 'T', `pid ${pid} to stop`);
  return pid;
}

async function startZombie(k: Keeper): Promise<Zoo['zombie']> {
  // dash reaps only in `wait`, so the child stays a zombie while `read` blocks on our open stdin.
  const parent = k.start(['sh', '-c', 'sleep 0 & read line; wait'], { stdin: 'pipe', endOnStdinClose: true });
  let zombie: number | undefined;
  await waitFor(() => {
    zombie = childrenOf(parent.pid).find((c) => readStat(c)?.state === 'Z');
    return zombie !== undefined;
  }, 'a zombie');
  k.record(zombie!);
  return { parent: parent.pid, zombie: zombie! };
}

async function startThreaded(k: Keeper): Promise<Zoo['threaded']> {
  const p = k.start(['perl', perlScript(k, 'threads', holders.threaded)]);
  await p.nextLine();
  return { pid: p.pid, threads: 3 };
}

async function startPty(k: Keeper): Promise<Zoo['pty']> {
  const script = k.start(['script', '-qfc', `exec sleep ${forever}`, '/dev/null'], {
    env: { ...process.env, SHELL: '/bin/sh' },
  });
  let child: number | undefined;
  await waitFor(() => {
    child = childrenOf(script.pid).find((c) => hasComm(c, 'sleep'));
    return child !== undefined;
  }, 'the sleep under script');
  k.adopt(child!);
  const tty = readlinkSync(`/proc/${child}/fd/0`).replace(/^\/dev\//, '');
  return { script: script.pid, child: child!, tty, ttyNr: readStat(child!)?.ttyNr ?? 0 };
}

async function startCopy(k: Keeper, name: string): Promise<{ pid: number; comm: string; exe: string }> {
  const exe = k.copyBinary(SLEEP, name);
  const comm = Buffer.from(name).subarray(0, 15).toString();
  const pid = await execed(k.start([exe, forever]), comm);
  return { pid, comm, exe };
}

async function startHostileArgs(k: Keeper): Promise<Zoo['hostileArgs']> {
  // Node passes arguments as UTF-8 strings; printf makes the invalid bytes.
  const p = k.start([
    'sh',
    '-c',
    `exec perl -e 'sleep ${forever}' "$(printf '\\303\\251\\001b\\nc\\033[31m')" "$(printf 'a\\tb')" "$(printf '\\377\\376x')" ''`,
  ]);
  await execed(p, 'perl');
  const argv = [
    Buffer.from('perl'),
    Buffer.from('-e'),
    Buffer.from(`sleep ${forever}`),
    Buffer.from('é\x01b\nc\x1b[31m'),
    Buffer.from('a\tb'),
    Buffer.from([0xff, 0xfe, 0x78]),
    Buffer.alloc(0),
  ];
  return { pid: p.pid, argv };
}

async function startLongArgs(k: Keeper): Promise<Zoo['longArgs']> {
  // sh rather than perl: starting takes it no clock tick, so %CPU stays 0.0.
  const head = ['sh', '-c', `setpriv --pdeathsig KILL sleep ${forever}; :`];
  const headBytes = head.reduce((n, a) => n + Buffer.byteLength(a) + 1, 0);
  const argv = [...head, 'a'.repeat(8192 - headBytes - 4), 'b', 'c', 'd', 'a'.repeat(60000), 'é'.repeat(40000)];
  const p = k.start(argv);
  let sleeper: number | undefined;
  await waitFor(() => {
    sleeper = childrenOf(p.pid).find((c) => hasComm(c, 'sleep'));
    return sleeper !== undefined;
  }, 'the long-argument sh to start sleep');
  k.adopt(sleeper!);
  return { pid: p.pid, argv: argv.map((a) => Buffer.from(a)) };
}

async function startFamily(k: Keeper): Promise<Zoo['family']> {
  const sleep = `setpriv --pdeathsig KILL sleep ${forever}`;
  const script = `${sleep} & ${sleep} & ${sleep} & setpriv --pdeathsig KILL sh -c '${sleep}; :' & wait`;
  const parent = k.start(['sh', '-c', script]);
  let found: Omit<Zoo['family'], 'parent'> | undefined;
  await waitFor(() => {
    const children = childrenOf(parent.pid);
    const sleepers = children.filter((c) => hasComm(c, 'sleep'));
    const middle = children.find((c) => !sleepers.includes(c));
    const grandchild = middle === undefined ? undefined : childrenOf(middle).find((c) => hasComm(c, 'sleep'));
    if (children.length !== 4 || sleepers.length !== 3 || grandchild === undefined || !hasComm(middle!, 'sh')) {
      return false;
    }
    found = { children, sleepers, middle: middle!, grandchild };
    return true;
  }, 'the family');
  k.adopt(...found!.children, found!.grandchild);
  return { parent: parent.pid, ...found! };
}

async function startFiles(k: Keeper): Promise<Zoo['files']> {
  const cwd = join(k.dir, 'files');
  mkdirSync(cwd);
  const paths = {
    read: join(cwd, 'read.txt'),
    write: join(cwd, 'write.txt'),
    deleted: join(cwd, 'deleted.txt'),
    fifo: join(cwd, 'fifo'),
  };
  writeFileSync(paths.read, 'zoo\n');
  const p = k.start(
    ['perl', perlScript(k, 'files', holders.filesHolder), paths.read, paths.write, paths.deleted, paths.fifo],
    {
      cwd,
    },
  );
  await p.nextLine();
  return { pid: p.pid, cwd, ...paths };
}

async function startSockets(k: Keeper): Promise<Zoo['sockets']> {
  const unixPath = join(k.dir, 'zoo.sock');
  const p = k.start(['perl', perlScript(k, 'sockets', holders.socketsHolder), unixPath]);
  const [tcpPort, tcp6Port, udpPort] = (await p.nextLine()).split(' ').map(Number);
  return { pid: p.pid, tcpPort: tcpPort!, tcp6Port: tcp6Port!, udpPort: udpPort!, unixPath };
}

async function startTcpPair(k: Keeper): Promise<Zoo['tcpPair']> {
  const server = k.start(['perl', perlScript(k, 'tcp-server', holders.tcpServer)]);
  const serverPort = await server.nextLine();
  const client = k.start(['perl', perlScript(k, 'tcp-client', holders.tcpClient), serverPort]);
  const [clientPort] = await Promise.all([client.nextLine(), server.nextLine()]);
  return { server: server.pid, client: client.pid, serverPort: Number(serverPort), clientPort: Number(clientPort) };
}

async function startOpenFiles(k: Keeper): Promise<Zoo['openFiles']> {
  const dir = join(k.dir, 'open');
  mkdirSync(dir);
  const p = k.start(['perl', perlScript(k, 'open-files', holders.openFilesHolder), dir], { cwd: dir });
  await p.nextLine();
  return { pid: p.pid, dir };
}

async function startMoreSockets(k: Keeper): Promise<Zoo['moreSockets']> {
  const dir = join(k.dir, 'sockdir');
  mkdirSync(dir);
  // lsof cuts the datagram socket's path (`dgram \x01\xff.sock`) at its blank and stats what is
  // left; when that stat fails, it matches the socket with the last file it did stat (observed:
  // listed for zoo.sock or not, by /proc/net/unix's order). A file at the cut path keeps the
  // comparison to what lsof does every time: the socket is found by that path.
  writeFileSync(join(dir, 'dgram'), '');
  const p = k.start(['perl', perlScript(k, 'more-sockets', holders.moreSocketsHolder), dir]);
  const [udp6Port, udp6LoopbackPort, udpPort] = (await p.nextLine()).split(' ').map(Number);
  return { pid: p.pid, dir, udp6Port: udp6Port!, udp6LoopbackPort: udp6LoopbackPort!, udpPort: udpPort! };
}

async function startNetns(k: Keeper): Promise<Zoo['netns']> {
  // The uid stays root, so the parent-death signal set by guarded() survives the unshare.
  const p = k.start(['unshare', '--net', ...guarded(['perl', perlScript(k, 'netns', holders.netnsListener)])]);
  const port = Number(await p.nextLine());
  await waitFor(() => hasComm(p.pid, 'perl'), `pid ${p.pid} to exec perl`);
  return { pid: p.pid, port };
}

/** Thread names: blanks and parentheses, over 15 bytes, and 16 bytes ending in a two-byte character. */
const THREAD_NAMES = ['zoo worker 1', 'io(x) y', 'averyveryverylongthreadname', `tt${'é'.repeat(7)}`];
/** 14 bytes and a two-byte character; 13 and a three-byte one: both cut inside the character. */
const CUT_NAMES = ['abcdefghijklmné', 'abcdefghijklm€x'];
/** Titles, and how many times each is repeated: the second runs over the argument area. */
const TITLES: [string, number][] = [
  ['zoo: retitled  x (y) -- z', 1],
  ['zoo: long title ', 24],
];

/**
 * The roles that rename themselves (namedThreads, retitled, cutNames), started by one `sh`: a
 * process start costs the zoo more than anything else on a loaded machine (each is a fork of node).
 */
async function startRenamed(k: Keeper): Promise<Pick<Zoo, 'namedThreads' | 'retitled' | 'cutNames' | 'renamedParent'>> {
  const exes = CUT_NAMES.map((name) => k.copyBinary(SLEEP, name));
  const retitle = perlScript(k, 'retitled', holders.retitled);
  const threads = perlScript(k, 'named-threads', holders.namedThreads);
  const guard = 'setpriv --pdeathsig KILL';
  const q = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;
  const script = [
    ...exes.map((exe) => `${guard} ${q(exe)} ${forever} &`),
    ...TITLES.map(([title, times]) => `${guard} perl ${q(retitle)} ${q(title)} ${times} >/dev/null &`),
    `${guard} perl ${q(threads)} ${THREAD_NAMES.map(q).join(' ')} >/dev/null &`,
    'wait',
  ].join('\n');
  const parent = k.start(['sh', '-c', script]);
  const comms = THREAD_NAMES.map((n) => Buffer.from(n).subarray(0, 15));
  const found = { cut: [] as number[], titled: [] as number[], threads: 0 };
  await waitFor(
    () => {
      const children = childrenOf(parent.pid);
      if (children.length !== exes.length + TITLES.length + 1) return false;
      found.cut = CUT_NAMES.map((name) => children.find((c) => hasComm(c, Buffer.from(name))) ?? 0);
      found.titled = TITLES.map(
        ([title, times]) => children.find((c) => readCmdline(c)?.[0]?.toString() === title.repeat(times)) ?? 0,
      );
      found.threads =
        children.find((c) => {
          const tasks = threadComms(c);
          return comms.every((comm) => tasks.some((t) => t.equals(comm)));
        }) ?? 0;
      return !found.cut.includes(0) && !found.titled.includes(0) && found.threads !== 0;
    },
    'the renamed processes',
    5000,
  );
  k.adopt(...found.cut, ...found.titled, found.threads);
  const [short, long] = found.titled.map((pid, i) => ({ pid, title: TITLES[i]![0].repeat(TITLES[i]![1]) }));
  return {
    renamedParent: parent.pid,
    namedThreads: { pid: found.threads, names: THREAD_NAMES, comms },
    retitled: { short: short!, long: long! },
    cutNames: found.cut.map((pid, i) => ({
      pid,
      name: CUT_NAMES[i]!,
      comm: Buffer.from(CUT_NAMES[i]!).subarray(0, 15),
      exe: exes[i]!,
    })),
  };
}

/** The command names of every thread of pid. */
function threadComms(pid: number): Buffer[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => readFileSync(`/proc/${pid}/task/${tid}/comm`).subarray(0, -1));
  } catch {
    return [];
  }
}
