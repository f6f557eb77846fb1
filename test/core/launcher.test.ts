// scripts/launcher.cjs: runs a bundle with its V8 code cache, and never with a cache made from
// another bundle.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tproc-launcher-'));
const launcher = join(dir, 'cmd.cjs');
const bundle = join(dir, 'cmd.bundle.cjs');
const cache = join(dir, 'cmd.v8cache');
copyFileSync(join(root, 'scripts', 'launcher.cjs'), launcher);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [launcher, 'x', 'y'], { encoding: 'utf8', env: { ...process.env, ...env } });

// A bundle as scripts/build.mjs writes it: one function given what node gives a CommonJS module.
// `say` is the kind of function V8 compiles lazily, on its first call.
const program = (letter: string) =>
  '(function (exports, require, module, __filename, __dirname) {\n' +
  `function say() { process.stdout.write('${letter} ' + process.argv.slice(2).join(',') + ' ' + require('node:path').basename(__filename) + '\\n'); }\nsay();\n})`;

describe('launcher', () => {
  it('writes a cache on request and runs the bundle with it', () => {
    writeFileSync(bundle, program('A'));
    expect(run({ TPROC_WRITE_CODE_CACHE: '1' }).stdout).toBe('A x,y cmd.bundle.cjs\n');
    const written = readFileSync(cache);
    expect(written.subarray(0, written.indexOf(10)).toString()).toBe(
      `${statSync(bundle).size} ${statSync(bundle).mtimeMs}`,
    );
    expect(written.length).toBeGreaterThan(100);
    const again = run();
    expect(again.stdout).toBe('A x,y cmd.bundle.cjs\n');
    expect(again.stderr).toBe('');
  });

  it('ignores a cache made from another bundle of the same length', () => {
    writeFileSync(bundle, program('A'));
    run({ TPROC_WRITE_CODE_CACHE: '1' });
    // V8 alone would take this cache: it checks the source only by its length.
    writeFileSync(bundle, program('B'));
    const later = new Date(statSync(bundle).mtimeMs + 5000);
    utimesSync(bundle, later, later);
    expect(run().stdout).toBe('B x,y cmd.bundle.cjs\n');
  });

  it('finds its bundle through a link node keeps as such (--preserve-symlinks-main)', () => {
    writeFileSync(bundle, program('D'));
    const link = join(dir, 'link-to-cmd');
    symlinkSync(launcher, link);
    const linked = spawnSync(process.execPath, ['--preserve-symlinks-main', link, 'x', 'y'], { encoding: 'utf8' });
    expect(linked.stdout).toBe('D x,y cmd.bundle.cjs\n');
    expect(linked.status).toBe(0);
  });

  it('runs without a cache, or with a damaged one', () => {
    writeFileSync(bundle, program('C'));
    rmSync(cache, { force: true });
    expect(run().stdout).toBe('C x,y cmd.bundle.cjs\n');
    const { size, mtimeMs } = statSync(bundle);
    writeFileSync(cache, `${size} ${mtimeMs}\nnot a cache`);
    const damaged = run();
    expect(damaged.stdout).toBe('C x,y cmd.bundle.cjs\n');
    expect(damaged.status).toBe(0);
  });
});
