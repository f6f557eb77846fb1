// %CPU, CP, C, %CUU and %CUC of tps against ps over hundreds of cpu/lifetime pairs, the sweep
// that pinned ps's rounding (packages/tps/src/columns/NOTES.md, cpu.ts). Everything runs in a PID
// namespace of our own (its /proc is a mount of its own): a row of sleeps is started, and over
// each sleep's /proc/PID/stat a copy is bind-mounted whose cpu times and start time are the pair
// to try, with /proc/uptime frozen at 2000.00 s. ps and tps then read the same files, one after
// the other, in the same namespace.
import { describe, expect, it } from 'vitest';
import { comparePair, repoRoot } from '../zoo/compare.ts';
import { runInPidNamespace } from '../zoo/pidns.ts';
import type { Run } from '../zoo/run.ts';

/** cpu ticks, dead children's ticks, lifetime in ticks. */
type Pair = [cpu: number, children: number, life: number];

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const PAIRS: Pair[] = [
  // 9 ticks over 301 lifetimes: ps's round trip through seconds loses a tick at 201, 205, 226,
  // 251 and 410 (the naive floor(9000 / life) differs there and nowhere else).
  ...range(200, 500).map((life): Pair => [9, 0, life]),
  // Young processes (caps: CP 999, C 99, %CUU 99.999), some not started yet (ps read the uptime
  // before they forked: a negative lifetime, which ps holds as an unsigned 64-bit count), and
  // dead children's time for %CUC and S.
  ...range(-2, 100).flatMap((life): Pair[] => [
    [3, (life + 7) % 7, life],
    [5, 0, life],
  ]),
  // %CUU/%CUC ties, printed to even as printf does (7.8125 -> 7.812), and near-ties that only
  // one order of the arithmetic gets right (42 over 896: 4.688).
  ...(
    [
      [5, 64],
      [29, 1856],
      [42, 896],
      [55, 704],
      [57, 960],
      [57, 1216],
      [70, 640],
      [98, 640],
      [98, 896],
      [109, 1600],
      [119, 1088],
      [22, 640],
      [27, 960],
      [46, 640],
    ] as const
  ).map(([cpu, life]): Pair => [cpu, cpu % 3, life]),
];
/** Sleeps per namespace run: each run lists them all with ps and with tps. */
const SLOTS = 180;
const UPTIME_TICKS = 200_000;

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const FORMATS = [
  ['-o', 'pid,pcpu,cp,c,cuu,cuc,util,etimes,etime'],
  ['S', '-o', 'pid,pcpu,cp,c,cuu,cuc'],
  ['--sort=-pcpu', '-o', 'pid,c'],
  ['--sort=-etimes', '-o', 'pid,etime'],
];

const TPS = `${repoRoot}/bin/tps`;

/**
 * The namespace script: "$@" is the list of runs, each `cpu,children,life cpu,...`. For every run
 * and format, prints `@@ <run> <format> <tool>`, then stdout, `@@status N`, and stderr.
 */
function script(): string {
  const formats = FORMATS.map((f) => f.join(' ')).join('|');
  return `
i=0; pids=''
while [ $i -lt ${SLOTS} ]; do sleep 100000 & pids="$pids $!"; i=$((i + 1)); done
for p in $pids; do spin has_comm $p sleep; done
list=$(echo $pids | tr ' ' ,)
echo '${(UPTIME_TICKS / 100).toFixed(2)} 0.00' > uptime
mount --bind uptime /proc/uptime || exit 90
for p in $pids; do cat /proc/$p/stat > real.$p; cp real.$p stat.$p; mount --bind stat.$p /proc/$p/stat || exit 91; done
formats='${formats}'
run=0
for spec in "$@"; do
  # Fields 14-17 are utime, stime, cutime, cstime, 22 the start time (man 5 proc).
  awk -v spec="$spec" -v up=${UPTIME_TICKS} 'BEGIN { n = split(spec, s, " ") }
    FNR == 1 { k++; if (k > n) { $14 = 0; $16 = 0; $22 = 0 } else { split(s[k], v, ","); $14 = v[1]; $16 = v[2]; $22 = up - v[3] }
      $15 = 0; $17 = 0; out = FILENAME; sub(/^real/, "stat", out); print > out; close(out) }
  ' $(for p in $pids; do echo real.$p; done) || exit 92
  IFS='|'; set -f
  for format in $formats; do
    unset IFS
    for tool in ps ${TPS}; do
      echo "@@ $run $format $tool"
      $tool $format -p "$list" 2>err; echo "@@status $?"; cat err
    done
    IFS='|'
  done
  unset IFS; set +f
  run=$((run + 1))
done
`;
}

describe('tps cpu shares against ps over frozen lifetimes (own PID namespace)', () => {
  it(`${PAIRS.length} cpu/lifetime pairs round as ps rounds them`, async () => {
    const runs = chunks(PAIRS, SLOTS);
    const specs = runs.map((pairs) => pairs.map((p) => p.join(',')).join(' '));
    const result = await runInPidNamespace(script(), specs, { timeoutMs: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const blocks = result.stdout.split(/^@@ /m).slice(1);
    expect(blocks).toHaveLength(runs.length * FORMATS.length * 2);
    const failures: string[] = [];
    for (let b = 0; b < blocks.length; b += 2) {
      const [refBlock, ourBlock] = [blocks[b] ?? '', blocks[b + 1] ?? ''];
      const parse = (block: string): Run => {
        const [, body = ''] = block.split(/\n(.*)/s);
        const [stdout = '', rest = ''] = body.split(/^@@status /m);
        const [status = '', stderr = ''] = rest.split(/\n(.*)/s);
        return { stdout, stderr, status: Number(status), signal: null };
      };
      const cmp = comparePair(parse(refBlock), parse(ourBlock), 'ps', 'tps', TPS);
      const title = refBlock.split('\n')[0] ?? '';
      // A row's pairs, for reading a failure: slot k is the k-th sleep (ascending pids).
      if (!cmp.equal) failures.push(`run ${title}: pairs ${specs[Number(title.split(' ')[0])]}\n${cmp.diff}`);
      // Every slot was listed, by both.
      expect(parse(refBlock).stdout.split('\n').length).toBeGreaterThan(SLOTS);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
