// Every ordered pair of ps's process selection options (UNIX, BSD and GNU long forms) against ps:
// status, stderr and stdout. Both run in a PID namespace of their own beside a few idle processes:
// ps spawned by shells, tps through its main() in one node process (a bundle of the source, made
// here), so the tps side of 1,575 command lines takes a few seconds.
//
// A ps costs ~20 ms of CPU (it loads libsystemd and libgcrypt), so ps runs once per command line
// up to order and to the synonyms man ps calls identical (-e for -A, --pid for -p, ...): ps's
// answer depends on neither but for a bare pid list, whose order is kept (TPROC_SELECTION_ALL=1
// runs ps on every command line as written, which checks that; procps-ng 4.0.2 passes: 1,575 ps
// runs against 555). tps still runs every command line as written.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir } from '../zoo/cleanup.ts';
import { repoRoot } from '../zoo/compare.ts';
import { run } from '../zoo/run.ts';

// {pts} is the terminal of a process in the namespace, {runner} the pid of the node process that
// runs both sides. The user and group lists each leave a process out, so that they select
// something short of everything.
const UNIX = [
  ['-A'],
  ['-e'],
  ['-a'],
  ['-d'],
  ['-N'],
  ['-C', 'sleep'],
  ['-G', 'root'],
  ['-g', '1'],
  ['-p', '1'],
  ['-q', '1'],
  ['-s', '1'],
  ['-t', '{pts}'],
  ['-u', 'nobody'],
  ['-U', 'root'],
  ['-1'],
];
const LETTERS = ['a', 'x', 'r', 'T', 'g'];
const BSD = [...LETTERS.map((l) => [l]), ['U', 'nobody'], ['p', '1'], ['t', '{pts}'], ['q', '1'], ['1']];
const GNU = [
  ['--pid', '1'],
  ['--ppid', '{runner}'],
  ['--sid', '1'],
  ['--tty', '{pts}'],
  ['--user', 'nobody'],
  ['--User', 'root'],
  ['--group', 'root'],
  ['--Group', 'root'],
  ['--deselect'],
  ['--quick-pid', '1'],
];
const OPTIONS = [...UNIX, ...BSD, ...GNU];
/** man ps: "Identical to" (ps's own words for these). */
const SYNONYMS: Record<string, string> = {
  '-e': '-A',
  '--pid': '-p',
  '--quick-pid': '-q',
  '--sid': '-s',
  '--tty': '-t',
  '--user': '-u',
  '--User': '-U',
  '--Group': '-G',
  '--deselect': '-N',
};

interface Case {
  argv: string[];
  personality?: string;
  /** Command lines with the same key get the same answer from ps. */
  key: string;
}

const all = process.env.TPROC_SELECTION_ALL === '1';
const canonical = (option: string[]): string[] => {
  const [name, ...rest] = option as [string, ...string[]];
  return [SYNONYMS[name] ?? name, ...rest];
};
// observed: a bare pid list (`1`, `-1`) must come last (`ps 1 -A` is a "process ID list syntax
// error", `ps -A 1` lists), so there the order stays.
const bare = (option: string[]) => /^-?[0-9]/.test(option[0] as string);
const keyOf = (options: string[][], personality = ''): string => {
  const words = options.map(canonical).map((o) => o.join(' '));
  return JSON.stringify([personality, ...(all ? options.flat() : options.some(bare) ? words : words.sort())]);
};
const cases: Case[] = [];
const add = (options: string[][], personality?: string) => {
  const argv = options.flat();
  const same = (c: Case) => c.personality === personality && JSON.stringify(c.argv) === JSON.stringify(argv);
  if (!cases.some(same)) cases.push({ argv, personality, key: keyOf(options, personality) });
};
for (const x of OPTIONS) for (const y of OPTIONS) add([x, y]);
// BSD letters also share one word (`ag`, `gx`).
for (const x of LETTERS) for (const y of LETTERS) add([[x + y]]);
// In sunos4, BSD a, x and the BSD default leave session leaders out until g (observed).
for (const x of OPTIONS) {
  for (const y of LETTERS) {
    add([x, [y]], 'sunos4');
    add([[y], x], 'sunos4');
  }
}
// The command lines ps runs: one per key, as its first case writes it.
const references = [...new Map(cases.map((c) => [c.key, c])).values()];

const dir = mkdtempSync(join(tmpdir(), 'tproc-selection-'));
afterAll(() => removeDir(dir));

/**
 * Runs in the namespace under its pid 1 (a shell, session and group leader), beside a few idle
 * processes: every ps, then every tps through its main() in this process, and writes what each
 * printed and said, with the pids that live through both.
 */
const RUNNER = `
const { spawn, spawnSync } = require('node:child_process');
const { readdirSync, readFileSync, readlinkSync, writeFileSync } = require('node:fs');
const { runTps } = require(process.argv[2]);
const [cases, references] = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const dir = process.argv[5];
// A sleep; a session leader without a terminal, of another user and group; and a terminal with
// its leader (sh) and a sleep that is not one.
const others = [
  spawn('sleep', ['1000'], { stdio: 'ignore' }),
  spawn('setsid', ['sleep', '1000'], { stdio: 'ignore', uid: 65534, gid: 65534 }),
  spawn('script', ['-qfc', 'sleep 1000; exit', '/dev/null'], { stdio: 'ignore' }),
];
const pids = () => readdirSync('/proc').filter((p) => /^[0-9]+$/.test(p));
const onTerminal = () =>
  pids().find((pid) => {
    try {
      const stat = readFileSync('/proc/' + pid + '/stat', 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return stat.includes('(sleep)') && fields[4] !== '0';
    } catch {
      return false;
    }
  });
for (let i = 0; i < 5000 && !onTerminal(); i++) spawnSync('sleep', ['0.01']);
const pts = readlinkSync('/proc/' + onTerminal() + '/fd/0').replace('/dev/', '');
const fill = (argv) => argv.map((a) => a.replace('{pts}', pts).replace('{runner}', String(process.pid)));
// Everything but this process lives, unchanged, through both sides.
const stable = pids().filter((p) => p !== String(process.pid));
const quote = (a) => "'" + a + "'";
// Shells run every ps, four at a time (a fork of this node process costs far more than one of sh).
const lines = references.map(
  (c, i) =>
    'PS_PERSONALITY=' + (c.personality ?? '') + ' ps ' + fill(c.argv).map(quote).join(' ') +
    ' >' + dir + '/o' + i + ' 2>' + dir + '/e' + i + '; echo $? >' + dir + '/s' + i,
);
const shells = [0, 1, 2, 3].map((k) => {
  writeFileSync(dir + '/ps' + k + '.sh', lines.filter((_, i) => i % 4 === k).join('\\n'));
  return dir + '/ps' + k + '.sh';
});
spawnSync('sh', ['-c', shells.map((f) => 'sh ' + f + ' &').join(' ') + ' wait'], { stdio: 'ignore' });
(async () => {
  const read = (f, i) => readFileSync(dir + '/' + f + i, 'latin1');
  const reference = references.map((_, i) => ({ status: Number(read('s', i)), stderr: read('e', i), stdout: read('o', i) }));
  const ours = [];
  for (const c of cases) ours.push(await runTps(fill(c.argv), { ...process.env, PS_PERSONALITY: c.personality ?? '' }));
  for (const p of others) p.kill('SIGKILL');
  writeFileSync(process.argv[4], JSON.stringify({ reference, ours, stable, pts }));
})();
`;

interface Seen {
  status: number | null;
  stderr: string;
  stdout: string;
}

/**
 * What is compared: status, stderr with our name, and the lines of the processes that live through
 * both sides (neither sees the other's own process, nor ps the shells that run it).
 */
function seen(s: Seen, stable: Set<string>, name: string) {
  const [header = '', ...rows] = s.stdout.split('\n');
  const at = header.trim().split(/\s+/).indexOf('PID');
  return {
    status: s.status,
    stderr: s.stderr.replace(/\bps\b/g, name),
    header,
    rows: at < 0 ? rows : rows.filter((row) => stable.has(row.trim().split(/\s+/)[at] ?? '')),
  };
}

describe('tps selection options, every pair', () => {
  it(`${cases.length} command lines (${references.length} for ps): the same status, stderr and stdout`, async () => {
    const bundle = join(dir, 'tps.cjs');
    buildSync({
      stdin: {
        contents: `import { StringOutput } from '@tproc/core';
          import { main } from './src/main.ts';
          export async function runTps(argv, env) {
            const stdout = new StringOutput();
            const stderr = new StringOutput();
            const status = await main(argv, { argv0: 'tps', env, stdout, stderr, stdoutIsTty: false }, {});
            return { status, stdout: stdout.bytes().toString('latin1'), stderr: stderr.bytes().toString('latin1') };
          }`,
        resolveDir: join(repoRoot, 'packages/tps'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      external: ['bun:ffi', 'koffi'],
      format: 'cjs',
      outfile: bundle,
      logLevel: 'error',
    });
    writeFileSync(join(dir, 'runner.cjs'), RUNNER);
    writeFileSync(join(dir, 'cases.json'), JSON.stringify([cases, references]));
    const out = join(dir, 'results.json');
    // pid 1 is a shell that waits for the runner (not replaced by it: `; :`), leader of its own
    // session and group.
    const ns = ['setsid', '--wait', 'unshare', '--pid', '--fork', '--kill-child', '--mount-proc', 'setsid'];
    const runner = [process.execPath, join(dir, 'runner.cjs'), bundle, join(dir, 'cases.json'), out, dir];
    const r = await run([...ns, 'sh', '-c', `${runner.join(' ')}; :`], { timeoutMs: 120_000, env: { COLUMNS: '80' } });
    expect(r.stderr).toBe('');
    const got = JSON.parse(readFileSync(out, 'utf8')) as { reference: Seen[]; ours: Seen[]; stable: string[] };
    expect(got.ours).toHaveLength(cases.length);
    const stable = new Set(got.stable);
    const index = new Map(references.map((c, i) => [c.key, i]));
    const failures = cases.flatMap((c, i) => {
      const reference = got.reference[index.get(c.key) as number] as Seen;
      const [ref, our] = [seen(reference, stable, 'tps'), seen(got.ours[i] as Seen, stable, 'tps')];
      const differ = (Object.keys(ref) as (keyof typeof ref)[]).filter(
        (k) => JSON.stringify(ref[k]) !== JSON.stringify(our[k]),
      );
      if (differ.length === 0) return [];
      const env = c.personality ? `PS_PERSONALITY=${c.personality} ` : '';
      const show = (s: typeof ref) => JSON.stringify(Object.fromEntries(differ.map((k) => [k, s[k]])));
      return [`${env}ps ${c.argv.join(' ')}: ps ${show(ref)}, tps ${show(our)}`];
    });
    expect(failures).toEqual([]);
    // The cases are not all alike: some pairs are refused, most list some of the idle processes
    // and some list none of them.
    const listed = got.reference.map((s) => seen(s, stable, 'ps').rows.length);
    const refused = got.reference.filter((s) => s.stderr.includes('process selection options conflict'));
    expect(refused.length).toBeGreaterThan(10);
    expect(listed.filter((n) => n >= 3).length).toBeGreaterThan(references.length / 2);
    expect(listed.filter((n) => n === 0).length).toBeGreaterThan(10);
  }, 150_000);
});
