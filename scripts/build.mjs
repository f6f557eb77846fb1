// Bundles every command into one CommonJS file, packages/<pkg>/dist/<command>.bundle.cjs, for
// each entry that a package lists under "tproc.commands" in its package.json, and puts beside it
// the launcher dist/<command>.cjs (scripts/launcher.cjs) that bin/<command>, a committed symlink,
// points to. Then it runs each command with each argument list under "tproc.warm" in turn (read
// only, output discarded) so that the launcher writes V8's code cache, dist/<command>.v8cache,
// with the functions those runs compiled.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const jobs = [];
for (const pkg of readdirSync(packagesDir)) {
  const manifestPath = join(packagesDir, pkg, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const { commands = {}, warm = {} } = JSON.parse(readFileSync(manifestPath, 'utf8')).tproc ?? {};
  for (const [command, entry] of Object.entries(commands)) {
    const dist = join(packagesDir, pkg, 'dist');
    const outfile = join(dist, `${command}.bundle.cjs`);
    const launcher = join(dist, `${command}.cjs`);
    const cache = join(dist, `${command}.v8cache`);
    jobs.push(
      build({
        entryPoints: [join(packagesDir, pkg, entry)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        // V8's default young generation: listings let each process go once printed, so
        // scavenges stay cheap; a 16 MiB one (--min-semi-space-size) cost 20 MiB of peak memory
        // and time at 5,000 processes (measured).
        // The launcher compiles the bundle as this function, as node wraps a CommonJS module.
        banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
        footer: { js: '\n})' },
        minifySyntax: true,
        minifyWhitespace: true,
        legalComments: 'none',
        // koffi loads a prebuilt native .node file, which esbuild cannot bundle: the bundle requires
        // it at run time from the command package's node_modules (see packages/syscalls/NOTES.md).
        external: ['koffi'],
        // yargs (tproc's path only) reads import.meta.url: see scripts/import-meta-url.mjs.
        define: { 'import.meta': 'import_meta' },
        inject: [join(root, 'scripts', 'import-meta-url.mjs')],
        logLevel: 'warning',
      }).then(() => {
        copyFileSync(join(root, 'scripts', 'launcher.cjs'), launcher);
        chmodSync(launcher, 0o755);
        rmSync(cache, { force: true });
        for (const args of warm[command] ?? [['--version']]) {
          spawnSync(process.execPath, [launcher, ...args], {
            env: { ...process.env, TPROC_WRITE_CODE_CACHE: '1' },
            stdio: 'ignore',
          });
        }
        // Without a cache the command still runs, only slower to start.
        if (!existsSync(cache)) console.warn(`build: no code cache for ${command}`);
        const link = join(root, 'bin', command);
        let present = false;
        try {
          present = lstatSync(link).isSymbolicLink() || true;
        } catch {}
        if (!present) symlinkSync(relative(join(root, 'bin'), launcher), link);
      }),
    );
  }
}
// Every bundle is attempted even when one fails (helpers work on packages side by side).
const failed = (await Promise.allSettled(jobs)).filter((r) => r.status === 'rejected');
if (failed.length > 0) process.exit(1);
