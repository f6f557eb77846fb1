import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const repo = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tproc-epipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `command | head -1` in sh; returns the writer's exit status (PIPESTATUS) and stderr. */
function headOne(command: string): { status: string; stderr: string } {
  const r = spawnSync('bash', ['-c', `${command} 2>"${dir}/err" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
    encoding: 'utf8',
  });
  const stderr = spawnSync('cat', [`${dir}/err`], { encoding: 'utf8' }).stdout;
  return { status: r.stdout.trim(), stderr };
}

describe('a reader that goes away (EPIPE)', () => {
  it('ends a command quietly, killed by SIGPIPE as the C tools are', () => {
    // Far more than a pipe holds, so the writer is still writing when head exits.
    const script = join(dir, 'flood.cjs');
    const bundle = buildSync({
      stdin: {
        contents: `import { runCommand } from '@tproc/core';
          runCommand((argv, io) => { for (let i = 0; i < 50000; i++) io.stdout.write('x'.repeat(99) + '\\n'); return 0; });`,
        resolveDir: join(repo, 'packages/core'),
      },
      bundle: true,
      platform: 'node',
      external: ['bun:ffi', 'koffi'],
      format: 'cjs',
      write: false,
    });
    writeFileSync(script, bundle.outputFiles[0]?.text ?? '');
    expect(headOne(`node ${script}`)).toEqual({ status: '141', stderr: '' });
  });

  it('prints no stack trace from the real commands', () => {
    for (const command of ['tps -ef', 'tps auxww', 'tpstree -pa', 'tpgrep -a .', 'tkill -L']) {
      const r = headOne(join(repo, 'bin', command));
      expect(r.stderr, command).toBe('');
      expect(['0', '141'], command).toContain(r.status);
    }
  });
});
