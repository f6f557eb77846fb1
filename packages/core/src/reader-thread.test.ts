import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bunPath } from '../../../scripts/bun.mjs';
import { LEARN } from './read-ahead.ts';
import { fakeProcessFiles, type ProcTree, procTree } from './testing/proc-tree.ts';

const here = new URL('.', import.meta.url).pathname;

// Under Bun, on a fixture of LEARN + 40 processes: the real thread is let run to its end once it
// has learnt, then every file's arguments change on disk, and the walk goes on.
const SCRIPT = `
import { writeFileSync } from 'node:fs';
import { ProcFs } from '${here}procfs.ts';
import { Control, ItemState, LEARN } from '${here}read-ahead.ts';
import { readerThread } from '${here}reader-thread.ts';
const root = process.argv[2];
const count = Number(process.argv[3]);
const start = readerThread();
if (start === undefined) {
  console.log(JSON.stringify({ thread: false }));
} else {
  let job;
  const fs = new ProcFs({ procRoot: root, readAhead: { from: 2, start: (j) => { job = j; return start(j); } } });
  const args = [];
  for (const p of fs.processes()) {
    if (p.pid === 100 + LEARN) {
      while (Atomics.load(job.control, Control.Finished) === 0) Atomics.wait(job.control, Control.Nap, 0, 1);
      for (let i = 0; i < count; i++) writeFileSync(root + '/' + (100 + i) + '/cmdline', 'changed\\0');
    }
    p.stat();
    p.status();
    args.push(p.cmdlineBytes().toString('latin1'));
  }
  const states = [...job.state];
  console.log(JSON.stringify({
    thread: true,
    names: job.names,
    read: states.filter((s) => s === ItemState.Done).length,
    taken: states.filter((s) => s === ItemState.Taken).length,
    stopped: job.control[Control.Stop],
    args,
  }));
}
`;

let tree: ProcTree | undefined;
let dir: string | undefined;
afterEach(() => {
  tree?.remove();
  tree = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the reader thread (Bun, x86-64)', () => {
  it('reads ahead what the visits then take, and leaves the next four processes to them', () => {
    const count = LEARN + 40;
    const files = {};
    for (let i = 0; i < count; i++) Object.assign(files, fakeProcessFiles({ pid: 100 + i, cmdline: [`p${i}`] }));
    tree = procTree(files);
    dir = mkdtempSync(join(tmpdir(), 'tproc-reader-'));
    writeFileSync(join(dir, 'walk.ts'), SCRIPT);
    const r = spawnSync(bunPath(), [join(dir, 'walk.ts'), tree.root, String(count)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    // Learning took the first LEARN processes' files, read in turn; the thread then read every
    // file but those of the four processes next to the visit (its lead), 3 files each.
    expect(out).toEqual({
      thread: true,
      names: ['stat', 'status', 'cmdline'],
      read: 36 * 3,
      taken: 4 * 3,
      stopped: 1,
      args: [
        ...Array.from({ length: LEARN }, (_, i) => `p${i}\0`),
        ...Array.from({ length: 4 }, () => 'changed\0'),
        ...Array.from({ length: 36 }, (_, i) => `p${LEARN + 4 + i}\0`),
      ],
    });
  });
});
