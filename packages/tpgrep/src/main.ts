import {
  available,
  COMM_BYTES,
  type CommandIo,
  compileEre,
  fileIdentity,
  getopt,
  gnuGetoptMessage,
  isUtf8Locale,
  type CommandDeps,
  type ProcFs,
  withDefaults,
  readFile,
} from '@tproc/core';
import {
  type ArgReaders,
  LONG_OPTIONS,
  type Mode,
  OPTION_RULES,
  type Options,
  SHORT_OPTIONS,
  takeDashSignal,
} from './options.ts';
import { findMatches, type Match } from './select.ts';
import { shownCommand, shownName } from './shown.ts';
import { usage } from './usage.ts';

const SIGTERM = 15;

/** Exit statuses (man pgrep): 0 matched, 1 none, 2 syntax error, 3 fatal. */
const EXIT = { match: 0, none: 1, usage: 2, fatal: 3 } as const;

class Fail extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(text);
  }
}

/** tpgrep = procps-ng 4.0.2 pgrep. */
export const pgrep = (argv: string[], io: CommandIo, deps?: CommandDeps): Promise<number> =>
  main(argv, io, 'pgrep', deps);
/** tpkill = procps-ng 4.0.2 pkill. */
export const pkill = (argv: string[], io: CommandIo, deps?: CommandDeps): Promise<number> =>
  main(argv, io, 'pkill', deps);

/** tpgrep / tpkill; `mode` is chosen by the entry point. */
async function main(argv: string[], io: CommandIo, mode: Mode, deps: CommandDeps = {}): Promise<number> {
  const { fs } = withDefaults(deps);
  const name = io.argv0;
  try {
    const opts = parse(argv, io, mode, fs);
    if (typeof opts === 'number') return opts;
    return await run(opts, io, fs, name);
  } catch (err) {
    if (!(err instanceof Fail)) throw err;
    io.stderr.write(err.text);
    return err.status;
  }
}

function parse(argv: string[], io: CommandIo, mode: Mode, fs: ProcFs): Options | number {
  const name = io.argv0;
  const usageError = () => new Fail(EXIT.usage, usage(name, mode));
  const tryHelp = (text: string, status: number = EXIT.usage) =>
    new Fail(status, `${name}: ${text}\nTry \`${name} --help' for more information.\n`);
  const opts: Options = {
    mode,
    delimiter: '\n',
    listName: false,
    listFull: false,
    inverse: false,
    lightweight: false,
    count: false,
    full: false,
    ignoreCase: false,
    newest: false,
    oldest: false,
    exact: false,
    echo: false,
    ignoreAncestors: false,
    logPidfile: false,
    signal: SIGTERM,
  };
  let args = argv;
  if (mode === 'pkill') {
    const taken = takeDashSignal(argv);
    if (taken.signal !== undefined) opts.signal = taken.signal;
    args = taken.rest;
  }
  const users = fs.users();
  const readers: ArgReaders = {
    list: (arg, item) => {
      if (arg === '') throw usageError();
      // observed: an empty item counts as 0 (`-u ,` selects root's processes).
      return arg.split(',').map((s) => item(s === '' ? '0' : s));
    },
    number: (text, message) => {
      if (!/^\s*[+-]?\d+$/.test(text)) throw new Fail(EXIT.usage, `${name}: ${message}: ${text}\n`);
      return Number(text);
    },
    uid: (text) => {
      if (/^\d+$/.test(text)) return Number(text);
      const id = users.uidOf(text);
      if (id === undefined) throw new Fail(EXIT.usage, `${name}: invalid user name: ${text}\n`);
      return id;
    },
    gid: (text) => {
      if (/^\d+$/.test(text)) return Number(text);
      const id = users.gidOf(text);
      if (id === undefined) throw new Fail(EXIT.usage, `${name}: invalid group name: ${text}\n`);
      return id;
    },
    // observed: an unknown namespace name ends pgrep with status 2 and no message.
    quietUsage: () => {
      throw new Fail(EXIT.usage, '');
    },
  };
  const patterns: string[] = [];
  let criteria = false;
  const seen = new Set<string>();
  for (const event of getopt(args, { shorts: SHORT_OPTIONS[mode], longs: LONG_OPTIONS, env: io.env })) {
    if (event.type === 'operand') {
      patterns.push(event.value);
      continue;
    }
    if (event.type !== 'option') {
      io.stderr.write(gnuGetoptMessage(name, event) ?? '');
      throw usageError();
    }
    const rule = OPTION_RULES[event.key];
    if (!rule) continue;
    const repeated = seen.has(event.key) ? rule.repeated : undefined;
    if (repeated === 'help' || rule.exit === 'help') {
      io.stdout.write(usage(name, mode));
      return 0;
    }
    if (rule.exit === 'version') {
      io.stdout.write(`${name} from procps-ng 4.0.2\n`);
      return 0;
    }
    if (repeated === 'usage') throw usageError();
    seen.add(event.key);
    if (rule.take) Object.assign(opts, rule.take(event.arg ?? '', readers));
    if (rule.criterion) criteria = true;
  }
  // observed: checked in this order, the pidfile before the pattern count and the pattern itself.
  if ((opts.newest && opts.oldest) || (opts.inverse && (opts.newest || opts.oldest))) throw usageError();
  if (opts.logPidfile && opts.pidfile === undefined) throw tryHelp('-L without -F makes no sense');
  if (opts.pidfile !== undefined) {
    opts.pidfilePids = readPidfile(opts.pidfile, opts.logPidfile, fs);
    if (opts.pidfilePids === undefined) throw tryHelp('pidfile not valid', EXIT.none);
  }
  if (patterns.length > 1) throw tryHelp('only one pattern can be provided');
  opts.pattern = patterns[0];
  if (opts.pattern === undefined && !criteria) throw tryHelp('no matching criteria specified');
  return opts;
}

async function run(opts: Options, io: CommandIo, fs: ProcFs, name: string): Promise<number> {
  // observed: the pattern is tried on names as -l shows them, in the locale's characters.
  const utf8 = isUtf8Locale(io.env);
  let regex: RegExp | undefined;
  if (opts.pattern !== undefined) {
    const source = utf8 ? opts.pattern : Buffer.from(opts.pattern, 'utf8').toString('latin1');
    const compiled = compileEre(opts.exact ? `^(${source})$` : source, opts.ignoreCase, utf8);
    if (!compiled.ok) {
      io.stderr.write(`${name}: regex error: ${compiled.error}\n`);
      return EXIT.usage;
    }
    regex = compiled.regex;
  }
  if (opts.ns !== undefined && opts.ns < 0) {
    io.stderr.write(`${name}: Error reading reference namespace information\n\n`);
    return EXIT.fatal;
  }
  const matches = findMatches(fs, opts, regex, utf8);
  let status: number;
  if (opts.mode === 'pkill') {
    const { signalMatches } = await import('./signal.ts');
    status = await signalMatches(matches, opts, io, fs, name, utf8);
  } else {
    status = report(matches, opts, io, utf8);
  }
  // observed: the warning comes only when nothing matched (`pgrep 'sleep|abcdefghijklmn'` is quiet).
  if (
    matches.length === 0 &&
    opts.pattern !== undefined &&
    !opts.full &&
    Buffer.byteLength(opts.pattern) > COMM_BYTES
  ) {
    io.stderr.write(
      `${name}: pattern that searches for process name longer than 15 characters will result in zero matches\n` +
        `Try \`${name} -f' option to match against the complete command line.\n`,
    );
  }
  return status;
}

/** The first number in the pidfile; with -L only when some process holds a lock on it. */
function readPidfile(path: string, mustBeLocked: boolean, fs: ProcFs): number[] | undefined {
  const text = available(() => readFile(path).toString('latin1'));
  if (text === undefined) return undefined;
  // observed: strtol-like, then only white space may follow (`1x` is not valid, ` +1 ` is).
  const m = /^\s*\+?(\d+)(?:\s|$)/.exec(text);
  if (!m || Number(m[1]) <= 0) return undefined;
  if (mustBeLocked && !isLocked(path, fs)) return undefined;
  return [Number(m[1])];
}

/** Whether /proc/locks lists a lock on the file (by its inode). */
function isLocked(path: string, fs: ProcFs): boolean {
  const file = available(() => fileIdentity(path));
  const locks = available(() => fs.locks()) ?? [];
  return file !== undefined && locks.some((lock) => lock.inode === file.ino);
}

function report(matches: Match[], opts: Options, io: CommandIo, utf8: boolean): number {
  if (opts.count) {
    io.stdout.write(`${matches.length}\n`);
    return matches.length > 0 ? EXIT.match : EXIT.none;
  }
  // Items are output bytes, one char per byte (shown.ts), the delimiter too.
  const items: string[] = [];
  for (const { proc } of matches) {
    if (opts.listFull) items.push(`${proc.pid} ${shownCommand(proc, utf8)}`);
    else if (opts.listName) items.push(`${proc.pid} ${shownName(proc, utf8)}`);
    else items.push(String(proc.pid));
  }
  const delimiter = Buffer.from(opts.delimiter, 'utf8').toString('latin1');
  if (items.length > 0) io.stdout.write(Buffer.from(`${items.join(delimiter)}\n`, 'latin1'));
  return matches.length > 0 ? EXIT.match : EXIT.none;
}
