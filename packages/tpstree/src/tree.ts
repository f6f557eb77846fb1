import { available, type Proc, type ProcFs, type Stat } from '@tproc/core';

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
  /** The process (a thread's is its process's); undefined for the `?` root. */
  proc: Proc | undefined;
}

export interface BuildOptions {
  threads: boolean;
  /** `-t`: a thread shows its own comm rather than its process's. */
  threadNames: boolean;
}

const nameOf = (stat: Stat): string => stat.commLatin1 ?? stat.comm.toString('latin1');

function newNode(proc: Proc | undefined, pid: number, name: string, thread: boolean, ppid: number): Node {
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
    proc,
  };
}

/**
 * Every process (and thread) linked to its parent, from one read of each stat file (and of each
 * thread's with -t). Processes that vanish meanwhile are skipped, and so are threads that exit
 * while their process lives on.
 */
export function buildForest(fs: ProcFs, opts: BuildOptions): Map<number, Node> {
  const nodes = new Map<number, Node>();
  const read = (proc: Proc): Node => {
    const stat = proc.stat();
    const node = newNode(proc, proc.pid, nameOf(stat), false, stat.ppid);
    node.pgid = stat.pgrp;
    node.startTime = stat.starttime;
    if (opts.threads && stat.numThreads > 1) addThreads(node, proc, stat, opts.threadNames);
    return node;
  };
  // A tree keeps every process: without the JIT's code and data, 5,000 took ~10 MB less (at 128
  // ms against 120).
  for (const node of fs.walk(read, { holdsJit: true })) nodes.set(node.pid, node);
  for (const node of nodes.values()) {
    const parent = nodes.get(node.ppid);
    if (parent && parent !== node) {
      node.parent = parent;
      parent.children.push(node);
    }
  }
  return nodes;
}

function addThreads(node: Node, proc: Proc, stat: Stat, threadNames: boolean): void {
  const tids = available(() => proc.tids()) ?? [];
  for (const tid of tids) {
    if (tid === node.pid) continue;
    let comm = nameOf(stat);
    let startTime = stat.starttime;
    if (threadNames) {
      const own = proc.entry(() => proc.task(tid).stat());
      if (!own) continue;
      comm = nameOf(own);
      startTime = own.starttime;
    }
    const thread = newNode(proc, tid, `{${comm}}`, true, node.pid);
    thread.pgid = stat.pgrp;
    thread.startTime = startTime;
    thread.parent = node;
    node.children.push(thread);
  }
}

/** The process of a node (a thread's is its process), for the files only some options read. */
export function procOf(node: Node): Proc | undefined {
  return node.proc;
}

/** Effective uid (the owner of /proc/<pid>); 0 when unreadable. Read once, when first needed. */
export function uidOf(node: Node): number {
  node.uid ??= (node.proc && available(() => node.proc?.owner().uid)) ?? 0;
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
