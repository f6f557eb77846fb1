// "Gone" says what is gone, in the queries: an entry that vanishes inside a living process (an fd
// closed between listing fd/ and reading fd/N) is that entry alone; a process that exits mid-read
// is dropped whole (openFiles throws `gone`, usersOf leaves it out).
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcFs } from '../procfs.ts';
import { fakeProcessFiles, type ProcTree, procTree } from '../testing/proc-tree.ts';
import { openFiles } from './open-files.ts';

let tree: ProcTree | undefined;
afterEach(() => tree?.remove());

function machine(): { fs: ProcFs; root: string } {
  tree = procTree({
    ...fakeProcessFiles({ pid: 7, comm: 'holder', starttime: 500 }),
    '7/cwd': { link: '/' },
    '7/root': { link: '/' },
    '7/exe': { link: '/usr/bin/holder' },
    '7/fd/0': { link: '/dev/null' },
    '7/fd/3': { link: '/tmp/closing' },
    '7/fd/4': { link: 'pipe:[99]' },
  });
  return { fs: new ProcFs({ procRoot: tree.root }), root: tree.root };
}

const labels = (files: { label: string; error?: string }[]) =>
  files.map((f) => (f.error ? `${f.label}:${f.error}` : f.label));

describe('openFiles', () => {
  it('skips an fd closed after the listing, and keeps the process', () => {
    const { fs, root } = machine();
    const proc = fs.process(7);
    proc.stat();
    proc.fds();
    rmSync(`${root}/7/fd/3`);
    expect(labels(openFiles(proc, fs, { stat: false, maps: false }))).toEqual(['cwd', 'rtd', 'txt', '0', '4']);
  });

  it('shows the links a living process has lost (a zombie has no cwd) as that entry alone', () => {
    const { fs, root } = machine();
    rmSync(`${root}/7/cwd`);
    const files = openFiles(fs.process(7), fs, { stat: false, maps: false });
    expect(labels(files)).toEqual(['cwd:ENOENT', 'rtd', 'txt', '0', '3', '4']);
  });

  it('throws `gone` when the process itself exits mid-read', () => {
    const { fs, root } = machine();
    const proc = fs.process(7);
    proc.stat();
    proc.fds();
    rmSync(`${root}/7`, { recursive: true });
    expect(() => openFiles(proc, fs, { stat: false, maps: false })).toThrow(expect.objectContaining({ kind: 'gone' }));
  });
});
