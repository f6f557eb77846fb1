// Differential tests of tlsof against lsof 4.95 on the zoo: the default listing and its options,
// each case as root and as nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoo, type Zoo } from '../zoo/zoo.ts';
import { compareLsofCases, type LsofCase, tlsofCopy } from './tlsof-harness.ts';

let zoo: Zoo;
beforeAll(async () => {
  zoo = await startZoo();
}, 60_000);
afterAll(() => zoo?.stop());
const ours = tlsofCopy();

/** Every zoo pid, as one -p list. */
const all = (): string => zoo.pids.join(',');

describe('tlsof listing', () => {
  it('matches lsof on the zoo', async () => {
    const one = (pid: number) => ['-p', String(pid)];
    const cases: LsofCase[] = [
      { name: 'default', args: ['-p', all()] },
      { name: 'open files', args: one(zoo.openFiles.pid) },
      { name: 'more sockets', args: one(zoo.moreSockets.pid) },
      { name: 'netns', args: one(zoo.netns.pid) },
      { name: 'hostile name alone', args: one(zoo.hostileName.pid) },
      { name: 'nobody-owned', args: one(zoo.nobody) },
      { name: 'C locale', args: ['-p', all()], env: { LANG: 'C' } },
      ...[
        ['-o'],
        ['-s'],
        ['-R'],
        ['-g'],
        ['-l'],
        ['-n'],
        ['-P'],
        ['-nP'],
        ['+c', '0'],
        ['+c', '12'],
        ['+c3'],
        ['+L'],
        ['-o', '2'],
        ['-oo2'],
        ['-Rgl'],
      ].map((opts): LsofCase => ({ name: opts.join(' '), args: [...opts, '-p', all()] })),
    ];
    const { failures } = await compareLsofCases(cases, ours);
    expect(failures).toEqual([]);
  }, 120_000);
});
