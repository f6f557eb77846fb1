import { available, isGone, listDir, ownerOf, type Proc, type ProcFs, readInto } from '@tproc/core';

/** A process or a thread, as pstree shows it. */
export interface Node {
  pid: number;
  /** The name as sorted and shown, before escaping, one char per byte (latin1): comm, or `{comm}` for a thread. */
  name: string;
  thread: boolean;
  /** For a thread, its process. */
  ppid: number;
  pgid: number;
  /** Clock ticks after boot. */
  startTime: number;
  children: Node[];
  parent: Node | undefined;
  /** Cache of uidOf(). */
  uid: number | undefined;
  /** Where the node was read; undefined for the `?` root. */
  fs: ProcFs | undefined;
  /** Cache of procOf(). */
  proc: Proc | undefined;
}

export interface BuildOptions {
  threads: boolean;
  /** `-t`: a thread shows its own comm rather than its process's. */
  threadNames: boolean;
}

/** The few stat fields a tree needs (man 5 proc), read straight from the bytes. */
interface QuickStat {
  comm: string;
  ppid: number;
  pgrp: number;
  numThreads: number;
  starttime: number;
}

/** Room for any /proc/<pid>/stat (comm is at most 64 bytes, the 50-odd numbers follow). */
const buffer = Buffer.allocUnsafe(4096);

/** Reads and scans one stat file; undefined when the process (or thread) is gone. */
function quickStat(path: string): QuickStat | undefined {
  let length: number;
  try {
    length = readInto(path, buffer);
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
  const open = buffer.indexOf(0x28);
  const close = buffer.lastIndexOf(0x29, length - 1);
  const stat: QuickStat = {
    comm: buffer.toString('latin1', open + 1, close),
    ppid: 0,
    pgrp: 0,
    numThreads: 0,
    starttime: 0,
  };
  // Field numbers as in man 5 proc: field 3 (state) starts at close + 2. The numbers wanted are
  // never negative.
  let field = 3;
  let value = 0;
  for (let i = close + 2; i < length; i++) {
    const b = buffer[i]!;
    if (b !== 0x20) {
      value = value * 10 + (b - 48);
      continue;
    }
    if (field === 4) stat.ppid = value;
    else if (field === 5) stat.pgrp = value;
    else if (field === 20) stat.numThreads = value;
    else if (field === 22) {
      stat.starttime = value;
      break;
    }
    field++;
    value = 0;
  }
  return stat;
}

function newNode(fs: ProcFs | undefined, pid: number, name: string, thread: boolean, ppid: number): Node {
  return {
    pid,
    name,
    thread,
    ppid,
    pgid: 0,
    startTime: 0,
    children: [],
    parent: undefined,
    uid: undefined,
    fs,
    proc: undefined,
  };
}

/**
 * Every process (and thread) linked to its parent, from one read of each stat file (and of each
 * thread's with -t). Processes that vanish meanwhile are skipped.
 */
export function buildForest(fs: ProcFs, opts: BuildOptions): Map<number, Node> {
  const nodes = new Map<number, Node>();
  const root = fs.procRoot;
  for (const entry of listDir(root)) {
    const c = entry.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const stat = quickStat(`${root}/${entry}/stat`);
    if (!stat) continue;
    const pid = Number(entry);
    const node = newNode(fs, pid, stat.comm, false, stat.ppid);
    node.pgid = stat.pgrp;
    node.startTime = stat.starttime;
    nodes.set(pid, node);
    if (opts.threads && stat.numThreads > 1) addThreads(node, stat, opts.threadNames);
  }
  for (const node of nodes.values()) {
    const parent = nodes.get(node.ppid);
    if (parent && parent !== node) {
      node.parent = parent;
      parent.children.push(node);
    }
  }
  return nodes;
}

function addThreads(node: Node, stat: QuickStat, threadNames: boolean): void {
  const dir = `${node.fs!.procRoot}/${node.pid}/task`;
  const tids = available(() => listDir(dir)) ?? [];
  for (const entry of tids) {
    const tid = Number(entry);
    if (tid === node.pid || !Number.isInteger(tid)) continue;
    let comm = stat.comm;
    let startTime = stat.starttime;
    if (threadNames) {
      const own = quickStat(`${dir}/${entry}/stat`);
      if (!own) continue;
      comm = own.comm;
      startTime = own.starttime;
    }
    const thread = newNode(node.fs, tid, `{${comm}}`, true, node.pid);
    thread.pgid = stat.pgrp;
    thread.startTime = startTime;
    thread.parent = node;
    node.children.push(thread);
  }
}

/** The process of a node (a thread's is its process), for the files only some options read. */
export function procOf(node: Node): Proc | undefined {
  if (!node.proc && node.fs) node.proc = node.fs.process(node.thread ? node.ppid : node.pid);
  return node.proc;
}

/** Effective uid (the owner of /proc/<pid>); 0 when unreadable. Read once, when first needed. */
export function uidOf(node: Node): number {
  if (node.uid === undefined) {
    const pid = node.thread ? node.ppid : node.pid;
    node.uid = (node.fs && available(() => ownerOf(`${node.fs!.procRoot}/${pid}`).uid)) ?? 0;
  }
  return node.uid;
}

/** Siblings by name (bytes), then uid, then pid; or by pid alone (`-n`). Recursively. */
export function sortTree(node: Node, numeric: boolean): void {
  const stack = [node];
  const compare = numeric ? byPid : byName;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.children.length > 1) n.children.sort(compare);
    for (const child of n.children) if (child.children.length > 0) stack.push(child);
  }
}

const byPid = (a: Node, b: Node): number => a.pid - b.pid;

function byName(a: Node, b: Node): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return uidOf(a) - uidOf(b) || a.pid - b.pid;
}
