// tproc: the modern face of the tools. A yargs command tree (cli.ts: help with examples,
// completion, typo suggestions), loaded only when quick-args.ts cannot parse the command line
// alone; each handler asks core one question and hands the answer to a renderer (a cli-table3
// table, a chalk-coloured tree, or JSON). Bad arguments: one line, exit status 2.
import { BrokenPipe, type CommandIo, isDenied, isGone, ProcError, ProcFs } from '@tproc/core';
import { COMMANDS } from './commands/index.ts';
import type { CommandSpec } from './commands/spec.ts';
import { Context, GLOBAL_OPTIONS, type GlobalOptions, UsageError } from './context.ts';
import { type Env, resolveDeps, type TprocDeps } from './deps.ts';
import { quickArgs } from './quick-args.ts';

function procRootFs(deps: Env, root: string | undefined): ProcFs {
  if (root === undefined) return deps.fs;
  if (root === '') throw new UsageError("invalid --proc-root ''");
  const fs = new ProcFs({ procRoot: root.replace(/(.)\/+$/, '$1') });
  try {
    fs.pids();
  } catch {
    throw new UsageError(`invalid --proc-root '${root}': not a readable directory`);
  }
  return fs;
}

export async function main(argv: string[], io: CommandIo, given: TprocDeps = {}): Promise<number> {
  const deps = resolveDeps(io, given);
  let status = 0;
  const run = async (spec: CommandSpec, args: Record<string, unknown>) => {
    const ctx = new Context(io, deps, procRootFs(deps, args.procRoot as string | undefined), args as GlobalOptions);
    status = await spec.run(ctx, args);
  };
  try {
    const quick = quickArgs(argv, COMMANDS, GLOBAL_OPTIONS);
    if (quick !== undefined) {
      await run(quick.spec, quick.args);
    } else {
      const { parseWithYargs } = await import('./cli.ts');
      await parseWithYargs(argv, io, deps.columns, run);
    }
    return status;
  } catch (err) {
    return report(err, io);
  }
}

function report(err: unknown, io: CommandIo): number {
  // The reader went away: runCommand ends the process as the C tools end (SIGPIPE).
  if (err instanceof BrokenPipe) throw err;
  if (err instanceof UsageError) {
    io.stderr.write(`tproc: ${err.message}\n`);
    return 2;
  }
  if (err instanceof ProcError) {
    const why = isGone(err) ? 'no such file or process' : isDenied(err) ? 'permission denied' : 'cannot read';
    io.stderr.write(`tproc: ${why}: ${err.path}\n`);
    return 1;
  }
  // Never a stack trace: one line, and the status of a failure that is not the user's.
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`tproc: ${message.split('\n')[0]}\n`);
  return 1;
}
