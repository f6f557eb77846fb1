// Builds dist/tproc/, the installable package of every command that a package lists under
// "tproc.commands" in its package.json, and links bin/<command> to it:
//   dist/tproc/multicall        one Bun executable (bun build --compile --bytecode) holding every
//                               command; it runs the one named by the link it is run through
//   dist/tproc/node/<cmd>.cjs   each command bundled for Node (esbuild), run by the multi-call
//                               executable when TPROC_RUNTIME=node, or directly by `node`
//   dist/tproc/reader-thread-<hash>.so
//                               core's reader thread (reader-thread-source.ts) compiled by the
//                               machine's C compiler, when there is one: the executable loads it
//                               instead of compiling the C at every run (TinyCC, ~4 ms)
//   dist/tproc/man/<cmd>.1      the manual pages, from packages/<pkg>/man/
//   dist/tproc/package.json     name, version, one `bin` entry per command, the manual pages
// README's Install section installs it with npm (`npm install -g --install-links ./dist/tproc`).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { bunPath } from './bun.mjs';

const root = new URL('..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');
const out = join(root, 'dist', 'tproc');
const work = join(root, 'dist', '.build');
const EXECUTABLE = 'multicall';

/** [command, package directory, entry file] for every command, in name order. */
const commands = [];
/**
 * [command, module] of the commands whose entry checks a command line before the command loads
 * (`tproc.early`: its walksEveryProcess, scripts/multicall.ts).
 */
const earlyChecks = [];
for (const pkg of readdirSync(packagesDir)) {
  const manifestPath = join(packagesDir, pkg, 'package.json');
  if (!existsSync(manifestPath)) continue;
  const { commands: entries = {}, early = {} } = JSON.parse(readFileSync(manifestPath, 'utf8')).tproc ?? {};
  for (const [command, entry] of Object.entries(entries)) commands.push([command, join(packagesDir, pkg), entry]);
  for (const [command, file] of Object.entries(early)) earlyChecks.push([command, join(packagesDir, pkg, file)]);
}
commands.sort(([a], [b]) => (a < b ? -1 : 1));

let bun;
try {
  bun = bunPath();
} catch (err) {
  console.error(`build: ${err.message}`);
  process.exit(1);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(join(out, 'node'), { recursive: true });
mkdirSync(join(out, 'man'), { recursive: true });
mkdirSync(work, { recursive: true });
const importPath = (file) => JSON.stringify(relative(work, file));

// Core's reader thread, compiled by the machine's C compiler into dist/tproc/READER_LIBRARY-<hash>.so
// (the hash of its source): the file name the executable is built to look for beside itself, or
// undefined when no C compiler could make it (the executable then compiles the C at run time).
const READER_LIBRARY = 'reader-thread';
async function buildReaderLibrary() {
  for (const file of readdirSync(out)) if (file.startsWith(`${READER_LIBRARY}-`)) rmSync(join(out, file));
  const bundled = await build({
    entryPoints: [join(packagesDir, 'core', 'src', 'reader-thread-source.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const code = bundled.outputFiles[0].text;
  const { READER_SOURCE } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const name = `${READER_LIBRARY}-${createHash('sha256').update(READER_SOURCE).digest('hex').slice(0, 16)}.so`;
  const source = join(work, `${READER_LIBRARY}.c`);
  writeFileSync(source, READER_SOURCE);
  const compiler = process.env.CC || 'cc';
  const r = spawnSync(compiler, ['-O2', '-shared', '-fPIC', '-pthread', '-o', join(out, name), source], {
    encoding: 'utf8',
  });
  if (r.status === 0) return name;
  console.warn(
    `build: ${compiler} could not compile the reader thread (${r.error?.message ?? r.stderr.trim()}); the commands compile it when they run`,
  );
  return undefined;
}

// The Bun executable: one entry that maps each command name to its module, loaded on demand.
function buildExecutable(readerLibrary) {
  const entry = join(work, 'multicall.ts');
  // The early checks are imported statically: they run before the command's chunk loads.
  writeFileSync(
    entry,
    `import { dispatch } from ${importPath(join(root, 'scripts', 'multicall.ts'))};\n${earlyChecks
      .map(([, path], i) => `import { walksEveryProcess as walks${i} } from ${importPath(path)};\n`)
      .join('')}dispatch(\n  {\n${commands
      .map(([command, dir, file]) => `    ${JSON.stringify(command)}: () => import(${importPath(join(dir, file))}),\n`)
      .join(
        '',
      )}  },\n  { ${earlyChecks.map(([command], i) => `${JSON.stringify(command)}: walks${i}`).join(', ')} },\n);\n`,
  );
  const tmp = join(out, `.${EXECUTABLE}.tmp`);
  const r = spawnSync(
    bun,
    [
      'build',
      entry,
      '--compile',
      '--bytecode',
      '--minify',
      // Each command's modules in a chunk of their own, loaded when it runs: a third fewer page
      // faults for `tkill -l` than one chunk of every command (1062 against 1363, perf stat).
      '--format=esm',
      '--splitting',
      // A command's life is too short for JIT tiers to pay: with tier-up thresholds 1000 times
      // the default, tps -ef took 98 ms of CPU instead of 135 (median of 21, ~240 processes) and
      // 644 instead of 705 at 5,000 processes, in 42 MiB instead of 50 (tpidof, tpstree alike).
      '--compile-jit-policy=1000',
      // A standalone executable would otherwise read .env and bunfig.toml from the directory it
      // runs in: PS_PERSONALITY=bsd in a .env turned `tps` into `ps` under that personality.
      '--no-compile-autoload-dotenv',
      '--no-compile-autoload-bunfig',
      '--external',
      'koffi',
      ...(readerLibrary ? ['--define', `TPROC_READER_LIBRARY=${JSON.stringify(readerLibrary)}`] : []),
      // Which modules each command's chunk holds (test/core/bundles.test.ts reads it); beside the
      // package, not in it.
      `--metafile=${join(root, 'dist', 'multicall.meta.json')}`,
      '--outfile',
      tmp,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`bun build failed:\n${r.stdout}${r.stderr}`);
  // A new file under the name, never a rewrite of the one that runs (ETXTBSY).
  renameSync(tmp, join(out, EXECUTABLE));
}

// The Node bundles: the command's module after node-entry.ts's start (its name, its threads').
function buildNode([command, dir, file]) {
  return build({
    stdin: {
      contents: `import { startOnNode } from ${importPath(join(root, 'scripts', 'node-entry.ts'))};\nstartOnNode(${JSON.stringify(command)});\nvoid import(${importPath(join(dir, file))});\n`,
      resolveDir: work,
      sourcefile: `${command}-node.ts`,
      loader: 'ts',
    },
    outfile: join(out, 'node', `${command}.cjs`),
    banner: { js: '#!/usr/bin/env node' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    // koffi loads a prebuilt native .node file, which esbuild cannot bundle: the bundle requires
    // it at run time from node_modules (see packages/syscalls/NOTES.md). bun:ffi exists under Bun only.
    external: ['koffi', 'bun:ffi'],
    // yargs (tproc's path only) reads import.meta.url: see scripts/import-meta-url.mjs.
    define: { 'import.meta': 'import_meta' },
    inject: [join(root, 'scripts', 'import-meta-url.mjs')],
    logLevel: 'warning',
  }).then(() => chmodSync(join(out, 'node', `${command}.cjs`), 0o755));
}

function copyManPages() {
  const pages = [];
  for (const [command, dir] of commands) {
    const page = join(dir, 'man', `${command}.1`);
    if (!existsSync(page)) {
      console.warn(`build: no manual page ${relative(root, page)}`);
      continue;
    }
    copyFileSync(page, join(out, 'man', `${command}.1`));
    pages.push(`man/${command}.1`);
  }
  return pages;
}

function installedVersion(from, name) {
  // The package's directory in node_modules (koffi exports no ./package.json).
  const manifest = join(realpathSync(join(from, 'node_modules', name)), 'package.json');
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

function writeManifest(pages, readerLibrary) {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const manifest = {
    name: rootManifest.name,
    version: rootManifest.version,
    description: rootManifest.description,
    license: rootManifest.license,
    // The executable is built for this machine's kind.
    os: [process.platform],
    cpu: [process.arch],
    bin: Object.fromEntries(commands.map(([command]) => [command, EXECUTABLE])),
    man: pages,
    files: [EXECUTABLE, ...(readerLibrary ? [readerLibrary] : []), 'node', 'man'],
    // Only the Node bundles use it (sigqueue and pidfds under TPROC_RUNTIME=node); Bun's FFI is built in.
    // The very version the workspace installed and the tests ran.
    optionalDependencies: { koffi: installedVersion(join(packagesDir, 'syscalls'), 'koffi') },
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

// The Node bundles require koffi at run time from node_modules beside them: installed, npm puts
// it there (the manifest's optionalDependencies); in the checkout, a link to the workspace's
// (npm leaves node_modules out of the package it installs).
function linkKoffi() {
  const link = join(out, 'node_modules', 'koffi');
  mkdirSync(join(out, 'node_modules'), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(realpathSync(join(packagesDir, 'syscalls', 'node_modules', 'koffi')), link);
}

// bin/<command>: a link to the executable (committed; made here for a command that has none yet).
function linkBin() {
  const target = relative(join(root, 'bin'), join(out, EXECUTABLE));
  for (const [command] of commands) {
    const link = join(root, 'bin', command);
    let current;
    try {
      current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : '';
    } catch {}
    if (current === target) continue;
    if (current !== undefined) rmSync(link);
    symlinkSync(target, link);
  }
}

// Every part is attempted even when one fails (helpers work on packages side by side).
const readerLibrary = await buildReaderLibrary();
const results = await Promise.allSettled([
  new Promise((resolve) => setImmediate(resolve)).then(() => buildExecutable(readerLibrary)),
  ...commands.map(buildNode),
]);
const failed = results.filter((r) => r.status === 'rejected');
for (const f of failed) console.error(`build: ${f.reason?.message ?? f.reason}`);
writeManifest(copyManPages(), readerLibrary);
linkKoffi();
linkBin();
rmSync(work, { recursive: true, force: true });
if (failed.length > 0) process.exit(1);
