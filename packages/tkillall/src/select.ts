import {
  available,
  basename,
  COMM_BYTES,
  compileEre,
  type FileIdentity,
  fileIdentity,
  isGone,
  type Proc,
  ProcError,
  type ProcessIdentity,
  type ProcFs,
  sameFile,
} from '@tproc/core';
import type { KillallOptions } from './options.ts';

/** What the scan decided, in pid order; the signalling phase replays it. */
export type Step =
  | { kind: 'note'; text: Buffer }
  | {
      kind: 'match';
      id: ProcessIdentity;
      pgid: number;
      /** The name -v shows: the long name when there is one. */
      label: Buffer;
      /** The name the -i question shows (observed: always comm, cut at 15 bytes). */
      comm: Buffer;
      nameIndex: number;
    };

export interface Selector {
  names: string[];
  /** One matcher per name: true when the process answers to it. */
  matchers: Array<(p: Candidate) => boolean>;
}

export interface Candidate {
  proc: Proc;
  /** comm as latin1 (one char per byte). */
  comm: string;
  /** The untruncated name found in the command line when comm was cut at 15 bytes. */
  longName?: string;
  /** comm is cut and the command line gave no longer name. */
  partial: boolean;
}

export type SelectError = { message: string };

const toBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
const lowerAscii = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/**
 * Builds the per-name tests. Observed: a name with `/` (unless -r) selects by executable file
 * (same device and inode as /proc/<pid>/exe); it must exist (`X: No such file or directory`, exit
 * 1, before anything is signalled). -r compiles every name first (`killall: Bad regular expression:`).
 */
export function buildSelector(options: KillallOptions, program: string, utf8: boolean): Selector | SelectError {
  const matchers: Selector['matchers'] = [];
  const same = options.ignoreCase
    ? (a: string, b: string) => lowerAscii(a) === lowerAscii(b)
    : (a: string, b: string) => a === b;
  for (const raw of options.names) {
    const name = toBytes(raw);
    if (options.regexp) {
      // Observed: killall names no reason (pgrep gives glibc's), and exits 1. In a UTF-8 locale
      // the expression takes characters (`-r 'w.rk'` finds `wörk`, in C `-r 'w..rk'` does).
      const compiled = compileEre(utf8 ? raw : name, options.ignoreCase, utf8);
      if (!compiled.ok) return { message: `${program}: Bad regular expression: ${raw}\n` };
      const re = compiled.regex;
      const text = utf8 ? (s: string) => Buffer.from(s, 'latin1').toString('utf8') : (s: string) => s;
      matchers.push((p) => re.test(text(p.longName ?? p.comm)));
    } else if (name.includes('/')) {
      let file: FileIdentity;
      try {
        file = fileIdentity(raw);
      } catch (err) {
        const code = err instanceof ProcError ? err.code : undefined;
        return { message: `${raw}: ${code === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}\n` };
      }
      matchers.push((p) => {
        const exe = available(() => p.proc.exeIdentity());
        return exe !== undefined && sameFile(exe, file);
      });
    } else {
      matchers.push((p) => {
        if (p.longName !== undefined) return same(p.longName, name);
        // A cut comm matches any name that starts with it (killall(1): "within the first 15").
        if (p.partial) return same(p.comm, name.slice(0, COMM_BYTES));
        return same(p.comm, name);
      });
    }
  }
  return { names: options.names, matchers };
}

/**
 * The name killall shows and matches. When comm is cut at 15 bytes, observed: the basename of
 * argv[0], or else of argv[1] (a script run through its interpreter), if it starts with comm;
 * failing both, comm is a partial name (skipped under -e).
 */
export function candidate(proc: Proc): Candidate {
  const comm = proc.stat().comm.toString('latin1');
  if (comm.length < COMM_BYTES) return { proc, comm, partial: false };
  let args: Buffer[] = [];
  try {
    args = proc.cmdline();
  } catch (err) {
    if (isGone(err)) throw err;
  }
  for (const arg of args.slice(0, 2)) {
    const base = basename(arg.toString('latin1'));
    if (base.startsWith(comm)) return { proc, comm, longName: base, partial: false };
  }
  return { proc, comm, partial: true };
}

export interface ScanContext {
  fs: ProcFs;
  selfPid: number;
  /** Seconds since the epoch. */
  now: number;
  uid?: number;
  /** pid namespace inode to keep, when -n names a readable process. */
  nsInode?: number;
  program: string;
}

/** Walks every process once, in pid order, and lists what to signal (and what to say). */
export function scan(options: KillallOptions, selector: Selector, ctx: ScanContext): Step[] {
  const steps: Step[] = [];
  const { clockTicks, bootTime } = ctx.fs.host();
  for (const proc of ctx.fs.processes()) {
    if (proc.pid === ctx.selfPid) continue;
    try {
      const stat = proc.stat();
      if (ctx.uid !== undefined && proc.owner().uid !== ctx.uid) continue;
      if (options.youngerThan !== undefined || options.olderThan !== undefined) {
        const age = ctx.now - (bootTime + stat.starttime / clockTicks);
        if (options.youngerThan !== undefined && age >= options.youngerThan) continue;
        if (options.olderThan !== undefined && age <= options.olderThan) continue;
      }
      if (ctx.nsInode !== undefined && proc.namespace('pid') !== ctx.nsInode) continue;
      // Observed: a process whose name holds a newline is never found, by name, -r or -u.
      if (stat.comm.includes(0x0a)) continue;
      const cand = candidate(proc);
      if (cand.partial && options.exact) {
        if (options.verbose) {
          steps.push({
            kind: 'note',
            text: Buffer.from(`${ctx.program}: skipping partial match ${cand.comm}(${proc.pid})\n`, 'latin1'),
          });
        }
        continue;
      }
      let nameIndex = -1;
      if (selector.names.length > 0) {
        nameIndex = selector.matchers.findIndex((m) => m(cand));
        if (nameIndex < 0) continue;
      }
      steps.push({
        kind: 'match',
        id: { pid: proc.pid, startTime: stat.starttime },
        pgid: stat.pgrp,
        label: Buffer.from(cand.longName ?? cand.comm, 'latin1'),
        comm: Buffer.from(cand.comm, 'latin1'),
        nameIndex,
      });
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }
  return steps;
}
