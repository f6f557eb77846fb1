// The plain command lines, parsed without yargs: loading yargs and building its command tree cost
// ~12 ms of `tproc ps --json`'s 23 (Bun bytecode build; node -e 0 takes ~64 here). The command
// specs are read through their yargs builders, so one definition serves both parsers, and core's
// getopt scans. Anything this is not sure of (help, version, completion, a short option, a
// repeated, abbreviated or unknown option, `--`, a value that starts with `-`, a wrong count of
// positionals) is left to yargs, which then answers or names the error; what it accepts, it
// parses as yargs does (quick-args.test.ts compares the two).
import { getopt, type LongOption } from '@tproc/core';
import type { Argv } from 'yargs';
import type { CommandSpec } from './commands/spec.ts';

export interface OptionDef {
  type: 'boolean' | 'string';
  alias?: string;
  choices?: readonly string[];
}

interface Positional {
  name: string;
  variadic: boolean;
  required: boolean;
}

interface Recorded {
  options: Map<string, OptionDef>;
  positionals: Positional[];
}

/** The options and positionals a spec's builder declares, recorded by a stand-in for yargs. */
function record(spec: CommandSpec): Recorded {
  const options = new Map<string, OptionDef>();
  const recorder = {
    option(name: string, def: OptionDef) {
      options.set(name, def);
      return recorder;
    },
    positional: () => recorder,
    example: () => recorder,
  };
  spec.builder(recorder as unknown as Argv);
  const positionals = [...spec.command.matchAll(/([<[])([a-z-]+)(\.\.)?[>\]]/g)].map((m) => ({
    name: m[2]!,
    variadic: m[3] !== undefined,
    required: m[1] === '<',
  }));
  return { options, positionals };
}

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The parsed arguments, keyed as yargs keys them (name, camelCase and alias), or undefined. */
export function quickArgs(
  argv: readonly string[],
  commands: readonly CommandSpec[],
  globals: Readonly<Record<string, OptionDef>>,
): { spec: CommandSpec; args: Record<string, unknown> } | undefined {
  const [name, ...rest] = argv;
  const spec = commands.find((c) => c.command.split(' ')[0] === name);
  // A lone `-` and `--` mean other things to yargs than to getopt: left to yargs.
  if (spec === undefined || rest.includes('-') || rest.includes('--')) return undefined;
  const { options, positionals } = record(spec);
  for (const [global, def] of Object.entries(globals)) options.set(global, def);
  const longs: LongOption[] = [];
  for (const [option, def] of options) {
    longs.push({ name: option, has: def.type === 'string' ? 'required' : 'none', key: option });
    if (def.type === 'boolean') longs.push({ name: `no-${option}`, has: 'none', key: option });
  }
  const args: Record<string, unknown> = {};
  const seen = new Set<string>();
  const words: string[] = [];
  // No short options: any `-x` is an unknown one, which yargs then reads.
  const scan = getopt(rest, { shorts: '', longs });
  for (const event of scan) {
    if (event.type === 'operand') {
      words.push(event.value);
      continue;
    }
    if (event.type !== 'option' || event.long === undefined) return undefined;
    const def = options.get(event.key);
    if (def === undefined || seen.has(event.key)) return undefined;
    // getopt takes a unique prefix (`--js`) and the next word whatever it is (`--sort -cpu`):
    // yargs takes neither, so only the whole name, and a value that is not an option.
    const at = scan.argv[scan.optind - 1] ?? '';
    const whole = `--${event.long}`;
    if (at !== whole && !at.startsWith(`${whole}=`)) {
      if (scan.argv[scan.optind - 2] !== whole || at.startsWith('-')) return undefined;
    }
    if (def.type === 'string' && def.choices !== undefined && !def.choices.includes(event.arg ?? '')) return undefined;
    seen.add(event.key);
    const value = def.type === 'boolean' ? event.long === event.key : event.arg;
    args[event.key] = value;
    args[camel(event.key)] = value;
    if (def.alias !== undefined) args[def.alias] = value;
  }
  for (const { name: positional, variadic, required } of positionals) {
    if (variadic) {
      if (required && words.length === 0) return undefined;
      args[positional] = words.splice(0);
    } else if (words.length > 0) {
      args[positional] = words.shift();
    } else if (required) {
      return undefined;
    }
  }
  return words.length === 0 ? { spec, args } : undefined;
}
