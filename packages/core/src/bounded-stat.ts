/**
 * stat(2) that gives up after a while. A stat of a file on a dead NFS or FUSE server blocks in the
 * kernel; lsof makes the call in a child process it kills after -S seconds (man 8 lsof, BLOCKS AND
 * TIMEOUTS). So does this: the child is this very runtime, and a child stuck in a killable wait
 * dies of the SIGKILL (a worker thread would not: the runtime joins it at exit). It costs a process
 * start, so callers keep it for files on file systems that can block (see mayBlock).
 */
import { spawnSync } from 'node:child_process';
import { ProcError } from './errors.ts';
import type { FileStat } from './read.ts';
import { splitDevice } from './read.ts';

const CHILD = `const fs = require('node:fs');
const path = Buffer.from(require('node:fs').readFileSync(0, 'latin1'), 'latin1');
try { const s = fs.statSync(path); process.stdout.write(JSON.stringify([s.dev, s.ino, s.mode, s.nlink, s.uid, s.gid, s.size, s.rdev])); }
catch (e) { process.stdout.write(JSON.stringify(e.code || 'EIO')); }`;

/** The file systems whose calls may wait on a server forever. */
const BLOCKING_TYPES =
  /^(fuse|fuseblk|nfs|nfs4|cifs|smb3?|9p|ceph|afs|coda|ncpfs|glusterfs|lustre|davfs|sshfs|gfs2|ocfs2|virtiofs)(\.|$)/;

/** Whether a mount of this type may block a stat (fuse.sshfs, nfs4, cifs...). */
export function mayBlock(fsType: string): boolean {
  return BLOCKING_TYPES.test(fsType);
}

/** stat(2) of `path`, failing with ETIMEDOUT (kind `other`) after `timeoutMs`. */
export function boundedStat(path: string | Buffer, timeoutMs: number): FileStat {
  const text = typeof path === 'string' ? path : path.toString('latin1');
  const r = spawnSync(process.execPath, ['-e', CHILD], {
    input: Buffer.from(text, 'latin1'),
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    stdio: ['pipe', 'pipe', 'ignore'],
    // Under Bun the runtime is tproc's compiled multi-call executable, which runs the command its
    // name says; BUN_BE_BUN makes it the plain runtime for `-e` (Bun's single-file executables).
    ...(process.versions.bun ? { env: { ...process.env, BUN_BE_BUN: '1' } } : {}),
  });
  const cause = (code: string) => Object.assign(new Error(code), { code });
  if (r.error || r.signal) throw new ProcError('other', text, { cause: cause('ETIMEDOUT') });
  let out: unknown;
  try {
    out = JSON.parse(r.stdout.toString('latin1'));
  } catch {
    throw new ProcError('other', text, { cause: cause('EIO') });
  }
  if (typeof out === 'string') {
    const kind =
      out === 'ENOENT' || out === 'ENOTDIR' ? 'gone' : out === 'EACCES' || out === 'EPERM' ? 'denied' : 'other';
    throw new ProcError(kind, text, { cause: cause(out) });
  }
  const [dev, ino, mode, nlink, uid, gid, size, rdev] = out as number[];
  return {
    dev: splitDevice(dev!),
    ino: ino!,
    mode: mode!,
    nlink: nlink!,
    uid: uid!,
    gid: gid!,
    size: size!,
    rdev: splitDevice(rdev!),
  };
}
