// tproc: the modern face of the tools. A yargs command tree (help with examples, completion,
// typo suggestions); each handler asks core one question and hands the answer to a renderer
// (a cli-table3 table, a chalk-coloured tree, or JSON). Bad arguments: one line, exit status 2.
import { BrokenPipe, type CommandIo, isDenied, isGone, ProcError, ProcFs } from '@tproc/core';
import yargs from 'yargs';
import { completionScript, type Shell } from './commands/completion.ts';
import { files } from './commands/files.ts';
import { inspect } from './commands/inspect.ts';
import { kill } from './commands/kill.ts';
import { ports } from './commands/ports.ts';
import { ps } from './commands/ps.ts';
import type { CommandSpec } from './commands/spec.ts';
import { tree } from './commands/tree.ts';
import { who } from './commands/who.ts';
import { Context, type GlobalOptions, UsageError } from './context.ts';
import { type Env, resolveDeps, type TprocDeps } from './deps.ts';

export const VERSION = '0.1.0';

export const COMMANDS: readonly CommandSpec[] = [ps, tree, inspect, ports, kill, files, who];

/** The names a user may type first (for the unknown-command message). */
const NAMES = new Set([...COMMANDS.map((c) => c.command.split(' ')[0]!), 'completion']);

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

/** yargs' messages, as one line naming the argument. */
function usageMessage(message: string, argv: readonly string[]): string {
  const suggestion = /^Did you mean (.+)\?$/.exec(message);
  const first = argv.find((a) => !a.startsWith('-'));
  if (suggestion) return `unknown command '${first}'; did you mean '${suggestion[1]}'?`;
  if (/^Unknown argument/.test(message) && first !== undefined && !NAMES.has(first)) {
    return `unknown command '${first}' (commands: ${[...NAMES].join(', ')})`;
  }
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown) {
    const names = unknown[1]!.split(', ').map((name) => {
      const option = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `-${name}`);
      return `'${option?.split('=')[0] ?? name}'`;
    });
    return `unknown argument${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
  }
  if (/^Not enough non-option arguments/.test(message)) {
    const spec = COMMANDS.find((c) => c.command.split(' ')[0] === first);
    const wanted = spec?.command.match(/<([a-z]+)(\.\.)?>/)?.[1];
    return wanted ? `missing ${wanted} for '${first}' (tproc ${first} --help)` : 'missing argument';
  }
  return message.replace(/\n+/g, '; ');
}

export async function main(argv: string[], io: CommandIo, given: TprocDeps = {}): Promise<number> {
  const deps = resolveDeps(io, given);
  let status = 0;
  const handler = (spec: CommandSpec) => async (args: Record<string, unknown>) => {
    const ctx = new Context(io, deps, procRootFs(deps, args.procRoot as string | undefined), args as GlobalOptions);
    status = await spec.run(ctx, args);
  };
  const y = yargs(argv)
    .scriptName('tproc')
    .usage(
      '$0 <command> [options]\n\nThe processes of this machine, from /proc alone: tables on a terminal, JSON for programs.',
    )
    .option('json', { type: 'boolean', global: true, describe: 'print JSON (one document)' })
    .option('ndjson', { type: 'boolean', global: true, describe: 'print JSON, one object per line' })
    .option('color', {
      type: 'boolean',
      global: true,
      describe: 'colour on a terminal (--no-color, or NO_COLOR, turns it off)',
    })
    .option('proc-root', { type: 'string', global: true, describe: 'read processes from this proc directory' });
  for (const spec of COMMANDS) y.command(spec.command, spec.describe, spec.builder, handler(spec));
  y.command(
    'completion [shell]',
    'print the shell completion script (bash or zsh)',
    (c) =>
      c
        .positional('shell', { type: 'string', choices: ['bash', 'zsh'], describe: 'default: from $SHELL' })
        .example('$0 completion bash >> ~/.bashrc', 'complete tproc in bash')
        .example('$0 completion zsh > ~/.zsh/completions/_tproc', 'complete tproc in zsh (a directory of $fpath)'),
    (args) => {
      const shell = (args.shell as Shell | undefined) ?? ((io.env.SHELL ?? '').endsWith('zsh') ? 'zsh' : 'bash');
      io.stdout.write(completionScript(shell));
    },
  );
  y.completion('__complete', false)
    .demandCommand(1, `missing command (one of ${[...NAMES].join(', ')})`)
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    // `-V` and `--version`, in the words of every command of the project (`tps from tproc 0.1.0`).
    .version('version', 'show the version', `tproc from tproc ${VERSION}`)
    .alias('V', 'version')
    .wrap(Math.min(deps.columns ?? 100, 120))
    .exitProcess(false)
    .fail((message, err) => {
      if (err) throw err;
      throw new UsageError(usageMessage(message ?? 'bad arguments', argv));
    });
  skipHelpCache(y);
  try {
    let output = '';
    await y.parseAsync(argv, {}, (_err, _args, text) => {
      output = text ?? '';
    });
    if (output !== '') io.stdout.write(`${output}\n`);
    return status;
  } catch (err) {
    return report(err, io);
  }
}

/**
 * yargs builds the whole help text after every command handler, in case the handler asks for it
 * later (command.js: cacheHelpMessage): 25-40 ms of string widths for `tproc ps --json`, which
 * never shows it. --help takes another path and still works (main.test.ts).
 */
function skipHelpCache(y: unknown): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (y as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => {};
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
