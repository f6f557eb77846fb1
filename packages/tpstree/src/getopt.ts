/**
 * GNU getopt_long as psmisc uses it (glibc 2.36): operands are permuted after options, `--` ends
 * options, long names may be abbreviated to any unique prefix, `--name=value` or `--name value`.
 * Messages are glibc's, naming the program as invoked.
 */
export interface OptionSpec {
  short?: string;
  long: string;
  /** The key the parsed value is stored under. */
  key: string;
  argument: boolean;
}

export interface Parsed {
  /** In command-line order: [key, value or undefined]. */
  options: Array<[string, string | undefined]>;
  operands: string[];
  /** glibc's message for the first bad option; `options` then holds those before it. */
  error?: string;
}

class GetoptError extends Error {
  override readonly name = 'GetoptError';
}

export function getopt(argv: readonly string[], specs: readonly OptionSpec[], program: string): Parsed {
  const options: Parsed['options'] = [];
  const operands: string[] = [];
  const fail = (message: string): never => {
    throw new GetoptError(`${program}: ${message}\n`);
  };
  try {
    scan(argv, specs, options, operands, fail);
  } catch (err) {
    if (err instanceof GetoptError) return { options, operands, error: err.message };
    throw err;
  }
  return { options, operands };
}

function scan(
  argv: readonly string[],
  specs: readonly OptionSpec[],
  options: Parsed['options'],
  operands: string[],
  fail: (message: string) => never,
): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const exact = specs.find((s) => s.long === name);
      const matches = exact ? [exact] : specs.filter((s) => s.long.startsWith(name));
      if (matches.length === 0) fail(`unrecognized option '${arg}'`);
      if (matches.length > 1) {
        fail(
          `option '${arg.slice(0, eq < 0 ? undefined : eq)}' is ambiguous; possibilities:${matches.map((s) => ` '--${s.long}'`).join('')}`,
        );
      }
      const spec = matches[0]!;
      if (!spec.argument) {
        if (eq >= 0) fail(`option '--${spec.long}' doesn't allow an argument`);
        options.push([spec.key, undefined]);
      } else if (eq >= 0) {
        options.push([spec.key, arg.slice(eq + 1)]);
      } else {
        const value = argv[i + 1];
        if (value === undefined) fail(`option '--${spec.long}' requires an argument`);
        options.push([spec.key, value]);
        i++;
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!;
        const spec = specs.find((s) => s.short === c);
        if (!spec) fail(`invalid option -- '${c}'`);
        if (!spec!.argument) {
          options.push([spec!.key, undefined]);
          continue;
        }
        if (j + 1 < arg.length) {
          options.push([spec!.key, arg.slice(j + 1)]);
        } else {
          const value = argv[i + 1];
          if (value === undefined) fail(`option requires an argument -- '${c}'`);
          options.push([spec!.key, value]);
          i++;
        }
        break;
      }
      continue;
    }
    operands.push(arg);
  }
}
