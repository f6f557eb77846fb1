// Runs a reference tool and ours with the same arguments and environment (see testEnv in run.ts)
// and compares stdout, stderr and exit status.
import { basename } from 'node:path';
import { lineDiff } from './diff.ts';
import { type Run, type RunOptions, run } from './run.ts';
import { countCompared } from './tally.ts';

export const repoRoot = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

export interface CompareOptions extends Omit<RunOptions, 'timeoutMs'> {
  /** Drop the lines of other processes (keepZooLines, DROP_RULES); every other line is compared. */
  filterPids?: number[];
  /** Applied to both stdouts, after filterPids. */
  normalise?: (text: string) => string;
  /** Applied to both stderrs, after the program names are unified. */
  normaliseStderr?: (text: string) => string;
  /**
   * Columns (by header) whose numbers truly move between two runs, and by how much they may: the
   * stdouts then count as equal when sameLayoutWithin holds (see there).
   */
  drift?: Record<string, number>;
  /** Executable for our side instead of <repo>/bin/<ourArgv[0]>. */
  ourBin?: string;
}

export interface Comparison {
  /** Both runs as compared, i.e. after renaming and normalisation. */
  reference: Run;
  ours: Run;
  equal: boolean;
  /** Readable description of every difference; '' when equal. */
  diff: string;
}

/** `tps` → <repo>/bin/tps; a name containing '/' is taken as a path. */
export function resolveOurs(name: string, ourBin?: string): string {
  if (ourBin !== undefined) return ourBin;
  return name.includes('/') ? name : `${repoRoot}/bin/${name}`;
}

/**
 * Runs both sides one after the other (so neither sees the other in a process listing). In the
 * reference's stderr its name as invoked (`ps`, `/usr/bin/kill`) becomes our command's name
 * (`tps`, `tkill`); in ours, the resolved path of our executable becomes that name too.
 */
export async function compare(
  referenceArgv: string[],
  ourArgv: string[],
  opts: CompareOptions = {},
): Promise<Comparison> {
  const ourPath = resolveOurs(ourArgv[0] ?? '', opts.ourBin);
  const reference = await run(referenceArgv, opts);
  const ours = await run([ourPath, ...ourArgv.slice(1)], opts);
  return comparePair(reference, ours, referenceArgv[0] ?? '', ourArgv[0] ?? '', ourPath, opts);
}

export type ComparePairOptions = Pick<CompareOptions, 'filterPids' | 'normalise' | 'normaliseStderr' | 'drift'>;

export function comparePair(
  reference: Run,
  ours: Run,
  referenceName: string,
  ourName: string,
  ourPath: string,
  opts: ComparePairOptions = {},
): Comparison {
  const name = basename(ourName);
  const stdout = (text: string) => {
    const kept = opts.filterPids ? keepZooLines(text, opts.filterPids) : text;
    return opts.normalise ? opts.normalise(kept) : kept;
  };
  const stderr = (text: string) => (opts.normaliseStderr ? opts.normaliseStderr(text) : text);
  const ref: Run = {
    ...reference,
    stdout: stdout(reference.stdout),
    stderr: stderr(renameProgram(reference.stderr, referenceName, name)),
  };
  const our: Run = {
    ...ours,
    stdout: stdout(ours.stdout),
    stderr: stderr(ours.stderr.replaceAll(ourPath, name)),
  };
  const drifted = opts.drift !== undefined && sameLayoutWithin(ref.stdout, our.stdout, opts.drift);
  const diff = describeDifferences(ref, drifted ? { ...our, stdout: ref.stdout } : our);
  // The harness's own tests run a system binary as "ours" (ps against ps): not a case of a tool.
  if (!/^\/(usr\/)?bin\//.test(ourPath)) countCompared(name);
  return { reference: ref, ours: our, equal: diff === '', diff };
}

/** Replaces `invoked` (as given, and its basename as a whole word) by `replacement`. */
export function renameProgram(text: string, invoked: string, replacement: string): string {
  const renamed = invoked.includes('/') ? text.replaceAll(invoked, replacement) : text;
  const word = new RegExp(`(?<![\\w./-])${escapeRegExp(basename(invoked))}(?![\\w-])`, 'g');
  return renamed.replace(word, replacement);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function describeDifferences(reference: Run, ours: Run): string {
  const parts: string[] = [];
  if (reference.status !== ours.status || reference.signal !== ours.signal) {
    const show = (r: Run) => (r.signal ? `signal ${r.signal}` : `status ${r.status}`);
    parts.push(`exit: reference ${show(reference)}, ours ${show(ours)}`);
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const diff = lineDiff(reference[stream], ours[stream], [`reference ${stream}`, `ours ${stream}`]);
    if (diff) parts.push(diff);
  }
  return parts.join('\n');
}

/**
 * True when two listings differ only in the values of the `drift` columns, each by no more than
 * its allowance: every line has the same text but for its numbers, every number ends at the same
 * column (right-aligned values keep their right edge when they gain a digit), and each number that
 * differs sits under a header named in drift (its right edge is that header's) and differs by no
 * more than that header's allowance. So widths and alignment are compared exactly.
 */
export function sameLayoutWithin(a: string, b: string, drift: Record<string, number>): boolean {
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  if (linesA.length !== linesB.length) return false;
  const allowance = new Map<number, number>();
  for (const m of (linesA[0] ?? '').matchAll(/\S+/g)) {
    const d = drift[m[0]];
    if (d !== undefined) allowance.set(m.index + m[0].length, d);
  }
  const numbers = (line: string) =>
    [...line.matchAll(/ *(\d+)/g)].map((m) => ({ end: m.index + m[0].length, value: Number(m[1]) }));
  const skeleton = (line: string) => line.replace(/ *\d+/g, (run, at: number) => `#${at + run.length}`);
  return linesA.every((lineA, i) => {
    const lineB = linesB[i] ?? '';
    if (lineA === lineB) return true;
    if (skeleton(lineA) !== skeleton(lineB)) return false;
    const nb = numbers(lineB);
    return numbers(lineA).every((n, j) => {
      const other = nb[j]?.value ?? Number.NaN;
      return n.value === other || Math.abs(n.value - other) <= (allowance.get(n.end) ?? -1);
    });
  });
}

/** Throws with the diff unless the comparison found no difference. */
export function expectSame(cmp: Comparison): void {
  if (!cmp.equal) throw new Error(`outputs differ:\n${cmp.diff}`);
}

/** Drops the lines for which predicate holds, e.g. each command's own line in `ps -ef`. */
export function dropOwnLines(text: string, predicate: (line: string) => boolean): string {
  return text
    .split(/(?<=\n)/)
    .filter((line) => !predicate(line.replace(/\n$/, '')))
    .join('');
}

/**
 * The only lines a filtered comparison leaves out, each for a named reason. Every other line is
 * kept on both sides and compared: headers (repeated ones too), blank lines, and whatever line
 * cannot be attributed to a process.
 */
export const DROP_RULES = {
  /**
   * A line whose PID field is a number outside the processes under test. A listing of every
   * process (`ps -e`, `aux`) also shows the two commands under comparison, node, and other test
   * files' processes, which differ from one run to the next.
   */
  otherProcess: 'a process outside the ones under test',
  /**
   * A thread line (PID `-`, from `m`/`-m`) below a line dropped as otherProcess: the threads of
   * that process, which it is listed with.
   */
  threadOfOtherProcess: 'a thread of a process outside the ones under test',
} as const;

/**
 * Keeps every line of a listing but those DROP_RULES name. A line's PID is taken where the header
 * has a `PID` field: the number ending where that header ends (right-aligned columns) or, failing
 * that, the field at the same index; without such a header (`-o pid=,...`, pgrep-like output) it
 * is the line's first field. Lines without a number there (blank, repeated headers, counts of a
 * whole listing joined by a delimiter) cannot be attributed, and stay.
 */
export function keepZooLines(text: string, pids: Iterable<number>): string {
  const wanted = new Set(pids);
  const lines = text.split(/(?<=\n)/);
  const header = lines[0] ?? '';
  const fields = header.trim().split(/\s+/);
  const index = fields.indexOf('PID');
  const end = index === -1 ? 0 : (header.match(/^(.*?\bPID)\b/)?.[1] ?? '').length;
  const pidField = (line: string): string | undefined => {
    if (index === -1) return line.trim().split(/\s+/)[0];
    const aligned = line.slice(0, end).match(/(\d+|-)$/);
    if (aligned && !/[\d-]/.test(line[end] ?? '')) return aligned[1];
    return line.trim().split(/\s+/)[index];
  };
  let keepingThreads = true;
  return lines
    .filter((line, i) => {
      if (i === 0 && index !== -1) return true;
      const pid = pidField(line.replace(/\n$/, ''));
      if (pid === '-') return keepingThreads; // threadOfOtherProcess
      if (pid === undefined || !/^\d+$/.test(pid)) return true;
      keepingThreads = wanted.has(Number(pid));
      return keepingThreads; // otherProcess
    })
    .join('');
}

/** The former name (branches in flight); the same filter. */
export const keepPids = keepZooLines;
