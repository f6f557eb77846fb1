import { available, type ProcFs, type Proc } from '@tproc/core';

/** A process or a thread, as pstree shows it. */
export interface Node {
  pid: number;
  /** The name as sorted and shown, before escaping: comm, or `{comm}` for a thread. */
  name: Buffer;
  thread: boolean;
  ppid: number;
  pgid: number;
  /** Clock ticks after boot. */
  startTime: number;
  children: Node[];
  parent?: Node;
  /** The process (a thread points at its process): uid and arguments are read only when needed. */
  proc?: Proc;
}

export interface BuildOptions {
  threads: boolean;
  /** `-t`: a thread shows its own comm rather than its process's. */
  threadNames: boolean;
}

const braces = (comm: Buffer): Buffer => Buffer.concat([Buffer.of(0x7b), comm, Buffer.of(0x7d)]);

/** Every process (and thread) linked to its parent. Processes that vanish meanwhile are skipped. */
export function buildForest(fs: ProcFs, opts: BuildOptions): Map<number, Node> {
  const nodes = new Map<number, Node>();
  for (const node of fs.walk((proc) => readNode(proc, opts))) nodes.set(node.pid, node);
  for (const node of nodes.values()) {
    if (node.thread) continue;
    const parent = nodes.get(node.ppid);
    if (parent && parent !== node) {
      node.parent = parent;
      parent.children.push(node);
    }
  }
  return nodes;
}

/** The few stat fields a tree needs, without parsing the other fifty (man 5 proc). */
function quickStat(bytes: Buffer): { comm: Buffer; ppid: number; pgrp: number; numThreads: number; starttime: number } {
  const open = bytes.indexOf(0x28);
  const close = bytes.lastIndexOf(0x29);
  // Fields from 3 (state) on; indexes below are the man page's numbers minus 3.
  const rest = bytes.toString('latin1', close + 2).split(' ', 20);
  return {
    comm: bytes.subarray(open + 1, close),
    ppid: Number(rest[1]),
    pgrp: Number(rest[2]),
    numThreads: Number(rest[17]),
    starttime: Number(rest[19]),
  };
}

function readNode(proc: Proc, opts: BuildOptions): Node {
  const stat = quickStat(proc.file('stat'));
  const node: Node = {
    pid: proc.pid,
    name: stat.comm,
    thread: false,
    ppid: stat.ppid,
    pgid: stat.pgrp,
    startTime: stat.starttime,
    children: [],
    proc,
  };
  if (opts.threads && stat.numThreads > 1) {
    const tids = available(() => proc.tids()) ?? [];
    for (const tid of tids) {
      if (tid === proc.pid) continue;
      const taskStat = opts.threadNames ? available(() => quickStat(proc.task(tid).file('stat'))) : undefined;
      if (opts.threadNames && !taskStat) continue;
      node.children.push({
        pid: tid,
        name: braces(taskStat?.comm ?? stat.comm),
        thread: true,
        ppid: proc.pid,
        pgid: stat.pgrp,
        startTime: taskStat?.starttime ?? stat.starttime,
        children: [],
        parent: node,
        proc,
      });
    }
  }
  return node;
}

/** Effective uid (the owner of /proc/<pid>); 0 when unreadable. */
export function uidOf(node: Node): number {
  return (node.proc && available(() => node.proc!.owner().uid)) ?? 0;
}

/** Siblings by name (bytes), then uid, then pid; or by pid alone (`-n`). Recursively. */
export function sortTree(node: Node, numeric: boolean): void {
  const stack = [node];
  const compare = numeric ? byPid : byName;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.children.length > 1) n.children.sort(compare);
    stack.push(...n.children);
  }
}

const byPid = (a: Node, b: Node): number => a.pid - b.pid;

function byName(a: Node, b: Node): number {
  return Buffer.compare(a.name, b.name) || uidOf(a) - uidOf(b) || a.pid - b.pid;
}
