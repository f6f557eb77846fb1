// yargs, chalk and cli-table3 serve tproc alone: no classic command's bundle may hold them (they
// would load, or at least weigh, on every `tps`). Each command's entry is bundled here as the build
// bundles it, and the bundle's inputs are listed from esbuild's metafile, whatever the layout of dist/.
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
    external: ['koffi'],
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
