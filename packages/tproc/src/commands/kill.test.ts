import { rmSync } from 'node:fs';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { runMain } from '../testing/run-main.ts';

// Fixture processes and fake signal calls: a signal that "ends" a process removes its directory,
// so the engine's checks (identity before the signal, gone after it) run on files.
function machine(stubborn: number[] = []) {
  const tree = procTree({
    ...fakeProcessFiles({ pid: 1, comm: 'init', ppid: 0, cmdline: ['/sbin/init'], starttime: 1 }),
    ...fakeProcessFiles({ pid: 50, comm: 'web', ppid: 1, cmdline: ['web', '--port', '80'], starttime: 500 }),
    ...fakeProcessFiles({ pid: 51, comm: 'worker', ppid: 50, cmdline: ['worker'], starttime: 600 }),
    ...fakeProcessFiles({ pid: 60, comm: 'stubborn', ppid: 1, cmdline: ['stubborn'], starttime: 700 }),
    stat: 'cpu 1 2 3 4\nbtime 1700000000\n',
  });
  const sent: string[] = [];
  const kill = (pid: number, signal: number) => {
    sent.push(`kill ${pid} ${signal}`);
    if (signal === 9 || !stubborn.includes(pid)) rmSync(`${tree.root}/${pid}`, { recursive: true, force: true });
  };
  const run = (argv: string[]) => runMain(argv, { procRoot: tree.root, deps: { kill } });
  return { tree, sent, run };
}

let current: ReturnType<typeof machine> | undefined;
afterEach(() => current?.tree.remove());

describe('tproc kill (fixture)', () => {
  it('signals, checks the process is gone, exits 0', async () => {
    current = machine();
    const r = await current.run(['kill', '50', '--json']);
    expect(current.sent).toEqual(['kill 50 15']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({ pid: 50, token: '50@500', outcome: 'gone', signal: 'TERM' }),
    ]);
  });

  it('--tree signals the descendants first', async () => {
    current = machine();
    await current.run(['kill', '--tree', '50']);
    expect(current.sent).toEqual(['kill 51 15', 'kill 50 15']);
  });

  it('a process that ignores TERM: still running without --timeout, killed with it', async () => {
    current = machine([60]);
    const plain = await current.run(['kill', '60']);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toBe(
      'tproc: still running: 60 stubborn (pid): still running after SIGTERM (--timeout SECONDS sends SIGKILL after)\n',
    );
    const timed = await current.run(['kill', '--timeout', '1', '60', '--json']);
    expect(timed.status).toBe(0);
    expect(JSON.parse(timed.stdout)).toEqual([expect.objectContaining({ outcome: 'killed', signal: 'TERM,KILL' })]);
    expect(current.sent).toEqual(['kill 60 15', 'kill 60 15', 'kill 60 9']);
  });

  it('refuses pid 1, names nothing for a stale token, signals nothing with --dry-run', async () => {
    current = machine();
    const r = await current.run(['kill', '1', '50@499', '--dry-run', 'worker', '--json']);
    expect(r.status).toBe(1);
    expect(current.sent).toEqual([]);
    const outcomes = (JSON.parse(r.stdout) as { target: string; outcome: string }[]).map(
      (x) => `${x.target} ${x.outcome}`,
    );
    expect(outcomes).toEqual(['50@499 stale_token', '1 refused', 'worker would_signal']);
  });

  it('exits 2 on a bad signal or timeout', async () => {
    current = machine();
    expect((await current.run(['kill', '--signal', 'BOGUS', '50'])).stderr).toBe("tproc: invalid --signal 'BOGUS'\n");
    expect((await current.run(['kill', '--timeout', 'soon', '50'])).status).toBe(2);
    expect(current.sent).toEqual([]);
  });
});
