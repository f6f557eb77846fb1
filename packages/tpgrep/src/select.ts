import { available, isDenied, isGone, type Proc, type ProcFs, pgrepEscape, ttyName } from '@tproc/core';
import { NAMESPACES, type Namespace, type Options } from './options.ts';
import { shownCommand, subject } from './shown.ts';

export interface Match {
  proc: Proc;
  startTime: number;
}

/**
 * A namespace inode. Observed: a link that cannot be read counts as 0, and 0 matches 0: pid 1 of a
 * sandbox (EACCES) and a zombie's ipc/mnt/net/uts (ENOENT; its pid and user links still read).
 */
function namespaceOf(proc: Proc, type: Namespace): number {
  try {
    return proc.namespace(type);
  } catch (err) {
    if (isDenied(err) || isGone(err)) return 0;
    throw err;
  }
}

/**
 * The --ns process's namespaces, each read as namespaceOf does (observed: a pid that does not exist
 * reads as all 0, like pid 1 of a sandbox); undefined for pid 0, which matches nothing (observed).
 */
function referenceNamespaces(fs: ProcFs, pid: number, types: readonly Namespace[]): number[] | undefined {
  if (pid === 0) return undefined;
  const proc = fs.process(pid);
  return types.map((t) => namespaceOf(proc, t));
}

/** The processes pgrep would list, ascending by pid, with -n/-o applied. */
export function findMatches(fs: ProcFs, opts: Options, regex: RegExp | undefined, utf8: boolean): Match[] {
  const selfPid = fs.selfPid();
  const self = fs.process(selfPid).stat();
  const excluded = new Set([selfPid]);
  if (opts.ignoreAncestors) {
    for (let pid = self.ppid; pid > 0 && !excluded.has(pid); ) {
      excluded.add(pid);
      pid = available(() => fs.process(pid).stat().ppid) ?? 0;
    }
  }
  const pgroups = opts.pgroups?.map((g) => (g === 0 ? self.pgrp : g));
  const sessions = opts.sessions?.map((s) => (s === 0 ? self.session : s));
  const nsTypes = opts.nslist ?? NAMESPACES;
  // null: `--ns 0` (or `abc`), and nothing matches.
  const nsRef = opts.ns === undefined ? undefined : (referenceNamespaces(fs, opts.ns, nsTypes) ?? null);
  const drivers = opts.terminals ? (available(() => fs.ttyDrivers()) ?? []) : [];
  const now = opts.older === undefined ? 0 : fs.uptime().uptime;
  const hz = opts.older === undefined ? 100 : fs.host().clockTicks;

  const selects = (proc: Proc): boolean => {
    const stat = proc.stat();
    if (opts.pidfilePids && !opts.pidfilePids.includes(proc.pid)) return false;
    if (opts.parents && !opts.parents.includes(stat.ppid)) return false;
    if (pgroups && !pgroups.includes(stat.pgrp)) return false;
    if (sessions && !sessions.includes(stat.session)) return false;
    if (opts.runstates !== undefined && !opts.runstates.includes(stat.state)) return false;
    if (opts.older !== undefined && now - stat.starttime / hz < opts.older) return false;
    if (opts.terminals) {
      // observed: `?` stands for no controlling terminal, as ps shows it.
      const tty = stat.ttyNr === 0 ? '?' : ttyName(stat.ttyNr, drivers);
      if (tty === undefined || !opts.terminals.includes(tty)) return false;
    }
    if (opts.euids || opts.uids || opts.groups) {
      const status = proc.status();
      if (opts.euids && !opts.euids.includes(status.uid[1])) return false;
      if (opts.uids && !opts.uids.includes(status.uid[0])) return false;
      if (opts.groups && !opts.groups.includes(status.gid[0])) return false;
    }
    if (opts.cgroups) {
      const v2 = available(() => proc.cgroup())?.find((c) => c.hierarchyId === 0);
      if (!v2 || !opts.cgroups.includes(v2.path.toString('latin1'))) return false;
    }
    if (nsRef === null) return false;
    if (nsRef) {
      for (let i = 0; i < nsTypes.length; i++) {
        const type = nsTypes[i];
        if (type === undefined) continue;
        if (namespaceOf(proc, type) !== nsRef[i]) return false;
      }
    }
    if (regex) {
      const shown = opts.full ? shownCommand(proc, utf8) : pgrepEscape(stat.comm, utf8);
      if (!regex.test(subject(shown, utf8))) return false;
    }
    return true;
  };

  // observed: with -w every thread is a candidate of its own (its name, its start time), and -c
  // and -n count and pick threads.
  const candidates = (proc: Proc): Proc[] =>
    opts.lightweight ? (available(() => proc.tids()) ?? []).map((tid) => proc.task(tid)) : [proc];
  let matches: Match[] = [];
  for (const found of fs.walk((proc) => {
    if (excluded.has(proc.pid)) return [];
    const kept: Match[] = [];
    for (const task of candidates(proc)) {
      // A thread that exits meanwhile is skipped alone; the process gone, the walk drops it.
      const selected = proc.entry(() => selects(task) !== opts.inverse);
      if (selected) kept.push({ proc: task, startTime: task.stat().starttime });
    }
    return kept;
  })) {
    matches.push(...found);
  }
  if (opts.newest || opts.oldest) {
    let pick: Match | undefined;
    for (const m of matches) {
      if (!pick || (opts.newest ? m.startTime >= pick.startTime : m.startTime < pick.startTime)) pick = m;
    }
    matches = pick ? [pick] : [];
  }
  return matches;
}
