/**
 * stat(2) that gives up after a while. A stat of a file on a dead NFS or FUSE server blocks in the
 * kernel; lsof makes the call in a child process it kills after -S seconds (man 8 lsof, BLOCKS AND
 * TIMEOUTS). Here the call runs on a worker thread of our own process, and the caller waits for it
 * at most that long. A worker left blocked cannot be stopped (it waits in the kernel): the command
 * then ends through exit_group(2) (runCommand asks `statLeftBlocked()`), which ends every thread,
 * as Node's exit would wait for it forever. It costs a thread's start (~25 ms under Bun), so
 * callers keep it for files on file systems that can block (see mayBlock).
 */
import { ProcError } from './errors.ts';
import type { FileStat } from './read.ts';
import { splitDevice } from './read.ts';

const WORKER = `const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const state = new Int32Array(workerData.shared, 0, 2);
let out;
try {
  const s = fs.statSync(Buffer.from(workerData.path, 'latin1'));
  out = JSON.stringify([s.dev, s.ino, s.mode, s.nlink, s.uid, s.gid, s.size, s.rdev]);
} catch (e) { out = JSON.stringify(e.code || 'EIO'); }
const bytes = Buffer.from(out);
new Uint8Array(workerData.shared, 8).set(bytes.subarray(0, workerData.shared.byteLength - 8));
Atomics.store(state, 1, bytes.length);
Atomics.store(state, 0, 1);
Atomics.notify(state, 0);`;

/** The file systems whose calls may wait on a server forever. */
const BLOCKING_TYPES =
  /^(fuse|fuseblk|nfs|nfs4|cifs|smb3?|9p|ceph|afs|coda|ncpfs|glusterfs|lustre|davfs|sshfs|gfs2|ocfs2|virtiofs)(\.|$)/;

let leftBlocked = false;

/** Whether a mount of this type may block a stat (fuse.sshfs, nfs4, cifs...). */
export function mayBlock(fsType: string): boolean {
  return BLOCKING_TYPES.test(fsType);
}

/** Whether a boundedStat gave up on a worker that is still blocked in the kernel. */
export function statLeftBlocked(): boolean {
  return leftBlocked;
}

/** stat(2) of `path`, failing with ETIMEDOUT (kind `other`) after `timeoutMs`. */
export function boundedStat(path: string | Buffer, timeoutMs: number): FileStat {
  const text = typeof path === 'string' ? path : path.toString('latin1');
  const cause = (code: string) => Object.assign(new Error(code), { code });
  // Loaded here, on the one path that needs it.
  const { Worker } = process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
  const shared = new SharedArrayBuffer(4096);
  const state = new Int32Array(shared, 0, 2);
  const worker = new Worker(WORKER, { eval: true, workerData: { shared, path: text } });
  worker.unref();
  if (Atomics.wait(state, 0, 0, timeoutMs) === 'timed-out' && Atomics.load(state, 0) === 0) {
    leftBlocked = true;
    throw new ProcError('other', text, { cause: cause('ETIMEDOUT') });
  }
  void worker.terminate();
  let out: unknown;
  try {
    out = JSON.parse(Buffer.from(new Uint8Array(shared, 8, Atomics.load(state, 1))).toString());
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
