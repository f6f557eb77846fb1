// The layering, enforced: core (and @tproc/syscalls) is the only thing command packages share and
// the only code that does I/O; each command is a thin package that imports no other command and
// scans its options with core's getopt. A rule broken here fails the suite.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const packagesDir = join(root, 'packages');

/** Command packages: packages/t* (tps, tpstree, tkill, ..., and tproc, tlsof, tfuser as they come). */
const commands = readdirSync(packagesDir).filter((name) => name.startsWith('t'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or not. */
function imports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*['"]([^'"]+)['"]/g)) {
    found.push(m[1] as string);
  }
  return found;
}

/** Modules that do I/O: only core (and syscalls) may load them. */
const IO_MODULES = /^(node:)?(fs|fs\/promises|tty|net|child_process|dgram|readline)$/;

/**
 * The one file allowed an argument loop of its own: ps's syntax is not getopt's (UNIX `-ef`, BSD
 * `aux` and GNU `--sort` forms in one command line, read twice), and ps itself uses no getopt.
 */
const OWN_SYNTAX = new Set(['tps/src/options/parse.ts']);

/** What only an option scanner does: test an argument for `--`, the end of the options. */
const SCANNER = /(?:[=!]==?\s*['"]--['"]|['"]--['"]\s*[=!]==?|case\s+['"]--['"]\s*:)/;

describe('layering of the command packages', () => {
  for (const pkg of commands) {
    const files = sources(join(packagesDir, pkg, 'src'));
    it(`${pkg}: no I/O module, no other command, no option scanner of its own`, () => {
      expect(files.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const file of files) {
        const rel = relative(packagesDir, file);
        const text = readFileSync(file, 'utf8');
        for (const spec of imports(text)) {
          if (IO_MODULES.test(spec)) problems.push(`${rel} imports ${spec}: I/O belongs in @tproc/core`);
          const other = /^@tproc\/(t[^/]*)/.exec(spec)?.[1];
          if (other !== undefined && other !== pkg) problems.push(`${rel} imports command package ${spec}`);
          if (spec.startsWith('.')) {
            const target = resolve(dirname(file), spec);
            if (!target.startsWith(join(packagesDir, pkg, 'src')))
              problems.push(`${rel} reaches outside its package: ${spec}`);
          }
        }
        if (/(^|\/)getopt\.ts$/.test(rel)) problems.push(`${rel}: a getopt of its own (core has the one)`);
        if (/\bfunction\s+getopt\b|\bclass\s+Getopt\b/.test(text)) problems.push(`${rel} defines a getopt`);
        if (!OWN_SYNTAX.has(rel) && SCANNER.test(text))
          problems.push(`${rel} scans for '--' itself: use core's getopt`);
      }
      expect(problems).toEqual([]);
    });

    it(`${pkg}: depends on no other command package`, () => {
      const manifest = JSON.parse(readFileSync(join(packagesDir, pkg, 'package.json'), 'utf8'));
      const deps = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
      expect(deps.filter((d) => /^@tproc\/t/.test(d))).toEqual([]);
    });
  }

  it('finds what it forbids', () => {
    // The rules themselves: each pattern catches the shape it is meant to.
    expect(imports("import { readFileSync } from 'node:fs';").some((s) => IO_MODULES.test(s))).toBe(true);
    expect(imports("const fs = require('fs');").some((s) => IO_MODULES.test(s))).toBe(true);
    expect(imports("export { escape } from '@tproc/tps/escape';")).toEqual(['@tproc/tps/escape']);
    expect(SCANNER.test("if (arg === '--') break;")).toBe(true);
    expect(SCANNER.test("case '--':")).toBe(true);
    expect(SCANNER.test("const s = '--- stdout';")).toBe(false);
    expect(commands).toEqual(expect.arrayContaining(['tps', 'tpstree', 'tkill', 'tkillall', 'tpidof', 'tpgrep']));
  });
});
