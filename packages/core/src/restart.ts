// A long walk under Bun runs faster without JavaScriptCore's FTL tier: at 5,000 processes its
// compiler threads took a fifth of `tlsof -nP`'s CPU (perf record, by thread), and with the tier
// off (BUN_JSC_useFTLJIT=0) `tlsof -nP` took 677 ms instead of 879 and `tlsof -c sleep` 625
// instead of 781 (7 alternated runs). Bun reads JSC options only from BUN_JSC_ variables as it
// starts; Bun.unsafe.setJITPolicy scales every tier's threshold alike (100 and 300 instead of 10
// gained 4-8%). So a command about to walk long, that has written nothing yet, starts again (the
// same pid, arguments and environment, execve) with the variable set: ~10 ms, a start of Bun's.
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { bunFfi } from './bun-ffi.ts';
import { MANY_ITEMS, NO_FTL } from './pacing.ts';
import { DEFAULT_PROC_ROOT } from './roots.ts';

/**
 * The variable that carries the command's name across, in hex (execve names the process after the
 * file it runs: the executable's real name, not the link's).
 */
const COMM_VARIABLE = 'TPROC_COMM';

let restart: (() => void) | undefined;

/** Installed by the command runner (cli.ts): how to start again, when it may. */
export function armRestart(how: () => void): void {
  restart = how;
}

/**
 * A command about to walk `count` processes: from MANY_ITEMS on, it starts again without the FTL
 * tier where the runner allows it (else, and in a library's use, nothing happens).
 */
export function restartForLongWalk(count: number): void {
  if (count >= MANY_ITEMS) restart?.();
}

/** The inode of the initial PID namespace (the kernel's PROC_PID_INIT_INO), as ns/pid names it. */
const INITIAL_PID_NAMESPACE = 'pid:[4026531836]';

/**
 * Whether /proc, seen from the PID namespace its ns/pid link names, lists MANY_ITEMS processes
 * or more, by its link count: procfs gives its root its own entries plus every process of the
 * machine (fs/proc/root.c's getattr; observed: 5,079 with 5,069 processes), exact where we are in
 * the initial namespace. Elsewhere (a container) it says nothing, and the walk's own count decides.
 */
export function manyProcessesListed(pidNamespace: string, procLinks: number): boolean {
  return pidNamespace === INITIAL_PID_NAMESPACE && procLinks >= MANY_ITEMS;
}

/**
 * A command line its command's entry (scripts/multicall.ts) knows will walk every process starts
 * again before the command's modules load, where /proc lists MANY_ITEMS processes or more
 * (manyProcessesListed): the cost of one more start of Bun's, ~8 ms, instead of ~15-27 once the
 * walk is reached (Bun's start, the command's modules, its options, the listing again).
 */
export function restartBeforeLongWalk(): void {
  try {
    const namespace = readlinkSync(`${DEFAULT_PROC_ROOT}/self/ns/pid`);
    if (manyProcessesListed(namespace, statSync(DEFAULT_PROC_ROOT).nlink)) restartWithoutFtl();
  } catch {}
}

/**
 * A command that started again takes back its name (/proc/PID/comm) before it reads anything;
 * without it the command still runs, named after the executable.
 */
export function takeBackName(): void {
  const hex = process.env[COMM_VARIABLE];
  if (hex === undefined) return;
  delete process.env[COMM_VARIABLE];
  try {
    const ffi = bunFfi<Ffi>();
    const prctl = ffi?.dlopen<{ prctl(option: number, name: number): number }>('libc.so.6', {
      prctl: { args: ['i32', 'ptr'], returns: 'i32' },
    }).symbols.prctl;
    const PR_SET_NAME = 15;
    const name = Buffer.concat([Buffer.from(hex, 'hex'), Buffer.from([0])]);
    if (ffi && prctl) prctl(PR_SET_NAME, ffi.ptr(name));
  } catch {}
}

type Ffi = {
  dlopen<T>(path: string, symbols: Record<string, { args: string[]; returns: string }>): { symbols: T };
  ptr(view: ArrayBufferView): number;
};

/** NUL-terminated copies, and the NULL-terminated array of their addresses. */
function cArray(ffi: Ffi, items: Buffer[]): { keep: Buffer[]; array: BigUint64Array } {
  const keep = items.map((b) => Buffer.concat([b, Buffer.from([0])]));
  return { keep, array: BigUint64Array.from([...keep.map((b) => BigInt(ffi.ptr(b))), 0n]) };
}

/** NUL-separated fields of a /proc/self file, as bytes. */
function fields(file: string): Buffer[] {
  const bytes = readFileSync(file);
  const out: Buffer[] = [];
  for (let from = 0; from < bytes.length; ) {
    let end = bytes.indexOf(0, from);
    if (end < 0) end = bytes.length;
    out.push(bytes.subarray(from, end));
    from = end + 1;
  }
  return out;
}

/**
 * Starts this executable again with its arguments and environment as the kernel keeps them
 * (bytes), NO_FTL=0 and its name (comm) in COMM_VARIABLE; returns only if it could not.
 */
export function restartWithoutFtl(): void {
  if (process.env[NO_FTL] !== undefined || process.env.TPROC_RUNTIME === 'node') return;
  const ffi = bunFfi<Ffi>();
  if (ffi === undefined) return;
  try {
    const argv = fields('/proc/self/cmdline');
    const comm = readFileSync('/proc/self/comm');
    const envp = [
      ...fields('/proc/self/environ'),
      Buffer.from(`${NO_FTL}=0`),
      Buffer.from(`${COMM_VARIABLE}=${comm.subarray(0, comm.length - 1).toString('hex')}`),
    ];
    const { symbols } = ffi.dlopen<{ execve(path: number, argv: number, envp: number): number }>('libc.so.6', {
      execve: { args: ['ptr', 'ptr', 'ptr'], returns: 'i32' },
    });
    const path = Buffer.from(`${process.execPath}\0`);
    const a = cArray(ffi, argv);
    const e = cArray(ffi, envp);
    symbols.execve(ffi.ptr(path), ffi.ptr(a.array), ffi.ptr(e.array));
  } catch {}
}
