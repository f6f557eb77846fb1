// yargs, chalk and cli-table3 serve tproc alone: no classic command's bundle may hold them (they
// would load, or at least weigh, on every `tps`). Each command's entry is bundled here as the build
// bundles it for Node, and the bundle's inputs are listed from esbuild's metafile, whatever the
// layout of dist/; and in the Bun executable, the chunks a command loads are read from the
// metafile the build wrote (dist/multicall.meta.json).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const MODERN = ['yargs', 'yargs-parser', 'cliui', 'y18n', 'chalk', 'cli-table3', '@colors/colors'];

function commands(): [string, string][] {
  const out: [string, string][] = [];
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const manifest = join(root, 'packages', pkg, 'package.json');
    if (!existsSync(manifest)) continue;
    const entries = (JSON.parse(readFileSync(manifest, 'utf8')).tproc?.commands ?? {}) as Record<string, string>;
    for (const [command, entry] of Object.entries(entries)) out.push([command, join(root, 'packages', pkg, entry)]);
  }
  return out;
}

/** The npm packages a bundle of `entry` holds (from the node_modules paths of its inputs). */
async function packagesIn(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    external: ['koffi', 'bun:ffi'],
    define: { 'import.meta': 'import_meta' },
    inject: [join(root, 'scripts', 'import-meta-url.mjs')],
    logLevel: 'silent',
  });
  const names = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
    if (m) names.add(m[1]!);
  }
  return names;
}

describe('bundles', () => {
  const all = commands();
  it('lists the classic commands and tproc', () => {
    expect(all.map(([c]) => c)).toEqual(expect.arrayContaining(['tps', 'tpstree', 'tkill', 'tproc']));
  });
  for (const [command, entry] of all) {
    it(`${command} ${command === 'tproc' ? 'holds' : 'holds none of'} yargs, chalk and cli-table3`, async () => {
      const held = [...(await packagesIn(entry))].filter((p) => MODERN.includes(p));
      if (command === 'tproc') expect(held).toEqual(expect.arrayContaining(['yargs', 'chalk', 'cli-table3']));
      else expect(held).toEqual([]);
    });
  }
});

interface BunMeta {
  outputs: Record<
    string,
    { entryPoint?: string; imports?: { path: string; kind: string }[]; inputs?: Record<string, unknown> }
  >;
}

/**
 * The npm packages (and `@tproc/core`) in the chunks of the executable that running `entry` loads:
 * its chunk and what that imports.
 */
function packagesInExecutable(meta: BunMeta, entry: string): Set<string> {
  const chunks = Object.entries(meta.outputs);
  const start = chunks.find(([, o]) => o.entryPoint !== undefined && join(root, o.entryPoint) === entry)?.[0];
  if (start === undefined) throw new Error(`no chunk of the executable starts at ${entry}`);
  const seen = new Set<string>();
  const names = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const output = meta.outputs[name];
    for (const input of Object.keys(output?.inputs ?? {})) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input);
      if (m) names.add(m[1]!);
      else if (input.startsWith('packages/core/')) names.add('@tproc/core');
    }
    // Static imports load with the chunk; a dynamic one may, on some path of the command.
    for (const i of output?.imports ?? []) visit(join(name, '..', i.path).replace(/^(?!\.)/, './'));
  };
  visit(start);
  return names;
}

describe('the Bun executable', () => {
  const metafile = join(root, 'dist', 'multicall.meta.json');
  const meta = JSON.parse(readFileSync(metafile, 'utf8')) as BunMeta;
  for (const [command, entry] of commands()) {
    it(`${command}'s chunks ${command === 'tproc' ? 'hold' : 'hold none of'} yargs, chalk and cli-table3`, () => {
      const found = packagesInExecutable(meta, entry);
      // The walk reached the chunks the command shares (core's), not its own chunk alone.
      expect(found.has('@tproc/core')).toBe(true);
      const held = [...found].filter((p) => MODERN.includes(p));
      if (command === 'tproc') expect(held).toEqual(expect.arrayContaining(['yargs', 'chalk', 'cli-table3']));
      else expect(held).toEqual([]);
    });
  }
});
