#!/bin/sh
':' //; c=; { true 3>&1; } 2>/dev/null || c=1; true 3>&2 || c="$c 2"; [ -n "$c" ] && export TPROC_CLOSED_FDS="$c" || unset TPROC_CLOSED_FDS; exec node "$0" "$@"
'use strict';
// dist/<command>.cjs: runs dist/<command>.bundle.cjs with V8's code cache dist/<command>.v8cache,
// both written by scripts/build.mjs. With the cache the bundle's functions arrive compiled
// instead of being parsed and compiled at every start (measured: tps -ef 6 ms sooner).
// V8 checks the cache against its own version and flags but the source only by its length, so
// the cache starts with a stamp of the bundle it was made from (size and mtime): a rebuilt or
// edited bundle runs without it rather than with another bundle's code.
// The file is read by sh, then by node: sh lists in TPROC_CLOSED_FDS which of stdout and stderr
// were closed (`tps -ef >&-`), which node cannot tell: it opens /dev/null read-write on a closed
// 0, 1 or 2 before any script runs, as Python's DEVNULL and node's `stdio: 'ignore'` do for a
// child (measured: the same fdinfo). For node the second line is a string and a comment; for sh,
// `:` and then the tests (a failed redirection on `true`, not on the special built-in `:`, which
// would end sh; the complaint about a closed stderr goes nowhere).
const { closeSync, fstatSync, openSync, readFileSync, readSync, realpathSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');

// Run through a link kept as such (node --preserve-symlinks-main), this file is found by its real path.
const self = __filename.endsWith('.cjs') ? __filename : realpathSync(__filename);
const base = self.slice(0, -'.cjs'.length);
const file = `${base}.bundle.cjs`;
const cacheFile = `${base}.v8cache`;
const fd = openSync(file, 'r');
const { size, mtimeMs } = fstatSync(fd);
const source = Buffer.allocUnsafe(size);
readSync(fd, source, 0, size, 0);
closeSync(fd);
const stamp = `${size} ${mtimeMs}\n`;
const writing = process.env.TPROC_WRITE_CODE_CACHE === '1';

let cachedData;
try {
  const cache = readFileSync(cacheFile);
  const end = cache.indexOf(10);
  if (end > 0 && cache.latin1Slice(0, end + 1) === stamp) cachedData = cache.subarray(end + 1);
} catch {}
// The bundle is one function expression (see scripts/build.mjs), in ASCII (esbuild's default
// charset), so latin1 reads it exactly.
const script = new Script(source.latin1Slice(0, size), { filename: file, cachedData });
// Written over at exit: what this run compiled joins what the cache already held.
if (writing) {
  process.once('exit', () => writeFileSync(cacheFile, Buffer.concat([Buffer.from(stamp), script.createCachedData()])));
}
const mod = { exports: {} };
// Modules the bundle leaves out (koffi) resolve from dist/, wherever the command was run from.
const req = self === __filename ? require : require('node:module').createRequire(self);
script.runInThisContext()(mod.exports, req, mod, file, self.slice(0, self.lastIndexOf('/')));
