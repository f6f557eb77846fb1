// The executable's entry (scripts/multicall.ts): a command line its command's early check says
// walks every process starts again before the command's modules load; any other just loads them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bunPath } from '../../scripts/bun.mjs';
import { removeDir } from '../zoo/cleanup.ts';
import { repoRoot } from '../zoo/compare.ts';

const SCRIPT = `
import { dispatch } from '${repoRoot}/scripts/multicall.ts';
dispatch(
  { tlsof: async () => console.log('loaded'), tps: async () => console.log('loaded tps') },
  { tlsof: (argv) => { console.log('checked', JSON.stringify(argv)); return argv[0] === '-nP'; } },
  () => console.log('restart'),
);
`;

function dispatched(argv0: string, args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tproc-dispatch-'));
  try {
    writeFileSync(join(dir, 'entry.ts'), SCRIPT);
    const { TPROC_RUNTIME: _, ...env } = process.env;
    const r = spawnSync(bunPath(), [join(dir, 'entry.ts'), ...args], { argv0, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.trim().split('\n');
  } finally {
    removeDir(dir);
  }
}

describe('the executable entry', () => {
  it('starts a long walk again before it loads the command', () => {
    expect(dispatched('tlsof', ['-nP'])).toEqual(['checked ["-nP"]', 'restart', 'loaded']);
  });

  it('loads the command at once where its check says no, or it has none', () => {
    expect(dispatched('tlsof', ['-p', '1'])).toEqual(['checked ["-p","1"]', 'loaded']);
    // lsof runs tlsof (a drop-in under the reference's name): the same check.
    expect(dispatched('/usr/local/bin/lsof', ['-nP'])).toEqual(['checked ["-nP"]', 'restart', 'loaded']);
    expect(dispatched('tps', ['-nP'])).toEqual(['loaded tps']);
  });
});
