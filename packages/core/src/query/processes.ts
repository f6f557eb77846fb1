// The library face: what a Node program asks of /proc instead of spawning `ps`. Every function
// takes its ProcFs (a proc root of its own, fixture trees, a container's /proc) and the clock.
import { textFromBytes, textsFromNulList } from '../bytes-text.ts';
import { available, isGone } from '../errors.ts';
import { PF_KTHREAD, parseStat, type StatSummary } from '../parse/stat.ts';
import { entryOf } from './entry.ts';
import type { Proc, ProcessIdentity } from '../proc.ts';
import { ProcFs } from '../procfs.ts';

/** One process, as `tproc ps --json` shows it (keys there are the snake_case of these). */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Effective uid. */
  uid: number;
  /** The uid's name in passwd, or the number as text. */
  user: string;
  /** One letter as in stat: R S D Z T t X I... */
  state: string;
  /** The command name (comm, up to 15 bytes). */
  name: string;
  /** Arguments; empty for kernel threads and zombies. */
  argv: string[];
  /** The arguments joined by spaces, or `[name]` when there are none (as ps shows them). */
  command: string;
  /** Clock ticks after boot (stat field 22): with the pid, the process's identity. */
  startTicks: number;
  /** Seconds since the epoch (boot time plus the start ticks). */
  startTime: number;
  /** User plus system time, in seconds. */
  cpuSeconds: number;
  /** cpuSeconds over the seconds since start, times 100 (ps's %CPU). */
  cpuPercent: number;
  rssBytes: number;
  vszBytes: number;
  threads: number;
  nice: number;
  /** `PID@STARTTICKS`: names this process and no later one with the same pid. */
  token: string;
}

export interface QueryOptions {
  /** Default: a ProcFs on /proc. */
  fs?: ProcFs;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
}

/** A latin1 text that is its own UTF-8: no byte of 0x80 or above. */
const ASCII = /^[\x00-\x7f]*$/;

const STATE_NAMES: Readonly<Record<string, string>> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  Z: 'zombie',
  T: 'stopped',
  t: 'tracing-stop',
  X: 'dead',
  x: 'dead',
  I: 'idle',
  K: 'wakekill',
  W: 'waking',
  P: 'parked',
};

/** `sleeping` for `S`, as man 5 proc names the states. */
export function stateName(state: string): string {
  return STATE_NAMES[state] ?? 'unknown';
}

/** `PID@STARTTICKS`, the text form of an identity (see ProcessInfo.token). */
export function processToken(id: ProcessIdentity): string {
  return `${id.pid}@${id.startTime}`;
}

/** The identity a `PID@STARTTICKS` token names, or undefined when the text is not one. */
export function parseProcessToken(text: string): ProcessIdentity | undefined {
  const m = /^(\d{1,10})@(\d{1,20})$/.exec(text);
  if (!m) return undefined;
  const pid = Number(m[1]);
  const startTime = Number(m[2]);
  if (pid < 1 || !Number.isSafeInteger(startTime)) return undefined;
  return { pid, startTime };
}

/**
 * The ProcessInfo of a handle (its stat, effective uid and command line read already, or now);
 * throws ProcError (`gone` when it vanished).
 */
export function describeProcess(
  proc: Proc,
  fs: ProcFs,
  nowMs: number,
  stat: StatSummary = proc.stat(),
  known: Known = {},
): ProcessInfo {
  return describeWith(() => proc, fs, nowMs, stat, known);
}

/** What a listing read of a process already (ProcFs.processesAtOnce). */
type Known = { uid?: number | undefined; cmdline?: Buffer | undefined };

/** describeProcess with the handle made only if a file must still be read (procOf gives the same one each call). */
function describeWith(procOf: () => Proc, fs: ProcFs, nowMs: number, stat: StatSummary, known: Known): ProcessInfo {
  const host = fs.host();
  // Fields in ascending order: the stat parser finds each by walking on from the last one.
  const { pid, state } = stat;
  const ppid = stat.ppid;
  const pgid = stat.pgrp;
  const sid = stat.session;
  // A kernel thread has no arguments (no mm: man 5 proc's cmdline) and runs with init's
  // credentials: two reads fewer for each of them, most of an idle machine's processes.
  const kernel = (stat.flags & PF_KTHREAD) !== 0;
  const cpuSeconds = (stat.utime + stat.stime) / host.clockTicks;
  const nice = stat.nice;
  const threads = stat.numThreads;
  const startTicks = stat.starttime;
  const vszBytes = stat.vsize;
  const rssBytes = stat.rss * host.pageSize;
  const uid = kernel ? 0 : (known.uid ?? entryOf(procOf(), () => procOf().status())?.uid[1] ?? procOf().owner().uid);
  const latin1 = stat.commLatin1;
  const name = latin1 !== undefined && ASCII.test(latin1) ? latin1 : textFromBytes(stat.comm);
  const argv = kernel
    ? []
    : known.cmdline
      ? textsFromNulList(known.cmdline)
      : (entryOf(procOf(), () => procOf().cmdline()) ?? []).map(textFromBytes);
  const startTime = host.bootTime + startTicks / host.clockTicks;
  const age = nowMs / 1000 - startTime;
  return {
    pid,
    ppid,
    pgid,
    sid,
    uid,
    user: fs.users().userName(uid) ?? String(uid),
    state,
    name,
    argv,
    command: argv.length > 0 ? argv.join(' ') : `[${name}]`,
    startTicks,
    startTime,
    cpuSeconds,
    cpuPercent: age > 0 ? (cpuSeconds / age) * 100 : 0,
    rssBytes,
    vszBytes,
    threads,
    nice,
    token: processToken({ pid, startTime: startTicks }),
  };
}

/**
 * Every process, by pid; those that vanish while read are left out. Where the reader is loaded
 * (loadReaderLibrary), every process is read in one call on two threads (ProcFs.processesAtOnce);
 * else every stat at once, on two threads where a long listing would be.
 */
export function listProcesses(options: QueryOptions = {}): ProcessInfo[] {
  const fs = options.fs ?? new ProcFs();
  const now = (options.now ?? Date.now)();
  const out: ProcessInfo[] = [];
  const describe = (pid: number, stat: StatSummary | undefined, known: Known = {}) => {
    try {
      let proc: Proc | undefined;
      const procOf = () => (proc ??= fs.process(pid));
      out.push(describeWith(procOf, fs, now, stat ?? procOf().stat(), known));
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  };
  const read = fs.processesAtOnce();
  if (read !== undefined) {
    for (const p of read) describe(p.pid, p.stat, p);
    return out;
  }
  const { pids, texts } = fs.pidsWithTexts('stat', 1024);
  pids.forEach((pid, i) => {
    const text = texts[i];
    if (text !== undefined) describe(pid, parseStat(text));
  });
  return out;
}

/** One process, or undefined when there is none with that pid. */
export function readProcess(pid: number, options: QueryOptions = {}): ProcessInfo | undefined {
  const fs = options.fs ?? new ProcFs();
  try {
    return describeProcess(fs.process(pid), fs, (options.now ?? Date.now)());
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

/** A process and the processes it started, recursively. */
export interface ProcessNode<T extends { pid: number; ppid: number } = ProcessInfo> {
  process: T;
  children: ProcessNode<T>[];
}

/**
 * The forest of `processes`: roots are those whose parent is not among them (pid 1 and kthreadd,
 * or the subtree's top when a listing was cut); children in pid order.
 */
export function processTree<T extends { pid: number; ppid: number }>(processes: readonly T[]): ProcessNode<T>[] {
  const nodes = new Map<number, ProcessNode<T>>();
  for (const process of [...processes].sort((a, b) => a.pid - b.pid)) nodes.set(process.pid, { process, children: [] });
  const roots: ProcessNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.process.ppid !== node.process.pid ? nodes.get(node.process.ppid) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The pids below `pid` in `processes`, deepest first (so that children go before parents). */
export function descendantsOf<T extends { pid: number; ppid: number }>(pid: number, processes: readonly T[]): number[] {
  const children = new Map<number, number[]>();
  for (const p of processes) {
    if (p.pid === p.ppid) continue;
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const out: number[] = [];
  const visit = (at: number, seen: Set<number>): void => {
    for (const child of children.get(at) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      visit(child, seen);
      out.push(child);
    }
  };
  visit(pid, new Set([pid]));
  return out;
}

/** `pid`'s parent, grandparent... up to pid 1 (or the top of the proc root's namespace). */
export function ancestorsOf(pid: number, fs: ProcFs): number[] {
  const out: number[] = [];
  const seen = new Set<number>([pid]);
  let at = pid;
  for (;;) {
    const ppid = available(() => fs.process(at).stat().ppid);
    if (ppid === undefined || ppid <= 0 || seen.has(ppid)) return out;
    out.push(ppid);
    seen.add(ppid);
    at = ppid;
  }
}
