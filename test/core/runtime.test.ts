// The runtime the commands run on: Bun by default (bin/ links to the multi-call executable), Node
// under TPROC_RUNTIME=node (vitest's `node` project runs its smoke subset of the differential tests
// so). Either way the process bears the command's name.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir } from '../zoo/cleanup.ts';
import { compare, expectSame, repoRoot } from '../zoo/compare.ts';
import { run } from '../zoo/run.ts';

describe(`bin/ on ${process.env.TPROC_RUNTIME === 'node' ? 'Node' : 'Bun'}`, () => {
  it('runs the runtime asked for, under the command name', async () => {
    // The shell stays the parent (`; :`), so the command lists itself.
    const r = await run(['sh', '-c', `"${repoRoot}/bin/tps" -o comm=,exe= --ppid $$; :`]);
    const [comm, exe] = r.stdout.trim().split(/\s+/);
    expect(comm).toBe('tps');
    if (process.env.TPROC_RUNTIME === 'node') expect(exe).toBe(process.execPath);
    else expect(exe).toBe(`${repoRoot}/dist/tproc/multicall`);
  });

  it('says in one line that TPROC_RUNTIME=node has no Node to run', async () => {
    const r = await run([`${repoRoot}/bin/tps`], { env: { TPROC_RUNTIME: 'node', PATH: '/nonexistent' } });
    expect(r).toMatchObject({ status: 127, stdout: '', stderr: 'tps: TPROC_RUNTIME=node: node is not in PATH\n' });
  });
});

describe('bin/ in a directory of its own', () => {
  it('reads no .env nor bunfig.toml there (a Bun executable would)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tproc-dotenv-'));
    try {
      writeFileSync(join(dir, '.env'), 'PS_PERSONALITY=bsd\nTZ=Asia/Kolkata\n');
      writeFileSync(join(dir, 'bunfig.toml'), 'preload = ["./nonexistent.ts"]\n');
      const args = ['-o', 'pid,lstart,comm', '-p', '1'];
      expectSame(await compare(['ps', ...args], ['tps', ...args], { cwd: dir }));
    } finally {
      removeDir(dir);
    }
  });
});

describe('bin/ on Node', () => {
  it('finds koffi for sigqueue without the NODE_PATH that pnpm gives its scripts', async () => {
    const r = await run(['sh', '-c', `"${repoRoot}/bin/tkill" -q 7 -s 0 $$ && echo sent`], {
      env: { TPROC_RUNTIME: 'node', NODE_PATH: undefined },
    });
    expect(r).toMatchObject({ stdout: 'sent\n', stderr: '', status: 0 });
  });
});
