import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file's content, or a symlink target, or content with a mode (e.g. 0o000 to deny reading). */
export type FixtureEntry = string | Buffer | { link: string } | { content: string | Buffer; mode: number };

export interface ProcTree {
  root: string;
  remove(): void;
}

/**
 * Writes a fake proc root (or etc root): `procTree({ '42/stat': '...', '42/cwd': { link: '/tmp' } })`.
 * Strings are written as UTF-8.
 */
export function procTree(entries: Record<string, FixtureEntry>): ProcTree {
  const root = mkdtempSync(join(tmpdir(), 'tproc-fixture-'));
  for (const [path, entry] of Object.entries(entries)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof entry === 'string' || Buffer.isBuffer(entry)) {
      writeFileSync(full, entry);
    } else if ('link' in entry) {
      symlinkSync(entry.link, full);
    } else {
      writeFileSync(full, entry.content);
      chmodSync(full, entry.mode);
    }
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface FakeProcess {
  pid: number;
  comm?: string;
  state?: string;
  ppid?: number;
  pgrp?: number;
  session?: number;
  ttyNr?: number;
  tpgid?: number;
  /** stat's flags (PF_KTHREAD for a kernel thread). */
  flags?: number;
  utime?: number;
  stime?: number;
  nice?: number;
  threads?: number;
  starttime?: number;
  vsize?: number;
  rss?: number;
  uid?: number;
  gid?: number;
  cmdline?: string[];
}

/** A plausible stat line for a fake process (fields as in man 5 proc, 52 of them). */
export function fakeStat(p: FakeProcess): string {
  const f = [
    p.state ?? 'S',
    p.ppid ?? 1,
    p.pgrp ?? p.pid,
    p.session ?? p.pid,
    p.ttyNr ?? 0,
    p.tpgid ?? -1,
    p.flags ?? 4194560,
    100,
    0,
    0,
    0,
    p.utime ?? 0,
    p.stime ?? 0,
    0,
    0,
    20,
    p.nice ?? 0,
    p.threads ?? 1,
    0,
    p.starttime ?? 1000,
    p.vsize ?? 10_000_000,
    p.rss ?? 500,
    '18446744073709551615',
    1,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    17,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  return `${p.pid} (${p.comm ?? 'fake'}) ${f.join(' ')}\n`;
}

/** The files ps-like readers need for one fake process. */
export function fakeProcessFiles(p: FakeProcess): Record<string, FixtureEntry> {
  const uid = p.uid ?? 0;
  const gid = p.gid ?? 0;
  return {
    [`${p.pid}/stat`]: fakeStat(p),
    [`${p.pid}/comm`]: `${p.comm ?? 'fake'}\n`,
    [`${p.pid}/status`]:
      `Name:\t${p.comm ?? 'fake'}\nState:\t${p.state ?? 'S'} (sleeping)\nTgid:\t${p.pid}\nPid:\t${p.pid}\nPPid:\t${p.ppid ?? 1}\nTracerPid:\t0\n` +
      `Uid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${gid}\t${gid}\t${gid}\t${gid}\nGroups:\t\nThreads:\t${p.threads ?? 1}\n` +
      'SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\n',
    [`${p.pid}/cmdline`]: (p.cmdline ?? []).map((a) => `${a}\0`).join(''),
    [`${p.pid}/environ`]: '',
    [`${p.pid}/statm`]: '2441 400 300 5 0 123 0\n',
  };
}
