// Issue 14: nothing at top level that a command's path does not use. The column, signal and
// other tables are built by core's onFirstUse on first use; importing every command's modules
// must build none of them, and the first use must build the one it needs (so this can fail).
import { onFirstUse, signalName, signalNumber, tablesBuilt } from '@tproc/core';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
/** Each command's main module: importing it loads the command's whole static graph. */
const MAINS = ['tkill', 'tkillall', 'tlsof', 'tpgrep', 'tpidof', 'tps', 'tpstree'].map(
  (pkg) => `${root}packages/${pkg}/src/main.ts`,
);

describe('tables built on first use', () => {
  it('importing every command builds no table', async () => {
    for (const main of MAINS) await import(main);
    const lists = await import(`${root}packages/tkill/src/signal-list.ts`);
    const columns = await import(`${root}packages/tps/src/columns/index.ts`);
    expect(typeof lists.signalList).toBe('function');
    expect(typeof columns.lookupColumn).toBe('function');
    expect(tablesBuilt()).toEqual([]);
  });

  it('a first use builds its table once, and only that one', async () => {
    const { lookupColumn, formatColumn } = await import(`${root}packages/tps/src/columns/index.ts`);
    const { signalList } = await import(`${root}packages/tkill/src/signal-list.ts`);
    expect(signalNumber('TERM')).toBe(15);
    expect(tablesBuilt()).toEqual(['signals']);
    expect(signalList().startsWith('HUP INT ')).toBe(true);
    expect(lookupColumn('pid')?.header).toBe('PID');
    expect(formatColumn('swap')?.header).toBe('SWAP');
    expect(lookupColumn('acflag')?.header).toBe('ACFLG');
    expect(signalName(64)).toBe('RTMAX');
    expect(tablesBuilt()).toEqual([
      'signals',
      'kill -l signals',
      'ps columns',
      'ps thread roles',
      'ps hidden columns',
      'ps format-only columns',
    ]);
  });

  it('onFirstUse calls its builder once', () => {
    let builds = 0;
    const table = onFirstUse('test table', () => ({ builds: ++builds }));
    expect(builds).toBe(0);
    expect(table()).toBe(table());
    expect(builds).toBe(1);
  });
});
