// The library face, in-process (pnpm bench runs it; alone: node scripts/bench-library.mjs [--runs N]).
// Listing every process with its command line through @tproc/core against the ps-list package
// (which spawns ps and parses it), and the pid behind a listening port against find-process
// (netstat/lsof) and pid-port (ss), side by side, medians of alternated runs. Goals (issue 17):
// both at least 10x faster than the packages.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import findProcess from 'find-process';
import { portToPid } from 'pid-port';
import psList from 'ps-list';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 15;

// @tproc/core is TypeScript: bundled here as a Node program would bundle it, where koffi (the FFI
// of its sock_diag reads) resolves as the Node bundles' does: dist/tproc/node_modules (the build's).
const dir = mkdtempSync(join(root, 'dist/tproc/node/.library-bench-'));
const out = join(dir, 'core.mjs');
await build({
  entryPoints: [join(root, 'packages/core/src/index.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // As the Node bundles (scripts/build.mjs): koffi is loaded from node_modules, bun:ffi is Bun's.
  external: ['koffi', 'bun:ffi'],
  logLevel: 'warning',
});
const core = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });
// The reader the build compiled (when this machine had a C compiler), as README's library section
// has a program load it: listings then read on two threads.
const manifest = JSON.parse(readFileSync(join(root, 'dist/tproc/package.json'), 'utf8'));
const readerLibrary = manifest.files.find((file) => file.endsWith('.so'));
const twoThreads = readerLibrary !== undefined && core.loadReaderLibrary(join(root, 'dist/tproc', readerLibrary));
console.log(`# @tproc/core ${twoThreads ? `with ${readerLibrary}` : 'without the reader library: reads in turn'}`);

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;

async function timeOnce(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Medians (ms) of each contender, run alternately; checks each answer once. */
async function compare(name, contenders, check) {
  for (const [label, fn] of contenders) check(label, await fn()); // warm up, and right answers
  const times = contenders.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, [, fn]] of contenders.entries()) times[j].push(await timeOnce(fn));
  }
  const [ours, ...theirs] = times.map(median);
  console.log(`# ${name}: ${runs} runs each, medians in ms`);
  console.log(`  @tproc/core`.padEnd(24), ours.toFixed(2).padStart(9));
  contenders.slice(1).forEach(([label], i) => {
    console.log(
      `  ${label}`.padEnd(24),
      theirs[i].toFixed(2).padStart(9),
      `  ${(theirs[i] / ours).toFixed(1)}x ours (goal >= 10x)`,
    );
  });
}

try {
  await compare(
    'every process with its command line',
    [
      ['@tproc/core', () => core.listProcesses()],
      ['ps-list', () => psList()],
    ],
    (label, list) => {
      if (!list.some((p) => p.pid === process.pid)) throw new Error(`${label}: this process missing`);
    },
  );
  await compare(
    `the pid listening on 127.0.0.1:${port}`,
    [
      ['@tproc/core', () => core.pidsByPort(port)],
      ['pid-port', () => portToPid(port)],
      ['find-process', () => findProcess('port', port)],
    ],
    (label, found) => {
      const pids = Array.isArray(found) ? found.map((x) => (typeof x === 'number' ? x : x.pid)) : [found];
      if (!pids.includes(process.pid)) throw new Error(`${label}: found ${JSON.stringify(found)}, not ${process.pid}`);
    },
  );
} finally {
  server.close();
}
