import type { Argv } from 'yargs';
import type { Context } from '../context.ts';

/** A tproc subcommand: its yargs definition and the handler that asks core and renders. */
export interface CommandSpec {
  command: string;
  describe: string;
  // biome-ignore lint/suspicious/noExplicitAny: yargs builders refine the argument type per command.
  builder: (y: Argv) => Argv<any>;
  /** Returns the exit status. */
  run: (ctx: Context, args: Record<string, unknown>) => Promise<number>;
}
