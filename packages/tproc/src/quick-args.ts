// The plain command lines, parsed without yargs: loading yargs and building its command tree cost
// ~12 ms of `tproc ps --json`'s 23 (Bun bytecode build; node -e 0 takes ~64 here). The command
// specs are read through their yargs builders, so one definition serves both parsers. Anything
// this parser is not sure of (help, version, completion, a short option, a repeated or unknown
// option, `--`, a value that starts with `-`, a wrong count of positionals) is left to yargs,
// which then answers or names the error; what it accepts, it parses as yargs does
// (quick-args.test.ts compares the two).
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
  if (spec === undefined) return undefined;
  const { options, positionals } = record(spec);
  for (const [global, def] of Object.entries(globals)) options.set(global, def);
  const args: Record<string, unknown> = {};
  const seen = new Set<string>();
  const words: string[] = [];
  const set = (option: string, def: OptionDef, value: unknown) => {
    args[option] = value;
    args[camel(option)] = value;
    if (def.alias !== undefined) args[def.alias] = value;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('-')) {
      words.push(arg);
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') return undefined;
    const eq = arg.indexOf('=');
    const key = arg.slice(2, eq < 0 ? undefined : eq);
    const negated = key.startsWith('no-') ? key.slice(3) : undefined;
    const option = options.has(key) ? key : negated;
    const def = option === undefined ? undefined : options.get(option);
    if (option === undefined || def === undefined || seen.has(option)) return undefined;
    seen.add(option);
    if (def.type === 'boolean') {
      if (eq >= 0) return undefined;
      set(option, def, option === key);
      continue;
    }
    if (option !== key) return undefined;
    const value = eq >= 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || (eq < 0 && value.startsWith('-'))) return undefined;
    if (def.choices !== undefined && !def.choices.includes(value)) return undefined;
    set(option, def, value);
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
