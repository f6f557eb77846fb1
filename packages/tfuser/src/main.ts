// tfuser: a drop-in fuser (psmisc 23.6). options -> names -> search on core -> report -> kill.
import {
  type CommandDeps,
  type CommandIo,
  errnoOf,
  type Hold,
  type Kill,
  killSignaller,
  noSyncStat,
  pidfdSignaller,
  type Proc,
  ProcFs,
  readLine,
  sameStat,
  type Signaller,
  withDefaults,
} from '@tproc/core';
import { errorMessage, loadSyscalls, type Native } from '@tproc/syscalls';
import { Mounts, type Named, resolveName } from './names.ts';
import type { Family } from './net.ts';
import { type Flags, lateError, NO_NAMES, parseArgs } from './options.ts';
import { type Entry, HEADER, type ProcessInfo, renderName, type Streams } from './render.ts';
import { ACCESS, scan } from './scan.ts';

/**
 * CommandDeps, and what else fuser touches; tests replace parts of it. Of CommandDeps only `fs`
 * matters: fuser's output depends on no clock or terminal, and the kernel decides what it may see
 * and signal, whatever the euid. Without `fs`, a ProcFs whose stat never waits (statx, no sync).
 */
export interface FuserDeps extends CommandDeps {
  /**
   * The system calls: statx for a stat that never waits on a dead NFS or FUSE server, pidfds
   * for -k. Default @tproc/syscalls' (loaded on use); null: Node's stat and kill(2).
   */
  native?: Native | null;
  /** How matched processes are held and signalled; default: core's one signaller. */
  signaller?: Signaller;
  /** kill(2) for the default signaller, which then holds no pidfds (tests). */
  kill?: Kill;
  /** One line of stdin for -i, without its newline; undefined at end of input. */
  readLine?: () => string | undefined;
  /** Runs between the search and the report (tests make a matched pid stale there). */
  afterScan?: (pids: readonly number[]) => void | Promise<void>;
}

interface Matched extends ProcessInfo {
  hold?: Hold;
}

export async function main(argv: string[], io: CommandIo, deps: FuserDeps = {}): Promise<number> {
  const parsed = parseArgs(argv);
  const { flags } = parsed;
  if (parsed.names.length === 0 && parsed.ending) return end(io, parsed.ending);

  const native = deps.native !== undefined ? deps.native : ((await loadSyscalls()) ?? null);
  const { fs } = withDefaults({
    ...deps,
    fs: deps.fs ?? new ProcFs(native ? { stat: noSyncStat((...a) => native.statx(...a)) } : {}),
  });
  const warn = (text: string): void => io.stderr.write(text);
  const only: Family | undefined = flags.ipv4 && !flags.ipv6 ? 4 : flags.ipv6 && !flags.ipv4 ? 6 : undefined;

  // observed: each name is looked at as it is read, so its complaints come before an ending option's.
  const mounts = new Mounts(fs);
  let named = parsed.names.map((arg) => resolveName(arg, fs, only, mounts, warn));
  if (parsed.ending) return end(io, parsed.ending);
  if (named.length === 0) return end(io, NO_NAMES);
  // observed: fuser searches (and reports descriptors it cannot stat) once some name stands for a
  // file or for sockets found in the tables, even when -M then drops every name.
  const searching = named.some((n) => n.target.file !== undefined || (n.target.sockets?.size ?? 0) > 0);

  if (flags.isMountPoint) {
    named = named.filter((n) => {
      if (n.arg.space === 'file' && mounts.isMountPoint(n.stat)) return true;
      io.stderr.write(
        Buffer.concat([Buffer.from('Specified filename '), n.label, Buffer.from(' is not a mountpoint.\n')]),
      );
      return false;
    });
  }
  const late = lateError(parsed);
  if (late) return end(io, late);

  const signaller = flags.kill ? (deps.signaller ?? defaultSignaller(fs, native, deps.kill)) : undefined;
  const wantsInfo = flags.kill || ((flags.verbose || flags.user) && !flags.silent);
  const users = wantsInfo ? fs.users() : undefined;
  const matched = new Map<number, Matched>();
  if (searching) {
    scan(
      fs,
      named.map((n) => n.target),
      {
        matched(proc) {
          if (wantsInfo) matched.set(proc.pid, describe(proc, users?.userName.bind(users), signaller));
        },
        fdFailed(proc, fd, error) {
          // observed (errors injected with strace): a descriptor closed meanwhile goes unsaid.
          const code = errnoOf(error);
          if (code === 'ENOENT' || code === 'ENOTDIR') return;
          warn(`Cannot stat file ${proc.pathOf(`fd/${fd}`)}: ${errorMessage(code)}\n`);
        },
      },
    );
  }
  await deps.afterScan?.(named.flatMap((n) => [...n.target.users.keys()]));

  try {
    return report(io, flags, named, fs, mounts, matched, deps.readLine ?? readLine);
  } finally {
    for (const m of matched.values()) m.hold?.release();
  }
}

function end(io: CommandIo, ending: { status: number; stdout?: string; stderr?: string }): number {
  if (ending.stdout) io.stdout.write(ending.stdout);
  if (ending.stderr) io.stderr.write(ending.stderr);
  return ending.status;
}

/** Core's one signaller: through pidfds when the FFI loaded (it did, for statx), else kill(2). */
function defaultSignaller(fs: ProcFs, native: Native | null, kill?: Kill): Signaller {
  if (kill) return killSignaller(fs, kill);
  return native ? pidfdSignaller(fs, native) : killSignaller(fs);
}

/** What the report needs of a matched process, read when it matched (and its hold, for -k). */
function describe(
  proc: Proc,
  userName: ((uid: number) => string | undefined) | undefined,
  signaller?: Signaller,
): Matched {
  const info: Matched = {};
  try {
    const user = userName?.(proc.owner().uid);
    if (user !== undefined) info.user = user;
  } catch {}
  try {
    const stat = proc.stat();
    info.comm = stat.comm;
    if (signaller) {
      const hold = signaller.process({ pid: proc.pid, startTime: stat.starttime });
      if (hold) info.hold = hold;
    }
  } catch {}
  return info;
}

/** The kernel's own uses of a file name, shown by -v: a mount point, a swap file. */
function kernelEntries(n: Named, fs: ProcFs, mounts: Mounts): Entry[] {
  const file = n.target.file;
  if (!file) return [];
  const same = (st: typeof file): boolean =>
    n.target.mount ? st.dev.major === file.dev.major && st.dev.minor === file.dev.minor : sameStat(st, file);
  const entries: Entry[] = [];
  for (const m of mounts.list()) if (same(m.stat)) entries.push({ kind: 'kernel', access: 'mount', text: m.point });
  for (const swap of fs.swaps()) {
    try {
      if (same(fs.stat(swap.filename))) entries.push({ kind: 'kernel', access: 'swap', text: swap.filename });
    } catch {}
  }
  return entries;
}

function report(
  io: CommandIo,
  flags: Flags,
  named: readonly Named[],
  fs: ProcFs,
  mounts: Mounts,
  matched: ReadonlyMap<number, Matched>,
  readLine: () => string | undefined,
): number {
  const flush = (io.stdout as { flush?: () => void }).flush?.bind(io.stdout);
  const streams: Streams = {
    out(text) {
      io.stdout.write(text);
      flush?.();
    },
    err: (text) => io.stderr.write(text),
  };
  // observed: -s ignores -u and -v.
  const verbose = flags.verbose && !flags.silent;
  const options = { verbose, user: flags.user && !flags.silent, all: flags.all };
  const info = (pid: number): ProcessInfo => matched.get(pid) ?? {};
  let found = false;
  let killed = false;
  let header = false;
  for (const n of named) {
    const processes: Entry[] = [...n.target.users].map(([pid, bits]) => ({ kind: 'process', pid, bits }));
    const entries = verbose ? [...kernelEntries(n, fs, mounts), ...processes] : processes;
    if (entries.length > 0) found = true;
    if (!flags.silent && (entries.length > 0 || flags.all)) {
      if (verbose && !header) {
        streams.err(HEADER);
        header = true;
      }
      renderName(streams, n.label, entries, info, options);
    }
    if (!flags.kill) continue;
    for (const e of processes) {
      if (e.kind !== 'process') continue;
      if (flags.writeOnly && (e.bits & ACCESS.write) === 0) continue;
      if (flags.interactive && !confirm(streams, readLine, e.pid)) continue;
      try {
        const hold = matched.get(e.pid)?.hold;
        // Gone, or its pid taken by another process, since it matched: never signalled.
        if (!hold) throw Object.assign(new Error('gone'), { code: 'ESRCH' });
        hold.send(flags.signal);
        killed = true;
      } catch (err) {
        streams.err(`Could not kill process ${e.pid}: ${errorMessage(errnoOf(err))}\n`);
      }
    }
  }
  if (flags.kill) return killed ? 0 : 1;
  return found ? 0 : 1;
}

/**
 * -i: `Kill process PID ? (y/N) ` on stderr (observed): a line starting with y or Y is yes; one
 * starting with n or N, an empty line or the end of input no; anything else asks again.
 */
function confirm(s: Streams, readLine: () => string | undefined, pid: number): boolean {
  for (;;) {
    s.err(`Kill process ${pid} ? (y/N) `);
    const line = readLine();
    if (line === undefined || line === '') return false;
    const c = line[0];
    if (c === 'y' || c === 'Y') return true;
    if (c === 'n' || c === 'N') return false;
  }
}
