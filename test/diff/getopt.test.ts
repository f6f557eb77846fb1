// Every command scans its options with core's getopt: POSIXLY_CORRECT (operands end the options,
// as glibc does for the references) and getopt_long_only (killall), against each reference.
// Cases that touch no process run ours in this process through main().
import { main as tkill } from '@tproc/tkill';
import { pgrep } from '@tproc/tpgrep';
import { main as tpidof } from '@tproc/tpidof';
import { main as tpstree } from '@tproc/tpstree';
import type { Main } from '@tproc/core';
import { describe, expect, it } from 'vitest';
import { run } from '../zoo/run.ts';
import { compareNamespaceBatch, compareWithMain } from './signal-batch.ts';

const POSIX = { POSIXLY_CORRECT: '1' };

interface Row {
  reference: string;
  name: string;
  main: Main;
  cases: string[][];
}

const ROWS: Row[] = [
  {
    reference: '/usr/bin/pgrep',
    name: 'tpgrep',
    main: pgrep,
    cases: [
      ['nosuchxx', '-l'],
      ['-c', 'nosuchxx', '-n'],
    ],
  },
  {
    reference: '/usr/bin/pstree',
    name: 'tpstree',
    main: tpstree,
    cases: [
      ['999999', '-p'],
      ['-p', '999999', '-a'],
    ],
  },
  {
    reference: '/usr/bin/pidof',
    name: 'tpidof',
    main: tpidof,
    cases: [
      ['nosuch', '-h'],
      ['-s', 'nosuch', '-V'],
    ],
  },
  {
    reference: '/usr/bin/kill',
    name: 'tkill',
    main: tkill,
    cases: [
      ['x', '-l'],
      ['99999999', '-L'],
    ],
  },
];

describe('POSIXLY_CORRECT: the first operand ends the options', () => {
  it.each(ROWS)('$name', async ({ reference, name, main, cases }) => {
    const posix = await compareWithMain(reference, name, main, cases, POSIX);
    expect(posix.failures).toEqual([]);
    // Without it the later options are read (pidof prints its help, tkill its lists...).
    const statuses = (r: typeof posix) => r.results.map((x) => x.reference.slice(x.reference.lastIndexOf('---')));
    const gnu = await Promise.all(cases.map((c) => run([reference, ...c])));
    expect(gnu.map((r) => `--- status ${r.status}\n`)).not.toEqual(statuses(posix));
  });

  it('tkillall, in a fresh PID namespace', async () => {
    const templates = [
      'POSIXLY_CORRECT=1 "$TOOL" nosuch -v',
      '"$TOOL" nosuch -v',
      'POSIXLY_CORRECT=1 "$TOOL" -q nosuch -V',
      // getopt_long_only: -word is a long option, an ambiguous one falls back to letters.
      '"$TOOL" -ve nosuch',
      '"$TOOL" -ver nosuch',
      '"$TOOL" -vers nosuch',
      '"$TOOL" --ve nosuch',
      '"$TOOL" -quiet nosuch',
      '"$TOOL" nosuch -w -I -Iv',
    ];
    const { failures, results } = await compareNamespaceBatch('/usr/bin/killall', 'tkillall', '', [], templates);
    expect(failures).toEqual([]);
    expect(results[0]?.reference).toContain('-v: no process found');
  }, 60_000);
});
