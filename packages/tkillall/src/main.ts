import {
  type CommandDeps,
  type CommandIo,
  isUtf8Locale,
  type Kill,
  openSignaller,
  type ProcessIdentity,
  readLine,
  type Signaller,
  withDefaults,
} from '@tproc/core';
import { errorCode, errorMessage } from '@tproc/syscalls';
import { parseOptions } from './options.ts';
import { buildSelector, type ScanContext, type Step, scan } from './select.ts';
import { PROGRAM } from './usage.ts';

/** CommandDeps, and what else killall touches; tests replace parts of it. */
export interface KillallDeps extends CommandDeps {
  /** How signals are sent; default: core's (pidfds, or kill(2) when the FFI is unavailable). */
  signaller?: Signaller;
  /** kill(2) for the default signaller, which then holds no pidfds; throws an error carrying a `code`. */
  kill?: Kill;
  /** One line of stdin without its newline; undefined at end of input. */
  readLine?: () => string | undefined;
  sleep?: (ms: number) => Promise<void>;
  /** Runs between the scan and the signals (tests use it to make a pid stale). */
  afterScan?: (steps: readonly Step[]) => void;
}

/**
 * The -i question, on stdout. Observed: end of input or an empty line is "no", a line starting with y/Y is
 * "yes", with n/N "no"; any other line asks again.
 */
function confirm(io: CommandIo, readLine: () => string | undefined, label: Buffer, signal: number): boolean {
  // Observed: "Kill NAME(PID) ?" for SIGTERM however it was asked for, "Signal ..." for any other.
  const verb = signal === 15 ? 'Kill ' : 'Signal ';
  for (;;) {
    io.stdout.write(Buffer.concat([Buffer.from(verb), label, Buffer.from(' ? (y/N) ')]));
    (io.stdout as { flush?: () => void }).flush?.();
    const line = readLine();
    if (line === undefined || line === '') return false;
    const c = line[0];
    if (c === 'y' || c === 'Y') return true;
    if (c === 'n' || c === 'N') return false;
  }
}

export async function main(argv: string[], io: CommandIo, deps: KillallDeps = {}): Promise<number> {
  const { fs, now } = withDefaults(deps);
  const parsed = parseOptions(argv, (user) => fs.users().uidOf(user), io.env);
  if (parsed.kind === 'exit') {
    if (parsed.stdout) io.stdout.write(parsed.stdout);
    if (parsed.stderr) io.stderr.write(parsed.stderr);
    return parsed.status;
  }
  const options = parsed.options;
  const uid = options.uid;
  const selector = buildSelector(options, PROGRAM, isUtf8Locale(io.env));
  if ('message' in selector) {
    io.stderr.write(selector.message);
    return 1;
  }
  let nsInode: number | undefined;
  if (options.ns !== undefined) {
    try {
      nsInode = fs.process(options.ns).namespace('pid');
    } catch {
      // Observed: a pid that cannot be read (0, gone) leaves the namespace unrestricted.
    }
  }
  const ctx: ScanContext = {
    fs,
    selfPid: fs.selfPid(),
    now: now(),
    program: PROGRAM,
    ...(uid !== undefined && { uid }),
    ...(nsInode !== undefined && { nsInode }),
  };
  const steps = scan(options, selector, ctx);
  deps.afterScan?.(steps);

  const readAnswer = deps.readLine ?? readLine;
  const found = options.names.map(() => 0);
  let anyKilled = false;
  const signalledGroups = new Set<number>();
  const waitFor: ProcessIdentity[] = [];
  let signaller: Signaller | undefined;
  for (const step of steps) {
    if (step.kind === 'note') {
      io.stderr.write(step.text);
      continue;
    }
    const group = options.processGroup;
    if (group && signalledGroups.has(step.pgid)) {
      if (step.nameIndex >= 0) found[step.nameIndex]!++;
      continue;
    }
    // The FFI (koffi, about 10 ms) is loaded only once something is to be signalled.
    signaller ??= deps.signaller ?? (await openSignaller(fs, deps.kill));
    const hold = group ? signaller.group(step.id, step.pgid) : signaller.process(step.id);
    if (hold === undefined) continue;
    const which = Buffer.from(group ? `(pgid ${step.pgid})` : `(${step.id.pid})`);
    const label = Buffer.concat([step.label, which]);
    let failure: unknown;
    try {
      if (options.interactive && !confirm(io, readAnswer, Buffer.concat([step.comm, which]), options.signal)) continue;
      hold.send(options.signal);
    } catch (err) {
      failure = err;
    } finally {
      hold.release();
    }
    if (failure !== undefined) {
      io.stderr.write(Buffer.concat([label, Buffer.from(`: ${errorMessage(errorCode(failure))}\n`)]));
      continue;
    }
    if (group) signalledGroups.add(step.pgid);
    if (step.nameIndex >= 0) found[step.nameIndex]!++;
    anyKilled = true;
    waitFor.push(step.id);
    if (options.verbose) {
      io.stderr.write(Buffer.concat([Buffer.from('Killed '), label, Buffer.from(` with signal ${options.signal}\n`)]));
    }
  }

  let status = 0;
  if (options.names.length === 0) status = anyKilled ? 0 : 1;
  options.names.forEach((name, i) => {
    if (found[i] !== 0) return;
    status = 1;
    if (!options.quiet) io.stderr.write(`${name}: no process found\n`);
  });

  if (options.wait && waitFor.length > 0) {
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let pending = waitFor;
    for (;;) {
      pending = pending.filter((id) => fs.isSameProcess(id));
      if (pending.length === 0) break;
      await sleep(50);
    }
  }
  return status;
}
