// Minimal /proc readers for the harness itself. Only /proc/<pid>/stat goes through @tproc/core's
// parseStat (the same name-between-the-last-parentheses rule the harness would otherwise repeat).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { parseStat, type Stat } from '@tproc/core';

export type { Stat };

function readBytes(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** undefined once the process is gone (its stat unreadable, or empty when read mid-exit). */
export function readStat(pid: number): Stat | undefined {
  const raw = readBytes(`/proc/${pid}/stat`);
  try {
    return raw && parseStat(raw);
  } catch {
    return undefined;
  }
}

/** The command name without its trailing newline, as bytes. */
export function readComm(pid: number): Buffer | undefined {
  return readBytes(`/proc/${pid}/comm`)?.subarray(0, -1);
}

export function readCmdline(pid: number): Buffer[] | undefined {
  const raw = readBytes(`/proc/${pid}/cmdline`);
  if (!raw) return undefined;
  const args: Buffer[] = [];
  let start = 0;
  for (let i = raw.indexOf(0); i !== -1; i = raw.indexOf(0, start)) {
    args.push(raw.subarray(start, i));
    start = i + 1;
  }
  return args;
}

export function readStatusField(pid: number, name: string): string | undefined {
  const raw = readBytes(`/proc/${pid}/status`);
  const line = raw
    ?.toString('latin1')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}

/** Children of every thread of pid, in the kernel's order. */
export function childrenOf(pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids.flatMap((tid) =>
    (readBytes(`/proc/${pid}/task/${tid}/children`)?.toString() ?? '')
      .split(' ')
      .filter((s) => s !== '')
      .map(Number),
  );
}

/** fd number → link target, e.g. 3 → '/tmp/x (deleted)', 4 → 'socket:[1234]'. */
export function fdTargets(pid: number): Map<number, string> {
  const out = new Map<number, string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      out.set(Number(fd), readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {}
  }
  return out;
}

export function exists(pid: number): boolean {
  return readStat(pid) !== undefined;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(3);
  }
}

/** True once pid runs the program whose command name is `comm` (i.e. after its exec). */
export function hasComm(pid: number, comm: string | Buffer): boolean {
  const want = Buffer.from(comm).subarray(0, 15);
  return readComm(pid)?.equals(want) ?? false;
}
