import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from '../testing/run-main.ts';

// A zombie keeps its stat and status but has lost its cwd, root, exe and descriptors: those
// entries alone are missing (core's Proc.entry), the report is the zombie's.
const tree = procTree({
  ...fakeProcessFiles({ pid: 1, comm: 'init', ppid: 0, cmdline: ['/sbin/init'], starttime: 10 }),
  ...fakeProcessFiles({ pid: 90, comm: 'defunct', ppid: 1, starttime: 900, state: 'Z' }),
  stat: 'cpu 1 2 3 4\nbtime 1700000000\n',
  meminfo: 'MemTotal:       1000000 kB\n',
  uptime: '100.00 50.00\n',
});
afterAll(() => tree.remove());

describe('tproc inspect', () => {
  it('reports a zombie: no cwd, exe or root, an empty descriptor table', async () => {
    const r = await runMain(['inspect', '90', '--json'], { procRoot: tree.root });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      pid: 90,
      state: 'Z',
      cwd: null,
      exe: null,
      root: null,
      fds: { count: 0, by_type: {}, items: [] },
    });
  });

  it('says a pid that names no process is not there', async () => {
    const r = await runMain(['inspect', '91'], { procRoot: tree.root });
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toBe('tproc: no process with pid 91\n');
  });
});
