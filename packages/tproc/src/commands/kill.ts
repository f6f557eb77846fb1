// tproc kill TARGET...: pids, PID@STARTTICKS tokens, :PORT (that port's listeners) and names.
// Every process is matched, then held through core's pid-reuse-safe signaller (a pidfd opened at
// match and its identity checked again, else kill(2) after a fresh pid + start time check), so a
// pid reused since the match is never hit. Never pid 1, tproc itself or its ancestors without
// --force.
import {
  ancestorsOf,
  available,
  descendantsOf,
  type Hold,
  isGone,
  listInetSockets,
  parseProcessToken,
  type ProcessIdentity,
  processToken,
  type ProcFs,
  signalName,
  signalNumber,
  textFromBytes,
  tprocEscape,
} from '@tproc/core';
import type { Argv } from 'yargs';
import { parsePort, parseSeconds } from '../args.ts';
import { type Context, UsageError } from '../context.ts';
import type { CommandSpec } from './spec.ts';

export type Outcome =
  /** --dry-run: would be signalled. */
  | 'would_signal'
  /** Signalled (a signal that is not meant to end it), or gone after the signal. */
  | 'signalled'
  | 'gone'
  /** Still there after the timeout, then killed with SIGKILL, and gone. */
  | 'killed'
  | 'still_running'
  | 'refused'
  | 'not_found'
  /** A token whose process has exited or whose pid now names another process. */
  | 'stale_token'
  | 'denied'
  | 'failed';

export interface KillResult {
  target: string;
  pid: number | null;
  token: string | null;
  command: string | null;
  reason: string;
  signal: string | null;
  outcome: Outcome;
  message: string | null;
}

const OK: ReadonlySet<Outcome> = new Set(['would_signal', 'signalled', 'gone', 'killed']);
/** Signals sent to end a process: after them, the process must be gone for success. */
const ENDING = new Set([2, 3, 9, 15]); // INT, QUIT, KILL, TERM
const SIGKILL = 9;
/** Without --timeout, how long an ending signal is given to take effect (polled, usually ms). */
const SETTLE_MS = 1000;
const POLL_MS = 20;

export interface Candidate {
  target: string;
  id: ProcessIdentity;
  reason: string;
  /** Matched by pid or token: a refusal is reported; by name or port, tproc itself is skipped. */
  explicit: boolean;
}

function commandOf(fs: ProcFs, pid: number): string | null {
  const proc = fs.process(pid);
  const argv = available(() => proc.cmdline());
  if (argv?.length) return argv.map(textFromBytes).join(' ');
  const stat = available(() => proc.stat());
  return stat ? `[${textFromBytes(stat.comm)}]` : null;
}

/** Alive: same identity and not a zombie (a zombie has ended; only its parent's wait is left). */
function alive(fs: ProcFs, id: ProcessIdentity): boolean {
  try {
    const stat = fs.process(id.pid).stat();
    return stat.starttime === id.startTime && stat.state !== 'Z' && stat.state !== 'X';
  } catch (err) {
    if (isGone(err)) return false;
    throw err;
  }
}

const basename = (b: Buffer): string => {
  const s = textFromBytes(b);
  return s.slice(s.lastIndexOf('/') + 1);
};

type Resolved = { candidates: Candidate[]; failure?: KillResult };

function blank(target: string, outcome: Outcome, message: string, reason = ''): KillResult {
  return { target, pid: null, token: null, command: null, reason, signal: null, outcome, message };
}

/** The processes a target names, or why it names none. Throws UsageError on a malformed target. */
function resolve(ctx: Context, target: string): Resolved {
  const fs = ctx.fs;
  if (/^\d+$/.test(target)) {
    const pid = Number(target);
    const stat = available(() => fs.process(pid).stat());
    if (!stat || pid === 0)
      return { candidates: [], failure: blank(target, 'not_found', `no process with pid ${target}`, 'pid') };
    return { candidates: [{ target, id: { pid, startTime: stat.starttime }, reason: 'pid', explicit: true }] };
  }
  if (target.includes('@') && /^\d/.test(target)) {
    const id = parseProcessToken(target);
    if (!id) throw new UsageError(`invalid token '${target}' (PID@STARTTICKS, as tproc ps --json gives it)`);
    const stat = available(() => fs.process(id.pid).stat());
    if (!stat || stat.starttime !== id.startTime) {
      const why = stat
        ? `pid ${id.pid} now names another process (started at tick ${stat.starttime})`
        : `process ${target} has exited`;
      return { candidates: [], failure: { ...blank(target, 'stale_token', why, 'token'), pid: id.pid, token: target } };
    }
    return { candidates: [{ target, id, reason: 'token', explicit: true }] };
  }
  if (target.startsWith(':')) {
    const port = parsePort(target.slice(1), 'port target');
    const seen = new Set<number>();
    const candidates: Candidate[] = [];
    for (const s of listInetSockets({ fs, ports: [port] })) {
      for (const h of s.holders) {
        if (seen.has(h.pid)) continue;
        seen.add(h.pid);
        const stat = available(() => fs.process(h.pid).stat());
        if (!stat) continue;
        candidates.push({
          target,
          id: { pid: h.pid, startTime: stat.starttime },
          reason: `listens on ${s.protocol} ${s.localAddress.includes(':') ? `[${s.localAddress}]` : s.localAddress}:${port}`,
          explicit: false,
        });
      }
    }
    if (candidates.length === 0)
      return { candidates, failure: blank(target, 'not_found', `no process listens on port ${port}`, 'port') };
    return { candidates };
  }
  if (target === '' || target.startsWith('-')) throw new UsageError(`invalid target '${target}'`);
  const candidates: Candidate[] = [];
  for (const pid of fs.pids()) {
    const proc = fs.process(pid);
    const stat = available(() => proc.stat());
    if (!stat) continue;
    const argv0 = available(() => proc.cmdline())?.[0];
    const comm = textFromBytes(stat.comm);
    if (comm === target || (argv0 !== undefined && (basename(argv0) === target || textFromBytes(argv0) === target))) {
      candidates.push({ target, id: { pid, startTime: stat.starttime }, reason: `named ${target}`, explicit: false });
    }
  }
  if (candidates.length === 0)
    return { candidates, failure: blank(target, 'not_found', `no process named '${target}'`, 'name') };
  return { candidates };
}

interface KillArgs {
  target: string[];
  signal?: string;
  timeout?: string | number;
  tree?: boolean;
  dryRun?: boolean;
  force?: boolean;
}

export function parseSignal(text: string | undefined): number {
  if (text === undefined) return 15;
  const n = signalNumber(text.trim(), { caseInsensitive: true });
  if (n === undefined) throw new UsageError(`invalid --signal '${text}'`);
  return n;
}

export async function runKill(ctx: Context, args: KillArgs): Promise<number> {
  const signal = parseSignal(args.signal);
  const timeout = args.timeout === undefined ? undefined : parseSeconds(args.timeout, '--timeout');
  // Resolve every target first: a malformed one fails the run before anything is signalled.
  const resolved = args.target.map((t) => resolve(ctx, String(t)));
  const failures: KillResult[] = [];
  const candidates: Candidate[] = [];
  for (const r of resolved) {
    if (r.failure) failures.push(r.failure);
    candidates.push(...r.candidates);
  }
  const options = {
    signal,
    timeout,
    tree: args.tree === true,
    dryRun: args.dryRun === true,
    force: args.force === true,
  };
  const results = await signalCandidates(ctx, candidates, failures, options);
  if (ctx.json) ctx.writeJson(results);
  else await printResults(ctx, results);
  return allOk(results) ? 0 : 1;
}

export interface SignalOptions {
  signal: number;
  /** Seconds before SIGKILL; undefined: none. */
  timeout: number | undefined;
  tree: boolean;
  dryRun: boolean;
  force: boolean;
}

/** Whether every result is a success (found and gone, or would be signalled). */
export function allOk(results: readonly KillResult[]): boolean {
  return results.length > 0 && results.every((r) => OK.has(r.outcome));
}

/**
 * Signals the matched processes (their descendants first with `tree`), with the protections,
 * the timeout and the exit checks; `failures` (targets that named nobody) lead the results.
 */
export async function signalCandidates(
  ctx: Context,
  candidates: readonly Candidate[],
  failures: readonly KillResult[],
  options: SignalOptions,
): Promise<KillResult[]> {
  const fs = ctx.fs;
  const { signal, timeout } = options;
  const sigName = signal === 0 ? '0' : (signalName(signal) ?? String(signal));
  const results: KillResult[] = [...failures];
  const self = fs.selfPid();
  const protectedPids = new Map<number, string>([[1, 'pid 1 (init)']]);
  protectedPids.set(self, 'tproc itself');
  for (const a of ancestorsOf(self, fs))
    if (!protectedPids.has(a)) protectedPids.set(a, `an ancestor of tproc (pid ${self})`);

  const chosen = new Map<number, Candidate>();
  const order: Candidate[] = [];
  const add = (c: Candidate): void => {
    if (chosen.has(c.id.pid)) return;
    chosen.set(c.id.pid, c);
    order.push(c);
  };
  const all = options.tree
    ? [...fs.walk((p) => ({ pid: p.pid, ppid: p.stat().ppid, startTime: p.stat().starttime }))]
    : [];
  for (const c of candidates) {
    if (options.tree) {
      for (const pid of descendantsOf(c.id.pid, all)) {
        const p = all.find((x) => x.pid === pid)!;
        add({
          target: c.target,
          id: { pid, startTime: p.startTime },
          reason: `descendant of ${c.id.pid}`,
          explicit: false,
        });
      }
    }
    add(c);
  }
  const signaller = options.dryRun ? undefined : await ctx.deps.signaller(fs);
  const held: { result: KillResult; id: ProcessIdentity; hold: Hold }[] = [];
  for (const c of order) {
    const result: KillResult = {
      target: c.target,
      pid: c.id.pid,
      token: processToken(c.id),
      command: commandOf(fs, c.id.pid),
      reason: c.reason,
      signal: sigName,
      outcome: 'would_signal',
      message: null,
    };
    const guard = protectedPids.get(c.id.pid);
    if (guard !== undefined && !options.force) {
      if (c.id.pid === self && !c.explicit) continue;
      result.outcome = 'refused';
      result.signal = null;
      result.message = `${guard} (--force to signal it)`;
      results.push(result);
      continue;
    }
    results.push(result);
    if (!signaller) continue;
    const hold = signaller.process(c.id);
    if (!hold) {
      // Gone (or its pid reused) between the match and now: the goal is met, nothing is signalled.
      result.outcome = 'gone';
      result.message = 'exited before the signal';
      continue;
    }
    try {
      hold.send(signal);
      result.outcome = 'signalled';
      held.push({ result, id: c.id, hold });
    } catch (err) {
      hold.release();
      const code = (err as { code?: string }).code;
      if (code === 'ESRCH') {
        result.outcome = 'gone';
        result.message = 'exited before the signal';
      } else {
        result.outcome = code === 'EPERM' ? 'denied' : 'failed';
        result.message = code === 'EPERM' ? 'permission denied' : `failed: ${code ?? String(err)}`;
      }
    }
  }

  // Wait for those meant to end: the timeout (then SIGKILL), or a short settle without one.
  if (held.length > 0 && (timeout !== undefined || ENDING.has(signal))) {
    // Bounded by the clock and by a count of polls, so a clock that stands still (tests) cannot hang it.
    const waitUntilGone = async (ms: number): Promise<void> => {
      const deadline = ctx.deps.now() + ms;
      for (let polls = Math.ceil(ms / POLL_MS); ; polls--) {
        for (const h of held) if (h.result.outcome === 'signalled' && !alive(fs, h.id)) h.result.outcome = 'gone';
        if (held.every((h) => h.result.outcome !== 'signalled') || ctx.deps.now() >= deadline || polls <= 0) return;
        await ctx.deps.sleep(POLL_MS);
      }
    };
    await waitUntilGone(timeout === undefined ? SETTLE_MS : timeout * 1000);
    if (timeout !== undefined) {
      for (const h of held) {
        if (h.result.outcome !== 'signalled') continue;
        try {
          h.hold.send(SIGKILL);
          h.result.outcome = 'killed';
          h.result.signal = `${sigName},KILL`;
        } catch (err) {
          h.result.outcome = (err as { code?: string }).code === 'ESRCH' ? 'gone' : 'failed';
        }
      }
      const killed = held.filter((h) => h.result.outcome === 'killed');
      const deadline = ctx.deps.now() + SETTLE_MS * 2;
      for (let polls = (SETTLE_MS * 2) / POLL_MS; polls > 0 && killed.some((h) => alive(fs, h.id)); polls--) {
        if (ctx.deps.now() >= deadline) break;
        await ctx.deps.sleep(POLL_MS);
      }
      for (const h of killed) {
        if (alive(fs, h.id)) {
          h.result.outcome = 'still_running';
          h.result.message = 'still running after SIGKILL';
        }
      }
    }
    for (const h of held) {
      if (h.result.outcome === 'signalled') {
        h.result.outcome = 'still_running';
        h.result.message = `still running after SIG${sigName}${timeout === undefined ? ' (--timeout SECONDS sends SIGKILL after)' : ''}`;
      }
    }
  } else {
    for (const h of held) if (signal === 0 || !ENDING.has(signal)) h.result.outcome = 'signalled';
  }
  for (const h of held) h.hold.release();

  return results;
}

const VERBS: Record<Outcome, string> = {
  would_signal: 'would signal',
  signalled: 'signalled',
  gone: 'ended',
  killed: 'killed',
  still_running: 'still running',
  refused: 'refused',
  not_found: 'not found',
  stale_token: 'not signalled',
  denied: 'denied',
  failed: 'failed',
};

export async function printResults(ctx: Context, results: KillResult[]): Promise<void> {
  const style = await ctx.style();
  let out = '';
  let err = '';
  for (const r of results) {
    const who = r.command === null ? tprocEscape(r.target) : `${r.pid} ${tprocEscape(r.command)}`;
    const why = r.reason && r.command !== null ? ` (${r.reason})` : '';
    if (OK.has(r.outcome)) {
      const signal = r.signal ? ` SIG${r.signal.replace(',', ' then SIG')}` : '';
      const line = `${VERBS[r.outcome]}: ${who}${why}${signal}`;
      out += `${r.outcome === 'would_signal' ? line : style.green(line)}\n`;
    } else {
      err += `tproc: ${VERBS[r.outcome]}: ${who}${why}${r.message ? `: ${r.message}` : ''}\n`;
    }
  }
  ctx.out(out);
  if (err !== '') ctx.io.stderr.write(err);
}

export const kill: CommandSpec = {
  command: 'kill <target..>',
  describe: 'signal processes by pid, PID@STARTTICKS token, :PORT or name, safely',
  builder: (y: Argv) =>
    y
      .positional('target', { type: 'string', array: true, describe: 'pid, PID@STARTTICKS, :PORT or name' })
      .option('signal', { alias: 's', type: 'string', describe: 'signal name or number (default TERM)' })
      .option('timeout', { alias: 't', type: 'string', describe: 'seconds to wait, then SIGKILL whoever is left' })
      .option('tree', { type: 'boolean', describe: "the target's descendants too, deepest first" })
      .option('dry-run', { alias: 'n', type: 'boolean', describe: 'print what would be signalled, signal nothing' })
      .option('force', { type: 'boolean', describe: 'allow pid 1, tproc itself and its ancestors' })
      .example('$0 kill :3000', 'end whoever listens on port 3000')
      .example('$0 kill --timeout 5 nginx', 'TERM every nginx, KILL those still there after 5 s')
      .example('$0 kill 4242@981234', 'only the process that token names, never a later one with pid 4242')
      .example('$0 kill --dry-run --tree 4242', 'what would go: 4242 and everything under it'),
  run: (ctx, args) => runKill(ctx, args as unknown as KillArgs),
};
