// Runs a reference tool and ours with the same arguments and environment (see testEnv in run.ts)
// and compares stdout, stderr and exit status.
import { basename } from 'node:path';
import { lineDiff } from './diff.ts';
import { type Run, type RunOptions, run } from './run.ts';
import { countCompared } from './tally.ts';

export const repoRoot = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

export interface CompareOptions extends Omit<RunOptions, 'timeoutMs'> {
  /** Keep only the header and the lines whose PID column (or first field) is one of these. */
  filterPids?: number[];
  /** Applied to both stdouts, after filterPids. */
  normalise?: (text: string) => string;
  /** Applied to both stderrs, after the program names are unified. */
  normaliseStderr?: (text: string) => string;
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

export function comparePair(
  reference: Run,
  ours: Run,
  referenceName: string,
  ourName: string,
  ourPath: string,
  opts: Pick<CompareOptions, 'filterPids' | 'normalise' | 'normaliseStderr'> = {},
): Comparison {
  const name = basename(ourName);
  const stdout = (text: string) => {
    const kept = opts.filterPids ? keepPids(text, opts.filterPids) : text;
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
  const diff = describeDifferences(ref, our);
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
 * Keeps the header and the lines whose PID is in pids. With a header holding a `PID` field the pid
 * is the number ending where that header ends (right-aligned columns) or, failing that, the field
 * at the same index; without one (pgrep, pidof-like output) it is the first field.
 */
export function keepPids(text: string, pids: Iterable<number>): string {
  const wanted = new Set(pids);
  const lines = text.split(/(?<=\n)/);
  const header = lines[0] ?? '';
  const fields = header.trim().split(/\s+/);
  const index = fields.indexOf('PID');
  if (index === -1) return lines.filter((line) => wanted.has(Number(line.trim().split(/\s+/)[0]))).join('');
  const end = (header.match(/^(.*?\bPID)\b/)?.[1] ?? '').length;
  const pidOf = (line: string): number => {
    const aligned = line.slice(0, end).match(/(\d+)$/);
    if (aligned && !/\d/.test(line[end] ?? '')) return Number(aligned[1]);
    return Number(line.trim().split(/\s+/)[index]);
  };
  return [header, ...lines.slice(1).filter((line) => wanted.has(pidOf(line)))].join('');
}
