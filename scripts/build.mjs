// Bundles every command into one CommonJS file with a node shebang:
// packages/<pkg>/dist/<command>.cjs, for each entry that a package lists under
// "tproc.commands" in its package.json. bin/<command> is a committed symlink to it.
import { chmodSync, existsSync, readdirSync, readFileSync, symlinkSync, lstatSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const jobs = [];
for (const pkg of readdirSync(packagesDir)) {
  const manifestPath = join(packagesDir, pkg, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const commands = JSON.parse(readFileSync(manifestPath, 'utf8')).tproc?.commands ?? {};
  for (const [command, entry] of Object.entries(commands)) {
    const outfile = join(packagesDir, pkg, 'dist', `${command}.cjs`);
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
        banner: { js: '#!/usr/bin/env node' },
        minifySyntax: true,
        minifyWhitespace: true,
        legalComments: 'none',
        // koffi loads a prebuilt native .node file, which esbuild cannot bundle: the bundle requires
        // it at run time from the command package's node_modules (see packages/syscalls/NOTES.md).
        external: ['koffi'],
        logLevel: 'warning',
      }).then(() => {
        chmodSync(outfile, 0o755);
        const link = join(root, 'bin', command);
        let present = false;
        try {
          present = lstatSync(link).isSymbolicLink() || true;
        } catch {}
        if (!present) symlinkSync(relative(join(root, 'bin'), outfile), link);
      }),
    );
  }
}
// Every bundle is attempted even when one fails (helpers work on packages side by side).
const failed = (await Promise.allSettled(jobs)).filter((r) => r.status === 'rejected');
if (failed.length > 0) process.exit(1);
