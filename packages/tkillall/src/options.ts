import { compileEre, signalName, versionLine } from '@tproc/core';
import { parseAge } from './age.ts';
import { PROGRAM, USAGE } from './usage.ts';

export interface KillallOptions {
  exact: boolean;
  ignoreCase: boolean;
  processGroup: boolean;
  interactive: boolean;
  quiet: boolean;
  regexp: boolean;
  verbose: boolean;
  wait: boolean;
  /** Seconds. */
  youngerThan?: number;
  olderThan?: number;
  signal: number;
  user?: string;
  /** The uid -u named. */
  uid?: number;
  ns?: number;
  context?: string;
  /** Operands as given (UTF-8 strings). */
  names: string[];
}

/** Parsing ends either in options to run with, or in an immediate exit with some text. */
export type Parsed =
  | { kind: 'run'; options: KillallOptions }
  | { kind: 'exit'; status: number; stdout?: string; stderr?: string };

class Exit extends Error {
  constructor(readonly result: Extract<Parsed, { kind: 'exit' }>) {
    super('exit');
  }
}

const usage = (prefix = ''): never => {
  throw new Exit({ kind: 'exit', status: 1, stderr: prefix + USAGE });
};

type Flag = 'exact' | 'processGroup' | 'interactive' | 'quiet' | 'regexp' | 'verbose' | 'wait';

interface OptionSpec {
  short: string;
  long: string;
  argument: boolean;
  /** A plain switch: the option it sets. */
  flag?: Flag;
}

const SPECS: readonly OptionSpec[] = [
  { short: 'Z', long: 'context', argument: true },
  { short: 'e', long: 'exact', argument: false, flag: 'exact' },
  { short: 'I', long: 'ignore-case', argument: false },
  { short: 'g', long: 'process-group', argument: false, flag: 'processGroup' },
  { short: 'y', long: 'younger-than', argument: true },
  { short: 'o', long: 'older-than', argument: true },
  { short: 'i', long: 'interactive', argument: false, flag: 'interactive' },
  { short: 'l', long: 'list', argument: false },
  { short: 'q', long: 'quiet', argument: false, flag: 'quiet' },
  { short: 'r', long: 'regexp', argument: false, flag: 'regexp' },
  { short: 's', long: 'signal', argument: true },
  { short: 'u', long: 'user', argument: true },
  { short: 'v', long: 'verbose', argument: false, flag: 'verbose' },
  { short: 'w', long: 'wait', argument: false, flag: 'wait' },
  { short: 'V', long: 'version', argument: false },
  { short: 'n', long: 'ns', argument: true },
];
const BY_SHORT = new Map(SPECS.map((s) => [s.short, s]));

/** `killall -l`: the 31 standard names, 16 to a line (observed). */
export function signalList(): string {
  const names = Array.from({ length: 31 }, (_, i) => signalName(i + 1) ?? '');
  return `${names.slice(0, 16).join(' ')}\n${names.slice(16).join(' ')}\n`;
}

/**
 * A signal as killall reads one: a leading digit makes it a number (atoi: `1x` is 1, `010` is 10,
 * no upper bound, so 99 fails later in kill(2)); otherwise one of the 31 standard names, upper
 * case, with an optional `SIG` (observed: `SIGhup` is reported as `hup: unknown signal`).
 */
export function parseSignal(text: string): number {
  if (/^\d/.test(text)) return Number.parseInt(text, 10);
  const name = text.startsWith('SIG') ? text.slice(3) : text;
  for (let n = 1; n <= 31; n++) if (signalName(n) === name) return n;
  throw new Exit({ kind: 'exit', status: 1, stderr: `${name}: unknown signal; ${PROGRAM} -l lists signals.\n` });
}

function longMatch(name: string): OptionSpec | undefined | 'ambiguous' {
  const exact = SPECS.find((s) => s.long === name);
  if (exact) return exact;
  const prefixed = SPECS.filter((s) => s.long.startsWith(name));
  if (prefixed.length > 1) return 'ambiguous';
  return prefixed[0];
}

/**
 * psmisc parses with glibc getopt_long_only and silent errors, then reads signals out of the
 * errors. Observed consequences, reproduced here:
 * - `-word` is first tried as a long option (`-verbose`, `-user root`, `-ex` = --exact);
 * - an argument whose first letter is no option (`-HUP`, `-9`, `-SIGKILL`, `-TERMx`) is a signal
 *   as a whole: upper case → a name, digit → a number, anything else → usage;
 * - an unknown letter inside a bundle looks at the argument getopt is standing on (`-vHUP` → usage);
 * - `-I` and `-V` only count when alone (or spelt `--...`): otherwise they read a signal from the
 *   next argument (`-vI name` → `ame: unknown signal`) or from their own (`-ILL`, `-VTALRM`);
 * - `-l` and `-V` act as soon as they are seen, and so do the checks of `-u` USER and `-Z` REGEXP
 *   (`-u nosuch -l` fails, `-Z '[' -u nosuch` fails on the expression).
 */
export function parseOptions(
  argv: readonly string[],
  uidOf: (user: string) => number | undefined,
  argv0 = PROGRAM,
): Parsed {
  const options: KillallOptions = {
    exact: false,
    ignoreCase: false,
    processGroup: false,
    interactive: false,
    quiet: false,
    regexp: false,
    verbose: false,
    wait: false,
    signal: 15,
    names: [],
  };
  const full = [argv0, ...argv];

  /** getopt's '?' case: `ref` is argv[optind-1] at that moment. */
  const unknown = (ref: string): void => {
    const c = ref[1] ?? '';
    if (c >= 'A' && c <= 'Z') options.signal = parseSignal(ref.slice(1));
    else if (c >= '0' && c <= '9') options.signal = Number.parseInt(ref.slice(1), 10);
    else usage();
  };

  /**
   * Applies one option. `before` and `at` are argv[optind-1] and argv[optind] after getopt took
   * it (I and V look at them). Returns true when the rest of a bundle is to be skipped.
   */
  const apply = (spec: OptionSpec, value: string | undefined, before: string, at: string | undefined): boolean => {
    if (spec.flag) {
      options[spec.flag] = true;
      return false;
    }
    switch (spec.short) {
      case 'I':
      case 'V':
        if (before === `-${spec.short}` || before.startsWith('--')) {
          if (spec.short === 'I') options.ignoreCase = true;
          else throw new Exit({ kind: 'exit', status: 0, stderr: versionLine(PROGRAM) });
          return false;
        }
        options.signal = parseSignal((at ?? '').slice(1));
        return true;
      case 'l':
        throw new Exit({ kind: 'exit', status: 0, stdout: signalList() });
      case 's':
        options.signal = parseSignal(value ?? '');
        return false;
      case 'u': {
        const uid = uidOf(value ?? '');
        if (uid === undefined) throw new Exit({ kind: 'exit', status: 1, stderr: `Cannot find user ${value}\n` });
        options.user = value;
        options.uid = uid;
        return false;
      }
      case 'Z':
        // No SELinux here: every process passes the context test, but the pattern must compile.
        if (!compileEre(Buffer.from(value ?? '', 'utf8').toString('latin1'), false).ok) {
          throw new Exit({ kind: 'exit', status: 1, stderr: `Bad regular expression: ${value}\n` });
        }
        options.context = value;
        return false;
      case 'y':
      case 'o': {
        const seconds = parseAge(value ?? '');
        if (seconds === undefined) usage('Invalid time format\n');
        if (spec.short === 'y') options.youngerThan = seconds;
        else options.olderThan = seconds;
        return false;
      }
      case 'n':
        if (!/^\s*[+-]?\d+$/.test(value ?? '')) usage('Invalid namespace PID\n');
        options.ns = Number.parseInt(value ?? '', 10);
        return false;
      default:
        return false;
    }
  };

  // glibc's getopt moves the operands it skipped behind the options that follow them, and I and V
  // look at the permuted array: observed, `-w NAME -I -Iv` reads a signal from `-Iv` (the element
  // before it is then NAME, not -I).
  const args = [...full];
  let firstOperand = 1;
  let lastOperand = 1;
  const isOperand = (arg: string) => !arg.startsWith('-') || arg === '-';
  try {
    for (let i = 1; i < args.length; i++) {
      if (firstOperand !== lastOperand && lastOperand !== i) {
        args.splice(
          firstOperand,
          i - firstOperand,
          ...args.slice(lastOperand, i),
          ...args.slice(firstOperand, lastOperand),
        );
        firstOperand += i - lastOperand;
      } else if (lastOperand !== i) firstOperand = i;
      while (i < args.length && isOperand(args[i]!)) options.names.push(args[i++]!);
      lastOperand = i;
      if (i === args.length) break;
      const arg = args[i]!;
      if (arg === '--') {
        options.names.push(...args.slice(i + 1));
        break;
      }
      const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
      const tryLong = arg.startsWith('--') || body.length > 1 || !BY_SHORT.has(body[0]!);
      if (tryLong) {
        const eq = body.indexOf('=');
        const name = eq < 0 ? body : body.slice(0, eq);
        const spec = longMatch(name);
        if (spec && spec !== 'ambiguous') {
          let value: string | undefined;
          if (spec.argument) {
            if (eq >= 0) value = body.slice(eq + 1);
            else if (i + 1 < args.length) value = args[++i];
            else {
              unknown(arg);
              continue;
            }
          } else if (eq >= 0) {
            unknown(arg);
            continue;
          }
          apply(spec, value, args[i]!, args[i + 1]);
          continue;
        }
        // glibc's getopt_long_only falls back to short options even when the long name is
        // ambiguous (observed: `-ve` is -v -e, `--v` is an error).
        if (arg.startsWith('--') || !BY_SHORT.has(body[0]!)) {
          unknown(arg);
          continue;
        }
      }
      // A bundle of short options.
      for (let j = 0; j < body.length; j++) {
        const c = body[j]!;
        const last = j === body.length - 1;
        const spec = BY_SHORT.get(c);
        if (!spec) {
          unknown(last ? arg : args[i - 1]!);
          continue;
        }
        if (spec.argument) {
          let value: string | undefined;
          if (!last) value = body.slice(j + 1);
          else if (i + 1 < args.length) value = args[++i];
          else {
            unknown(arg);
            break;
          }
          apply(spec, value, args[i]!, args[i + 1]);
          break;
        }
        const skipRest = last ? apply(spec, undefined, arg, args[i + 1]) : apply(spec, undefined, args[i - 1]!, arg);
        if (skipRest) break;
      }
    }
  } catch (err) {
    if (err instanceof Exit) return err.result;
    throw err;
  }
  if (options.names.length === 0 && options.user === undefined && options.context === undefined) {
    return { kind: 'exit', status: 1, stderr: USAGE };
  }
  return { kind: 'run', options };
}
