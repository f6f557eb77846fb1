// --version and -V: every command prints one line naming tproc and the root package.json's
// version, on the stream where its reference prints its version, with the reference's status.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../zoo/compare.ts';
import { run } from '../zoo/run.ts';
import { referenceVersionAsOurs } from './version.ts';

const { version } = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string };

const CASES: [reference: string, ours: string, args: string[]][] = [
  ['ps', 'tps', ['-V']],
  ['ps', 'tps', ['V']],
  ['ps', 'tps', ['--version']],
  ['pstree', 'tpstree', ['-V']],
  ['pstree', 'tpstree', ['--version']],
  ['/usr/bin/kill', 'tkill', ['-V']],
  ['/usr/bin/kill', 'tkill', ['--version']],
  ['killall', 'tkillall', ['-V']],
  ['killall', 'tkillall', ['--version']],
  ['pgrep', 'tpgrep', ['-V']],
  ['pgrep', 'tpgrep', ['--version']],
  ['pkill', 'tpkill', ['-V']],
  ['pkill', 'tpkill', ['--version']],
  ['lsof', 'tlsof', ['-v']],
  ['fuser', 'tfuser', ['-V']],
  ['fuser', 'tfuser', ['--version']],
];

describe('version', () => {
  it.each(CASES)('%s and %s %j', async (reference, ours, args) => {
    const r = await run([reference, ...args]);
    const o = await run([`${repoRoot}/bin/${ours}`, ...args]);
    const line = `${ours} from tproc ${version}\n`;
    const stream = r.stdout !== '' ? 'stdout' : 'stderr';
    expect(r[stream]).not.toBe('');
    expect({ status: o.status, [stream]: o[stream], other: o[stream === 'stdout' ? 'stderr' : 'stdout'] }).toEqual({
      status: r.status,
      [stream]: line,
      other: '',
    });
    // What the comparisons of whole command lines put in the reference's place.
    const name = reference.slice(reference.lastIndexOf('/') + 1);
    expect(referenceVersionAsOurs(r[stream])).toBe(`${name} from tproc ${version}\n`);
  });

  it('pidof has none, nor has tpidof', async () => {
    for (const args of [['-V'], ['--version']]) {
      const r = await run(['pidof', ...args]);
      const o = await run([`${repoRoot}/bin/tpidof`, ...args]);
      expect(o).toEqual(r);
      expect(r.status).toBe(1);
    }
  });
});
