// The yargs command tree of tproc: help with examples, completion, typo suggestions, and every
// command line quick-args.ts leaves to it. Loaded only for those (main.ts).
import type { CommandIo } from '@tproc/core';
import yargs from 'yargs';
import { completionScript, type Shell } from './commands/completion.ts';
import { COMMANDS, NAMES, VERSION } from './commands/index.ts';
import type { CommandSpec } from './commands/spec.ts';
import { GLOBAL_OPTIONS, UsageError } from './context.ts';

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

/** What yargs makes of argv: runs the command it names through `run`, or prints help/version. */
export async function parseWithYargs(
  argv: readonly string[],
  io: CommandIo,
  columns: number | undefined,
  run: (spec: CommandSpec, args: Record<string, unknown>) => Promise<void>,
): Promise<void> {
  const y = yargs([...argv])
    .scriptName('tproc')
    .usage(
      '$0 <command> [options]\n\nThe processes of this machine, from /proc alone: tables on a terminal, JSON for programs.',
    );
  for (const [name, def] of Object.entries(GLOBAL_OPTIONS)) y.option(name, { ...def, global: true });
  for (const spec of COMMANDS) y.command(spec.command, spec.describe, spec.builder, (args) => run(spec, args));
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
    .wrap(Math.min(columns ?? 100, 120))
    .exitProcess(false)
    .fail((message, err) => {
      if (err) throw err;
      throw new UsageError(usageMessage(message ?? 'bad arguments', argv));
    });
  skipHelpCache(y);
  let output = '';
  await y.parseAsync([...argv], {}, (_err, _args, text) => {
    output = text ?? '';
  });
  if (output !== '') io.stdout.write(`${output}\n`);
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
