// fuser's command line (psmisc 23.6, observed): words are read left to right, options apply to
// the names after them (-m, -c and -n are recorded with each name; the other flags are global),
// and a word that is not an option is a name at once. Core's getopt scans them in order; this
// layer reads fuser's -SIGNAL out of getopt's complaints.
import { getopt, type LongOption, psmiscSignal, psmiscSignalList, versionLine } from '@tproc/core';
import { PROGRAM, USAGE } from './usage.ts';

export type Space = 'file' | 'tcp' | 'udp';

/** A name as given, with the options that were in force for it. */
export interface NameArg {
  /** A path, or a socket spec without its `/tcp` or `/udp`. */
  text: string;
  space: Space;
  /** -m or -c before it: every process on the name's filesystem. */
  mount: boolean;
}

export interface Flags {
  all: boolean;
  silent: boolean;
  verbose: boolean;
  user: boolean;
  kill: boolean;
  interactive: boolean;
  inode: boolean;
  writeOnly: boolean;
  isMountPoint: boolean;
  ipv4: boolean;
  ipv6: boolean;
  signal: number;
}

/** How the command ends before searching anything (a listing, a version, an error). */
export interface Ending {
  status: number;
  stdout?: string;
  stderr?: string;
}

export interface Parsed {
  flags: Flags;
  names: NameArg[];
  /** Set when an option ended the command: the names before it are still looked at first. */
  ending?: Ending;
}

const SHORT = 'acfhiIklmMnsuvVw46';

const LONGS: readonly LongOption[] = [
  { name: 'all', has: 'none', key: 'a' },
  { name: 'interactive', has: 'none', key: 'i' },
  { name: 'inode', has: 'none', key: 'I' },
  { name: 'kill', has: 'none', key: 'k' },
  { name: 'list-signals', has: 'none', key: 'l' },
  { name: 'mount', has: 'none', key: 'm' },
  { name: 'ismountpoint', has: 'none', key: 'M' },
  { name: 'namespace', has: 'none', key: 'n' },
  { name: 'silent', has: 'none', key: 's' },
  { name: 'user', has: 'none', key: 'u' },
  { name: 'verbose', has: 'none', key: 'v' },
  { name: 'writeonly', has: 'none', key: 'w' },
  { name: 'version', has: 'none', key: 'V' },
  { name: 'ipv4', has: 'none', key: '4' },
  { name: 'ipv6', has: 'none', key: '6' },
];

const usageError = (message: string): Ending => ({ status: 1, stderr: `${message}\n${USAGE}` });
const invalid = (text: string): Ending => usageError(`${PROGRAM}: Invalid option ${text}`);

/** Flags that take effect at once or end the command; the rest set a flag. */
type Step = { end: Ending } | { take: 'namespace' } | undefined;

function apply(key: string, flags: Flags, state: { mount: boolean }): Step {
  switch (key) {
    case 'a':
      flags.all = true;
      return;
    case 'c':
    case 'm':
      state.mount = true;
      return;
    case 'f':
      return; // POSIX compatibility, ignored (man fuser)
    case 'h':
      return { end: { status: 1, stderr: USAGE } };
    case 'i':
      flags.interactive = true;
      return;
    case 'I':
      flags.inode = true;
      return;
    case 'k':
      flags.kill = true;
      return;
    case 'l':
      return { end: { status: 0, stdout: psmiscSignalList() } };
    case 'M':
      flags.isMountPoint = true;
      return;
    case 'n':
      return { take: 'namespace' };
    case 's':
      flags.silent = true;
      return;
    case 'u':
      flags.user = true;
      return;
    case 'v':
      flags.verbose = true;
      return;
    case 'V':
      return { end: { status: 0, stderr: versionLine(PROGRAM) } };
    case 'w':
      flags.writeOnly = true;
      return;
    case '4':
      flags.ipv4 = true;
      return;
    case '6':
      flags.ipv6 = true;
      return;
  }
}

/** `NAME/tcp` and `NAME/udp` (one slash, a name before it) stand for `-n tcp NAME` (observed). */
function shortcut(text: string): { text: string; space: Space } | undefined {
  const m = /^([^/]+)\/(tcp|udp)$/.exec(text);
  return m ? { text: m[1] as string, space: m[2] as Space } : undefined;
}

export function parseArgs(argv: readonly string[]): Parsed {
  const flags: Flags = {
    all: false,
    silent: false,
    verbose: false,
    user: false,
    kill: false,
    interactive: false,
    inode: false,
    writeOnly: false,
    isMountPoint: false,
    ipv4: false,
    ipv6: false,
    signal: 9,
  };
  const names: NameArg[] = [];
  const state = { mount: false, space: 'file' as Space };
  const done = (ending: Ending): Parsed => ({ flags, names, ending });

  // In order (a leading `-`): names come as operands where they stand, with the options before
  // them in force. `word` is the element being scanned: elements are taken one after another, so
  // it is where the scan stood after the previous event.
  const scan = getopt(argv, { shorts: `-${SHORT}`, longs: LONGS });
  let at = 0;
  for (const event of scan) {
    const word = scan.argv[at] as string;
    if (event.type === 'operand') {
      // observed: `--` ends the command line, the words after it are not looked at (getopt skips
      // it and gives them as operands: the scan has then moved past more than this one).
      if (scan.optind - 1 !== at) break;
      at = scan.optind;
      // observed: a lone `-` is neither an option nor a name.
      if (event.value === '-') continue;
      // observed: the shortcut holds in any name space (`-n udp 80/tcp` is TCP port 80).
      const short = shortcut(event.value);
      const name: NameArg = short
        ? { text: short.text, space: short.space, mount: state.mount }
        : { text: event.value, space: state.space, mount: state.mount };
      // observed: checked as each name is met, with the options seen so far.
      if (name.space !== 'file' && (state.mount || flags.isMountPoint)) {
        return done(usageError('You can only use files with mountpoint options'));
      }
      names.push(name);
      continue;
    }
    let step: Step;
    if (event.type === 'option') {
      // observed: long options match whole names only (`--verb` is invalid).
      if (event.long !== undefined && word !== `--${event.long}`) return done(invalid(word));
      step = apply(event.key, flags, state);
    } else if (event.type === 'invalid') {
      // observed: an unknown upper-case letter or digit makes the whole word a signal
      // (`-kHUP` is the unknown signal `kHUP`, `-ILL` sets -I and SIGILL), anything else is invalid.
      if (!/^[A-Z0-9]$/.test(event.char)) return done(invalid(event.char));
      const signal = psmiscSignal(word.slice(1));
      if ('unknown' in signal) {
        return done({ status: 1, stderr: `${signal.unknown}: unknown signal; ${PROGRAM} -l lists signals.\n` });
      }
      flags.signal = signal.number;
      scan.skipRest();
    } else {
      return done(invalid(word));
    }
    if (step !== undefined) {
      if ('end' in step) return done(step.end);
      // observed: -n takes the next word, whatever is left of its own (`-nv tcp` is not verbose).
      scan.skipRest();
      const space = scan.take();
      if (space === undefined) return done(usageError('Namespace option requires an argument.'));
      if (space !== 'file' && space !== 'tcp' && space !== 'udp') return done(usageError('Invalid namespace name'));
      state.space = space;
    }
    // The next element once this one is done (optind moves as its last option is taken).
    if (scan.optind > at) at = scan.optind;
  }
  return { flags, names };
}

/** The checks made once every word is read, in psmisc's order (observed). */
export function lateError(parsed: Parsed): Ending | undefined {
  const { flags } = parsed;
  if (flags.all && flags.silent) return usageError('all option cannot be used with silent option.');
  if (flags.ipv4 && flags.ipv6) {
    return usageError('You cannot search for only IPv4 and only IPv6 sockets at the same time');
  }
  return undefined;
}

export const NO_NAMES: Ending = usageError('No process specification given');
