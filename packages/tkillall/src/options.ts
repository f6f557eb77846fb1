import { type ArgKind, compileEre, getopt, type LongOption, signalName } from '@tproc/core';
import { parseAge } from './age.ts';
import { PROGRAM, USAGE, VERSION } from './usage.ts';

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

/** What one option does; the key is its short letter. */
interface OptionRule {
  long: string;
  has: ArgKind;
  /** The fields it sets from its argument ('' for a switch); it may end the parse (Exit). */
  take?: (value: string, uidOf: (user: string) => number | undefined) => Partial<KillallOptions>;
}

const exit = (result: Omit<Extract<Parsed, { kind: 'exit' }>, 'kind'>): never => {
  throw new Exit({ kind: 'exit', ...result });
};

function age(value: string): number {
  const seconds = parseAge(value);
  return seconds ?? usage('Invalid time format\n');
}

/**
 * psmisc 23.6's options, in its order (the order prefixes are resolved in). -I and -V have no
 * rule of their own here: see parseOptions. -l acts as soon as it is seen, and so do the checks of
 * -u USER and -Z REGEXP (observed: `-u nosuch -l` fails, `-Z '[' -u nosuch` fails on the
 * expression).
 */
const RULES: Record<string, OptionRule> = {
  // No SELinux here: every process passes the context test, but the pattern must compile.
  Z: {
    long: 'context',
    has: 'required',
    take: (v) =>
      compileEre(Buffer.from(v, 'utf8').toString('latin1'), false).ok
        ? { context: v }
        : exit({ status: 1, stderr: `Bad regular expression: ${v}\n` }),
  },
  e: { long: 'exact', has: 'none', take: () => ({ exact: true }) },
  I: { long: 'ignore-case', has: 'none' },
  g: { long: 'process-group', has: 'none', take: () => ({ processGroup: true }) },
  y: { long: 'younger-than', has: 'required', take: (v) => ({ youngerThan: age(v) }) },
  o: { long: 'older-than', has: 'required', take: (v) => ({ olderThan: age(v) }) },
  i: { long: 'interactive', has: 'none', take: () => ({ interactive: true }) },
  l: { long: 'list', has: 'none', take: () => exit({ status: 0, stdout: signalList() }) },
  q: { long: 'quiet', has: 'none', take: () => ({ quiet: true }) },
  r: { long: 'regexp', has: 'none', take: () => ({ regexp: true }) },
  s: { long: 'signal', has: 'required', take: (v) => ({ signal: parseSignal(v) }) },
  u: {
    long: 'user',
    has: 'required',
    take: (v, uidOf) => {
      const uid = uidOf(v);
      return uid === undefined ? exit({ status: 1, stderr: `Cannot find user ${v}\n` }) : { user: v, uid };
    },
  },
  v: { long: 'verbose', has: 'none', take: () => ({ verbose: true }) },
  w: { long: 'wait', has: 'none', take: () => ({ wait: true }) },
  V: { long: 'version', has: 'none' },
  n: {
    long: 'ns',
    has: 'required',
    take: (v) => (/^\s*[+-]?\d+$/.test(v) ? { ns: Number.parseInt(v, 10) } : usage('Invalid namespace PID\n')),
  },
};
const SHORTS = Object.entries(RULES)
  .map(([short, rule]) => (rule.has === 'required' ? `${short}:` : short))
  .join('');
const LONGS: LongOption[] = Object.entries(RULES).map(([key, rule]) => ({ name: rule.long, has: rule.has, key }));

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

/**
 * psmisc parses with glibc getopt_long_only and silent errors, then reads signals out of the
 * errors. Observed consequences, reproduced here:
 * - `-word` is first tried as a long option (`-verbose`, `-user root`, `-ex` = --exact);
 * - an argument whose first letter is no option (`-HUP`, `-9`, `-SIGKILL`, `-TERMx`) is a signal
 *   as a whole: upper case → a name, digit → a number, anything else → usage;
 * - an unknown letter inside a bundle looks at the argument getopt is standing on (`-vHUP` → usage);
 * - `-I` and `-V` only count when alone (or spelt `--...`): otherwise they read a signal from the
 *   next argument (`-vI name` → `ame: unknown signal`) or from their own (`-ILL`, `-VTALRM`),
 *   looking at argv as glibc has permuted it (`-w NAME -I -Iv` reads a signal from `-Iv`);
 * - `-l` and `-V` act as soon as they are seen, and so do the checks of `-u` USER and `-Z` REGEXP.
 */
export function parseOptions(
  argv: readonly string[],
  uidOf: (user: string) => number | undefined,
  env: Record<string, string | undefined> = {},
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
  const scan = getopt(argv, { shorts: SHORTS, longs: LONGS, longOnly: true, env });
  /** C's argv[optind-1] and argv[optind] at this point (the program name before the first). */
  const before = (): string => scan.argv[scan.optind - 1] ?? PROGRAM;
  try {
    for (const event of scan) {
      if (event.type === 'operand') {
        options.names.push(event.value);
        continue;
      }
      if (event.type !== 'option') {
        // getopt's '?' case: argv[optind-1] is read as a signal.
        const c = before()[1] ?? '';
        if (c >= 'A' && c <= 'Z') options.signal = parseSignal(before().slice(1));
        else if (c >= '0' && c <= '9') options.signal = Number.parseInt(before().slice(1), 10);
        else usage();
        continue;
      }
      const { key } = event;
      if (key === 'I' || key === 'V') {
        if (before() === `-${key}` || before().startsWith('--')) {
          if (key === 'V') exit({ status: 0, stderr: VERSION });
          options.ignoreCase = true;
        } else {
          options.signal = parseSignal((scan.next() ?? '').slice(1));
          scan.skipRest();
        }
        continue;
      }
      Object.assign(options, RULES[key]?.take?.(event.arg ?? '', uidOf));
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
