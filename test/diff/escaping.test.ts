// Every tool that prints bytes a process controls, against its reference, in the C locale, in
// C.UTF-8 and in a UTF-8 locale that is not installed (glibc then stays in C): names and
// arguments holding ESC, TAB, newline, DEL, C1 characters, invalid UTF-8 and wide characters.
// The listing tools run in this process through main() on processes started once; the signalling
// ones in a PID namespace per side where the same processes are started first, so that their
// pids match. The rules live in core's escape/ (one per tool).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Main } from '@tproc/core';
import { main as tpidof } from '@tproc/tpidof';
import { pgrep } from '@tproc/tpgrep';
import { main as tps } from '@tproc/tps';
import { main as tpstree } from '@tproc/tpstree';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keeper } from '../zoo/keeper.ts';
import { childrenOf, readComm, waitFor } from '../zoo/proc.ts';
import { compareNamespaceBatch, compareWithMain, shellQuote } from './signal-batch.ts';

/**
 * Run in a scratch directory: copies of sleep under hostile names, and perls with hostile
 * arguments, all children of the sh running it; `ready` appears once every one is forked.
 */
const HOSTILE = String.raw`
n_esc=$(printf 'esc\033[31m'); n_tab=$(printf 't\tab'); n_nl=$(printf 'n\nl'); n_del=$(printf 'del\177')
n_c1=$(printf 'c1\302\205x'); n_raw=$(printf 'raw\205x'); n_bad=$(printf 'bad\377\376')
n_work=$(printf 'w\303\266rk'); n_wide=$(printf 'wide\346\274\242\345\255\227')
set -- "$n_esc" "$n_tab" "$n_nl" "$n_del" "$n_c1" "$n_raw" "$n_bad" "$n_work" "$n_wide"
for n in "$@"; do cp /usr/bin/sleep "./$n"; "./$n" 100000 & done
for a in 'a\033b' 't\tx' 'n\nl' 'd\177' 'c\302\205' 'r\205' 'i\377' '\303\266' '\346\274\242' \
  '\360\237\230\200' '\344\270\303\251' '' end; do set -- "$@" "$(printf "$a")"; done
shift 9
perl -e 'sleep 100000' "$@" &
perl -e 'sleep 100000' "$(printf 'Q\340\240\033')" "$(printf '\302\233[31m')" "$(printf 'x\376\001\177')" &
: > ready
wait
`;

/**
 * For the signalling tools, in a PID namespace per side: the hostile processes ($parent's
 * children, forked before anything else so that their pids match) and their names ($n_esc...).
 */
const PREPARE = String.raw`
n_esc=$(printf 'esc\033[31m'); n_tab=$(printf 't\tab'); n_nl=$(printf 'n\nl'); n_del=$(printf 'del\177')
n_c1=$(printf 'c1\302\205x'); n_work=$(printf 'w\303\266rk'); n_wide=$(printf 'wide\346\274\242\345\255\227')
cat > hostile.sh <<'SCRIPT'
${HOSTILE}
SCRIPT
sh hostile.sh &
parent=$!
# Fork-free until every hostile process is forked, so that pids are the same on both sides.
spin test -e ready
sleep 0.3
`;

const LOCALES = ['C', 'C.UTF-8', 'ko_KR.UTF-8'];

/** `"$TOOL" args` under each locale. */
const inEveryLocale = (...args: string[]): string[] => LOCALES.map((l) => `LC_ALL=${l} "$TOOL" ${args.join(' ')}`);

const q = shellQuote;

/** The names as JS strings (those that are valid UTF-8, which an argv from node must be). */
const NAMES = ['esc\x1b[31m', 't\tab', 'n\nl', 'del\x7f', 'c1\u0085x', 'wörk', 'wide漢字'];

let keeper: Keeper;
/** The sh running HOSTILE, and its children. */
let parent = 0;
let zoo: number[] = [];

beforeAll(async () => {
  keeper = new Keeper('tproc-hostile-');
  writeFileSync(join(keeper.dir, 'hostile.sh'), HOSTILE);
  parent = keeper.start(['sh', 'hostile.sh']).pid;
  await waitFor(() => existsSync(join(keeper.dir, 'ready')), 'the hostile processes', 10_000);
  zoo = childrenOf(parent);
  keeper.adopt(...zoo);
  // Every child has exec'd: nine copies of sleep, two perls.
  await waitFor(() => zoo.every((pid) => !/^sh$/.test(readComm(pid)?.toString() ?? 'sh')), 'exec', 10_000);
}, 30_000);
afterAll(() => keeper?.stop());

/** Our main() in this process against the reference, on these processes, in every locale. */
async function inProcess(reference: string, ourName: string, main: Main, cases: string[][]): Promise<string[]> {
  const failures: string[] = [];
  const shown: string[] = [];
  for (const locale of LOCALES) {
    const r = await compareWithMain(reference, ourName, main, cases, { LC_ALL: locale });
    failures.push(...r.failures.map((f) => `LC_ALL=${locale} ${f}`));
    shown.push(...r.results.map((x) => x.reference));
  }
  expect(failures).toEqual([]);
  return shown;
}

describe('escaping of process-controlled bytes, per tool and locale', () => {
  it('tps as ps', async () => {
    const p = () => ['-p', zoo.join(',')];
    const shown = await inProcess('/usr/bin/ps', 'tps', tps, [
      ['-o', 'pid,comm,args,cmd,ucmd,command', ...p()],
      ['-C', 'wörk,w??rk,esc?[31m,esc.[31m', '-o', 'pid,comm'],
      ['f', '-o', 'pid,args', '--ppid', String(parent)],
    ]);
    // The hostile processes were there: C shows the ESC as `.`, UTF-8 as `?`.
    expect(shown[0]).toContain('esc.[31m');
    expect(shown[3]).toContain('esc?[31m');
  }, 120_000);

  it('tpgrep as pgrep: what it prints and what its pattern is tried on', async () => {
    const P = () => ['-P', String(parent)];
    const shown = await inProcess('/usr/bin/pgrep', 'tpgrep', pgrep, [
      ['-l', ...P()],
      ['-a', ...P()],
      ['-a', '-w', ...P()],
      ['-d:', '-l', ...P()],
      ...[
        ['-x', 'w..rk'],
        ['-x', 'w.rk'],
        ['-x', 'wörk'],
        ['-x', 'w\\?\\?rk'],
        ['-i', 'WÖRK'],
        ['-x', 'w[[:alpha:]]rk'],
        ['-x', 'esc\\.\\[31m'],
        ['-x', 'esc\\?\\[31m'],
        ['-x', 'n\\.l'],
        ['-x', 'n\\?l'],
        ['-x', 'c1..x'],
        ['-x', 'c1.x'],
        ['-x', 'wide......'],
        ['-x', 'wide..'],
        ['-x', 'wide漢字'],
        ['-f', 'n l'],
        ['-f', 'a\\.b'],
        ['-f', 'a\\?b'],
        ['-f', 'c. r'],
        ['-f', 'c.. r'],
        ['-f', 'i\\? \\?\\?'],
        ['-l', '-f', 'Q'],
      ].map((args) => [...args, ...P()]),
    ]);
    expect(shown[0]).toContain('w??rk');
    expect(shown[26]).toContain('wörk');
  }, 120_000);

  it('tpstree as pstree', async () => {
    const shown = await inProcess('/usr/bin/pstree', 'tpstree', tpstree, [
      ['-a', '-p', String(parent)],
      ['-p', String(parent)],
      ['-a', '-c', '-l', String(parent)],
    ]);
    expect(shown[0]).toContain('esc\\033[31m');
  }, 120_000);

  it('tpidof as pidof', async () => {
    const shown = await inProcess('/usr/bin/pidof', 'tpidof', tpidof, [NAMES]);
    expect(shown[0]).toMatch(/^--- stdout\n\d+( \d+){6,}\n/);
  }, 120_000);
});

describe('escaping by the signalling tools, in fresh PID namespaces', () => {
  it('tpkill as pkill: -e prints as pgrep -l, and matches in the locale', async () => {
    const templates = [
      ...inEveryLocale('-e -0 -P "$parent" .'),
      ...inEveryLocale('-e -0 -P "$parent"', q('wörk')),
      ...inEveryLocale('-e -0 -P "$parent"', q('w..rk')),
    ];
    const { failures, results } = await compareNamespaceBatch('/usr/bin/pkill', 'tpkill', '', [], templates, {
      prepare: PREPARE,
    });
    expect(failures).toEqual([]);
    // observed: in the C locale `pkill -e wörk` finds nothing (the name reads `w??rk`).
    expect(results[3]?.reference).toContain('--- status 1');
    expect(results[4]?.reference).toContain('wörk killed');
  }, 120_000);

  it('tkillall as killall: names as they are, expressions in the locale', async () => {
    const templates = [
      ...inEveryLocale('-v -0 -r .'),
      ...inEveryLocale('-v -0', '"$n_esc" "$n_tab" "$n_del" "$n_c1" "$n_work" "$n_wide" "$n_nl" n'),
      ...inEveryLocale('-v -0 -r', q('^w.rk$')),
      ...inEveryLocale('-v -0 -r', q('^w..rk$')),
      ...inEveryLocale('-v -0 -r', q('^wide..$')),
      ...inEveryLocale('-v -0 -r', q('^n')),
      ...inEveryLocale('-v -0 -I', q('WÖRK')),
      ...inEveryLocale('-v -0 -u root'),
      ...LOCALES.map((l) => `printf 'n\\nn\\nn\\n' | LC_ALL=${l} "$TOOL" -i -0 "$n_esc" "$n_c1" "$n_work"`),
    ];
    const { failures, results } = await compareNamespaceBatch('/usr/bin/killall', 'tkillall', '', [], templates, {
      prepare: PREPARE,
    });
    expect(failures).toEqual([]);
    expect(results[0]?.reference).toContain('Killed esc\x1b[31m(');
  }, 120_000);
});
