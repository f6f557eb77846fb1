// Batched comparisons for the signal tools: one shell per side runs every case in turn (one
// process start for the shell instead of one vitest comparison per case), and the output is split
// back into cases so that a failure names its case. Destructive batches run in one PID namespace
// per side, with fresh victims for every case; victim pids are replaced by their labels (A, B...)
// because the tools' own threads (node's) take pids in the namespace too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandIo, type Main, StringOutput } from '@tproc/core';
import { afterAll, beforeAll } from 'vitest';
import { removeDir } from '../zoo/cleanup.ts';
import { renameProgram } from '../zoo/compare.ts';
import { lineDiff } from '../zoo/diff.ts';
import { runInPidNamespace } from '../zoo/pidns.ts';
import { decode, type Run, run, testEnv } from '../zoo/run.ts';
import { countCompared } from '../zoo/tally.ts';
import { limiter } from './tpstree-harness.ts';
import { referenceVersionAsOurs } from './version.ts';

export const repoBin = new URL('../../bin/', import.meta.url).pathname;

/** Single-quotes for sh. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

// Printed by printf from pieces, so that the markers never appear in a command line that -f sees.
const SEPARATOR = '@@case ';
const STATUS = '@@status ';
const FATES = '@@fates\n';
const LABELS = '@@labels';

/**
 * Shell text that runs a case's command with its stdout and stderr going straight to the batch's
 * own (a file and a `cat` per stream and case cost two process starts, ~2 ms of CPU each here),
 * each stream marked where the case begins, the status after it; joinStreams pairs them again.
 */
function caseBlock(index: number, command: string, { before = '', after = '' } = {}): string {
  return `
printf '@@%s %s\\n' case ${index}; printf '@@%s %s\\n' case ${index} >&2
${before}
${command}
status=$?
${after}
printf '@@%s %s\\n' status "$status"
`;
}

/**
 * The batch's stdout and stderr as one text per case, each after its SEPARATOR, in the form that
 * compareCases reads: `--- stdout`, the command's stdout and the victims' fates, `--- stderr`, its
 * stderr, `--- status N`. Victim pids (a `@@labels` line: NAME=pid ...) become `<NAME>` as whole
 * words, in each part on its own (a command's last line without a newline runs into the fates).
 */
export function joinStreams({ stdout, stderr }: Pick<Run, 'stdout' | 'stderr'>): string {
  const outs = split(stdout);
  const errs = split(stderr);
  return outs
    .map((chunk, i) => {
      const marker = chunk.slice(0, chunk.indexOf('\n') + 1);
      let out = chunk.slice(marker.length);
      let relabel = (text: string) => text;
      if (out.startsWith(LABELS)) {
        const line = out.slice(0, out.indexOf('\n') + 1);
        out = out.slice(line.length);
        const pairs = line
          .trim()
          .split(' ')
          .slice(1)
          .map((pair) => pair.split('='));
        relabel = (text) =>
          pairs.reduce((t, [name, pid]) => (pid ? t.replace(new RegExp(`\\b${pid}\\b`, 'g'), `<${name}>`) : t), text);
      }
      const at = out.lastIndexOf(STATUS);
      const status = at === -1 ? '(none)\n' : out.slice(at + STATUS.length);
      out = at === -1 ? out : out.slice(0, at);
      const f = out.lastIndexOf(FATES);
      const fates = f === -1 ? '' : relabel(out.slice(f + FATES.length));
      out = relabel(f === -1 ? out : out.slice(0, f));
      const err = relabel((errs[i] ?? '').slice(marker.length));
      return `${SEPARATOR}${marker}--- stdout\n${out}${fates}--- stderr\n${err}--- status ${status}`;
    })
    .join('');
}

export interface CaseResult {
  label: string;
  reference: string;
  ours: string;
}

function split(text: string): string[] {
  return text.split(SEPARATOR).slice(1);
}

function mapSection(caseText: string, from: string, to: string, keep: (section: string) => string): string {
  const start = caseText.indexOf(from) + from.length;
  const end = caseText.indexOf(to, start);
  if (start < from.length || end < start) return caseText;
  return caseText.slice(0, start) + keep(caseText.slice(start, end)) + caseText.slice(end);
}

/** Applies `keep` to the stdout section of one case's text. */
export function mapStdout(caseText: string, keep: (stdout: string) => string): string {
  return mapSection(caseText, '--- stdout\n', '--- stderr\n', keep);
}

/** Applies `keep` to the stderr section of one case's text. */
function mapStderr(caseText: string, keep: (stderr: string) => string): string {
  return mapSection(caseText, '--- stderr\n', '--- status ', keep);
}

type Transform = (caseText: string) => string;

/**
 * Pairs the two sides' case sections with the labels and compares each. A case missing on either
 * side (a batch that stopped early, a namespace that never ran) fails, as does any section past
 * the last label: both sides missing the same case is not agreement.
 */
export function compareCases(
  ourName: string,
  labels: string[],
  reference: string,
  ours: string,
  transform: Transform = (t) => t,
  referenceOnly: Transform = (t) => t,
): { failures: string[]; results: CaseResult[] } {
  const ref = split(reference).map(referenceOnly).map(transform);
  const our = split(ours).map(transform);
  const results = labels.map((label, i) => ({ label, reference: ref[i] ?? MISSING, ours: our[i] ?? MISSING }));
  const failures = results
    .filter((r) => r.reference !== r.ours || r.reference === MISSING)
    .map(
      (r) =>
        `${r.label}\n${r.reference === MISSING || r.ours === MISSING ? `reference: ${r.reference === MISSING ? 'missing' : 'ran'}, ours: ${r.ours === MISSING ? 'missing' : 'ran'}` : lineDiff(r.reference, r.ours)}`,
    );
  for (const [side, sections] of [
    ['reference', ref],
    ['ours', our],
  ] as const) {
    if (sections.length > labels.length)
      failures.push(`${side}: ${sections.length - labels.length} sections past the last case`);
  }
  countCompared(ourName, results.length);
  return { failures, results };
}

const MISSING = '(missing)';

/**
 * Runs `tool args...` for every case with the reference (full path) and ours (bin/<ourName>), in a
 * scratch directory, and compares each case's stdout, stderr and status. The reference's name
 * (and its basename as a word, e.g. in usage text) becomes ours.
 */
export async function compareCommandBatch(
  reference: string,
  ourName: string,
  cases: string[][],
  transform?: Transform,
  /** `prefix`: argv the batch shell runs under (e.g. AS_NOBODY); `ourPath`: ours, if not bin/. */
  { prefix = [] as string[], ourPath = `${repoBin}${ourName}` } = {},
): Promise<{ failures: string[]; results: CaseResult[] }> {
  const script = `cd "$(mktemp -d)" || exit 9
${cases.map((args, i) => caseBlock(i, `"$1" ${args.map(shellQuote).join(' ')}`)).join('')}
cd / && rm -rf "$OLDPWD"`;
  const ours = ourPath;
  // One after the other, so that neither side sees the other's processes.
  const r = await run([...prefix, 'sh', '-c', script, 'sh', reference], { timeoutMs: 120_000 });
  const o = await run([...prefix, 'sh', '-c', script, 'sh', ours], { timeoutMs: 120_000 });
  return compareCases(
    ourName,
    cases.map((args) => `${ourName} ${JSON.stringify(args)}`),
    renameProgram(joinStreams(r), reference, ourName),
    joinStreams(o).replaceAll(ours, ourName),
    transform,
  );
}

/**
 * Every template runs in turn in one fresh PID namespace per side (a long batch in up to three
 * shards, each in namespaces of its own): `setup` starts its victims
 * (with the pidns prelude's `victim`, which sets $last), the template is the command line with
 * "$TOOL" for the tool, and after it each victim's fate is reported; survivors are then killed.
 * `labels` are the shell variables holding victim pids, replaced by their names in all output.
 * `prepare` runs once before the first case: files every case uses, or processes that every case
 * only looks at (then their pids are the same on both sides: nothing else has forked yet).
 */
export async function compareNamespaceBatch(
  reference: string,
  ourName: string,
  setup: string,
  labels: string[],
  templates: string[],
  /** `ourPath`: our command, if not bin/<ourName> (a copy nobody can run). */
  { prepare = '', ourPath = `${repoBin}${ourName}` } = {},
): Promise<{ failures: string[]; results: CaseResult[] }> {
  const named = labels.length
    ? `printf '@@%s' labels; printf ' %s' ${labels.map((l) => `${l}=$${l}`).join(' ')}; echo\n`
    : '';
  const blocks = templates.map((template, i) =>
    caseBlock(i, template, {
      before: `victims=''\n${setup}\n${named}`,
      after: `printf '@@%s\\n' fates; report\nfor v in $victims; do kill -9 $v 2>/dev/null; wait $v 2>/dev/null; done`,
    }),
  );
  const script = (part: string[]) => `TOOL=$1\nskip_low_pids\n${prepare}\n${part.join('')}`;
  const ours = ourPath;
  // Separate namespaces cannot see each other: both sides run at once, and long batches in shards
  // of consecutive cases, each shard in namespaces of its own (prepare run in each): a case mostly
  // waits (victims starting, signals settling), so shards overlap their waits.
  const shards = Math.min(3, Math.ceil(blocks.length / 16));
  const size = Math.ceil(blocks.length / shards);
  const parts = Array.from({ length: shards }, (_, k) => blocks.slice(k * size, (k + 1) * size));
  const runs = await Promise.all(
    parts.map((part) =>
      Promise.all([
        runInPidNamespace(script(part), [reference], { timeoutMs: 360_000 }),
        runInPidNamespace(script(part), [ours], { timeoutMs: 360_000 }),
      ]),
    ),
  );
  const referenceOut = runs.map(([ref]) => joinStreams(ref)).join('');
  const ourOut = runs.map(([, our]) => joinStreams(our)).join('');
  // As compareInPidNs does: only stderr speaks the tool's name (stdout must match to the byte).
  const renameStderr = (t: string) =>
    mapStderr(t, (err) => referenceVersionAsOurs(renameProgram(err, reference, ourName)));
  return compareCases(ourName, templates, referenceOut, ourOut.replaceAll(ours, ourName), undefined, renameStderr);
}

/**
 * `tps ARGS -p "$zoo"` for every args, ps against ours, each side in a fresh PID namespace where
 * `prepare` first starts the processes (and sets $zoo to their pids), so their pids match.
 */
export function compareTpsListings(
  prepare: string,
  formats: string[][],
): Promise<{ failures: string[]; results: CaseResult[] }> {
  const templates = formats.map((args) => `"$TOOL" ${args.map(shellQuote).join(' ')} -p "$zoo"`);
  return compareNamespaceBatch('/usr/bin/ps', 'tps', '', [], templates, { prepare });
}

/**
 * For cases that touch no process (errors, listings, regex verdicts): each reference run is
 * spawned (a C tool starts in a few ms) and ours runs in this process through its main(), which
 * is what bin/<name> calls. Output is compared as the harness does: their name becomes ours. Both
 * get the harness's environment (testEnv), with `env` on top.
 */
export async function compareWithMain(
  reference: string,
  ourName: string,
  main: Main,
  cases: string[][],
  env: Record<string, string | undefined> = {},
): Promise<{ failures: string[]; results: CaseResult[] }> {
  const show = (r: Pick<Run, 'stdout' | 'stderr' | 'status'>) =>
    `--- stdout\n${r.stdout}--- stderr\n${r.stderr}--- status ${r.status}\n`;
  // The references run a few at a time (they touch no process: order does not matter).
  const limit = limiter(4);
  const refs = await Promise.all(cases.map((args) => limit(() => run([reference, ...args], { env }))));
  const results: CaseResult[] = [];
  for (const [i, args] of cases.entries()) {
    const ref = refs[i] as Run;
    const stdout = new StringOutput();
    const stderr = new StringOutput();
    const io: CommandIo = { argv0: ourName, env: testEnv(env), stdout, stderr, stdoutIsTty: false };
    const status = await main(args, io);
    results.push({
      label: `${ourName} ${JSON.stringify(args)}`,
      reference: referenceVersionAsOurs(renameProgram(show(ref), reference, ourName)),
      ours: show({ stdout: decodeOut(stdout), stderr: decodeOut(stderr), status }),
    });
  }
  const failures = results
    .filter((r) => r.reference !== r.ours)
    .map((r) => `${r.label}\n${lineDiff(r.reference, r.ours)}`);
  countCompared(ourName, results.length);
  return { failures, results };
}

function decodeOut(out: StringOutput): string {
  return decode(out.bytes());
}

/**
 * For `-q` cases: compiles (once per test file, in beforeAll) a program named `name` that blocks
 * every signal and writes the first one's number, si_code and si_value to stdout.
 * `start(out)` gives the namespace script lines that start it as $R writing to `out`, and wait
 * (bounded, see the pidns prelude's spin) until it is ready.
 */
export function queueReceiver(name: string): { start: (out: string) => string } {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tproc-receiver-'));
    writeFileSync(
      join(dir, 'receiver.c'),
      `#include <signal.h>
#include <stdio.h>
int main(void) {
  sigset_t set; sigfillset(&set); sigprocmask(SIG_BLOCK, &set, NULL);
  puts("ready"); fflush(stdout);
  siginfo_t si; int sig = sigwaitinfo(&set, &si);
  printf("signal %d code %d value %d\\n", sig, si.si_code, si.si_value.sival_int);
  return 0;
}
`,
    );
    execFileSync('cc', ['-O', '-o', join(dir, name), join(dir, 'receiver.c')]);
  });
  afterAll(() => removeDir(dir));
  return { start: (out) => `${dir}/${name} > ${out} & R=$!\nspin test -s ${out}\n` };
}
