import { readFileSync, statSync } from 'node:fs';
import {
  type CommandIo,
  compileEre,
  type EreMatcher,
  getopt,
  gnuGetoptMessage,
  ProcFs,
  procpsSignalNumber,
  versionLine,
} from '@tproc/core';
import {
  LONG_OPTIONS,
  type Mode,
  NAMESPACES,
  type Namespace,
  type Options,
  SHORT_OPTIONS,
  atoi,
  takeDashSignal,
} from './options.ts';
import { findMatches, type Match } from './select.ts';
import { usage } from './usage.ts';

const SIGTERM = 15;

/**
 * Options that may not be given twice, and what a second one does (observed, the first second one
 * wins: `-i -i -n -n` is help, `-n -n -i -i` a usage error).
 */
const REPEATED: Record<string, 'help' | 'usage'> = { i: 'help', v: 'usage', n: 'usage', o: 'usage' };

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

/** tpgrep / tpkill = procps-ng 4.0.2 pgrep / pkill; `mode` is chosen by the entry point. */
export async function main(argv: string[], io: CommandIo, mode: Mode, fs = new ProcFs()): Promise<number> {
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
  /** A comma-separated list; an empty argument is a usage error. */
  const list = <T>(arg: string, item: (text: string) => T): T[] => {
    if (arg === '') throw usageError();
    // observed: an empty item counts as 0 (`-u ,` selects root's processes).
    return arg.split(',').map((s) => item(s === '' ? '0' : s));
  };
  const number = (text: string, message: string): number => {
    if (!/^\s*[+-]?\d+$/.test(text)) throw new Fail(EXIT.usage, `${name}: ${message}: ${text}\n`);
    return Number(text);
  };
  const users = fs.users();
  const uid = (text: string): number => {
    if (/^\d+$/.test(text)) return Number(text);
    const id = users.uidOf(text);
    if (id === undefined) throw new Fail(EXIT.usage, `${name}: invalid user name: ${text}\n`);
    return id;
  };
  const gid = (text: string): number => {
    if (/^\d+$/.test(text)) return Number(text);
    const id = users.gidOf(text);
    if (id === undefined) throw new Fail(EXIT.usage, `${name}: invalid group name: ${text}\n`);
    return id;
  };
  const patterns: string[] = [];
  let criteria = false;
  const seen = new Set<string>();
  for (const event of getopt(args, SHORT_OPTIONS[mode], LONG_OPTIONS)) {
    if (event.type === 'operand') {
      patterns.push(event.value);
      continue;
    }
    if (event.type !== 'option') {
      io.stderr.write(gnuGetoptMessage(name, event) ?? '');
      throw usageError();
    }
    const arg = event.arg ?? '';
    const repeated = seen.has(event.key) ? REPEATED[event.key] : undefined;
    if (repeated === 'help') {
      io.stdout.write(usage(name, mode));
      return 0;
    }
    if (repeated === 'usage') throw usageError();
    seen.add(event.key);
    switch (event.key) {
      case 'SIGNAL':
        // observed: after a digit anything goes, as atoi reads it (`--signal 9.5` is 9, `4294967305`
        // is 9); otherwise a whole number or a name as `-SIGNAL` takes it (` 9` works, ` 9x` does not).
        opts.signal = /^\d/.test(arg) ? atoi(arg) : procpsSignalNumber(arg);
        break;
      case 'd':
        opts.delimiter = arg;
        break;
      case 'l':
        opts.listName = true;
        break;
      case 'a':
        opts.listFull = true;
        break;
      case 'v':
        opts.inverse = true;
        break;
      case 'w':
        opts.lightweight = true;
        break;
      case 'c':
        opts.count = true;
        break;
      case 'f':
        opts.full = true;
        break;
      case 'i':
        opts.ignoreCase = true;
        break;
      case 'n':
        opts.newest = true;
        break;
      case 'o':
        opts.oldest = true;
        break;
      case 'x':
        opts.exact = true;
        break;
      case 'e':
        opts.echo = true;
        break;
      case 'A':
        opts.ignoreAncestors = true;
        break;
      case 'L':
        opts.logPidfile = true;
        break;
      case 'O':
        opts.older = atoi(arg);
        criteria = true;
        break;
      case 'g':
        opts.pgroups = list(arg, (t) => number(t, 'invalid process group'));
        criteria = true;
        break;
      case 'G':
        opts.groups = list(arg, gid);
        criteria = true;
        break;
      case 'P':
        opts.parents = list(arg, (t) => number(t, 'not a number'));
        criteria = true;
        break;
      case 's':
        opts.sessions = list(arg, (t) => number(t, 'invalid session id'));
        criteria = true;
        break;
      case 't':
        opts.terminals = list(arg, (t) => t);
        criteria = true;
        break;
      case 'u':
        opts.euids = list(arg, uid);
        criteria = true;
        break;
      case 'U':
        opts.uids = list(arg, uid);
        criteria = true;
        break;
      case 'r':
        opts.runstates = arg;
        criteria = true;
        break;
      case 'F':
        opts.pidfile = arg;
        criteria = true;
        break;
      case 'CGROUP':
        opts.cgroups = list(arg, (t) => t);
        criteria = true;
        break;
      case 'NS':
        opts.ns = atoi(arg);
        criteria = true;
        break;
      case 'NSLIST': {
        const names = arg.split(',');
        // observed: an unknown namespace name ends pgrep with status 2 and no message.
        if (!names.every((n) => (NAMESPACES as readonly string[]).includes(n))) throw new Fail(EXIT.usage, '');
        opts.nslist = names as Namespace[];
        break;
      }
      case 'q':
        opts.queue = atoi(arg);
        break;
      case 'h':
        io.stdout.write(usage(name, mode));
        return 0;
      case 'V':
        io.stdout.write(versionLine(name));
        return 0;
    }
  }
  // observed: checked in this order, the pidfile before the pattern count and the pattern itself.
  if ((opts.newest && opts.oldest) || (opts.inverse && (opts.newest || opts.oldest))) throw usageError();
  if (opts.logPidfile && opts.pidfile === undefined) throw tryHelp('-L without -F makes no sense');
  if (opts.pidfile !== undefined) {
    opts.pidfilePids = readPidfile(opts.pidfile, opts.logPidfile, fs.procRoot);
    if (opts.pidfilePids === undefined) throw tryHelp('pidfile not valid', EXIT.none);
  }
  if (patterns.length > 1) throw tryHelp('only one pattern can be provided');
  opts.pattern = patterns[0];
  if (opts.pattern === undefined && !criteria) throw tryHelp('no matching criteria specified');
  return opts;
}

async function run(opts: Options, io: CommandIo, fs: ProcFs, name: string): Promise<number> {
  let regex: EreMatcher | undefined;
  if (opts.pattern !== undefined) {
    const source = Buffer.from(opts.pattern, 'utf8').toString('latin1');
    const compiled = compileEre(opts.exact ? `^(${source})$` : source, opts.ignoreCase);
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
  const matches = findMatches(fs, opts, regex);
  let status: number;
  if (opts.mode === 'pkill') {
    const { signalMatches } = await import('./signal.ts');
    status = await signalMatches(matches, opts, io, fs, name);
  } else {
    status = await report(matches, opts, io);
  }
  // observed: the warning comes only when nothing matched (`pgrep 'sleep|abcdefghijklmn'` is quiet).
  if (matches.length === 0 && opts.pattern !== undefined && !opts.full && Buffer.byteLength(opts.pattern) > 15) {
    io.stderr.write(
      `${name}: pattern that searches for process name longer than 15 characters will result in zero matches\n` +
        `Try \`${name} -f' option to match against the complete command line.\n`,
    );
  }
  return status;
}

/** The first number in the pidfile; with -L only when some process holds a lock on it. */
function readPidfile(path: string, mustBeLocked: boolean, procRoot: string): number[] | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
  // observed: strtol-like, then only white space may follow (`1x` is not valid, ` +1 ` is).
  const m = /^\s*\+?(\d+)(?:\s|$)/.exec(text);
  if (!m || Number(m[1]) <= 0) return undefined;
  if (mustBeLocked && !isLocked(path, procRoot)) return undefined;
  return [Number(m[1])];
}

/** Whether <proc>/locks lists a lock on the file (its device and inode). */
function isLocked(path: string, procRoot: string): boolean {
  try {
    const st = statSync(path);
    const locks = readFileSync(`${procRoot}/locks`, 'latin1');
    return locks.split('\n').some((line) => {
      const id = line.trim().split(/\s+/)[5];
      return id !== undefined && Number(id.split(':')[2]) === st.ino;
    });
  } catch {
    return false;
  }
}

async function report(matches: Match[], opts: Options, io: CommandIo): Promise<number> {
  if (opts.count) {
    io.stdout.write(`${matches.length}\n`);
    return matches.length > 0 ? EXIT.match : EXIT.none;
  }
  const shown = opts.listName || opts.listFull ? (await import('./display.ts')).display : undefined;
  const items: string[] = [];
  for (const { proc } of matches) {
    if (opts.listFull && shown) items.push(`${proc.pid} ${shown.full(proc)}`);
    else if (opts.listName && shown) items.push(`${proc.pid} ${shown.name(proc)}`);
    else items.push(String(proc.pid));
  }
  if (items.length > 0) io.stdout.write(`${items.join(opts.delimiter)}\n`);
  return matches.length > 0 ? EXIT.match : EXIT.none;
}
