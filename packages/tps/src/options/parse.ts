import { checkPersonalityFormat, ownJFormat, ownSysvFormat } from '../formats.ts';
import { PlainError, UsageError } from './errors.ts';
import { parseFormatList } from './format-list.ts';
import { type Lookups, parseIdArguments, parseList } from './lists.ts';
import { parseSortLetters, parseSortList } from './sort-list.ts';
import type { BsdFormat, ListKind, Options, SortKey, SysvLetter } from './types.ts';

export function emptyOptions(): Options {
  return {
    selection: {
      all: false,
      ttyNotLeader: false,
      notLeader: false,
      bsdAll: false,
      bsdNoTty: false,
      thisTerminal: false,
      running: false,
      negate: false,
      lists: [],
    },
    personality: '',
    bsdSeen: false,
    sysv: new Set(),
    label: false,
    forest: false,
    hierarchy: false,
    threads: undefined,
    threadFlags: new Set(),
    sort: [],
    headers: 'once',
    wide: 0,
    cumulative: false,
    showEnv: false,
    trueCommand: false,
    commandAsArgs: false,
    numeric: false,
    version: false,
    context: false,
    listSpecifiers: false,
    info: false,
  };
}

/** A list-taking option: what it selects and what ps says when its list is missing. */
interface ListOption {
  kind: ListKind;
  missing: string;
}

const SYSV_LISTS: Record<string, ListOption> = {
  C: { kind: 'comm', missing: 'list of command names must follow -C' },
  G: { kind: 'rgid', missing: 'list of real groups must follow -G' },
  g: { kind: 'sidOrEgroup', missing: 'list of session leaders OR effective group names must follow -g' },
  p: { kind: 'pid', missing: 'list of process IDs must follow -p' },
  s: { kind: 'sid', missing: 'list of session IDs must follow -s' },
  t: { kind: 'tty', missing: 'list of terminals (pty, tty...) must follow -t' },
  u: { kind: 'euid', missing: 'list of users must follow -u' },
  U: { kind: 'ruid', missing: 'list of real users must follow -U' },
};

const BSD_LISTS: Record<string, ListOption> = {
  p: { kind: 'pid', missing: 'list of process IDs must follow p' },
  t: { kind: 'tty', missing: 'list of terminals (pty, tty...) must follow t' },
  U: { kind: 'euid', missing: 'list of users must follow U' },
};

const GNU_LISTS: Record<string, ListOption> = {
  pid: { kind: 'pid', missing: 'list of process IDs must follow --pid' },
  ppid: { kind: 'ppid', missing: 'list of process IDs must follow --ppid' },
  sid: { kind: 'sid', missing: 'some sid thing(s) must follow --sid' },
  tty: { kind: 'tty', missing: 'list of ttys must follow --tty' },
  user: { kind: 'euid', missing: 'list of effective users must follow --user' },
  User: { kind: 'ruid', missing: 'list of real users must follow --User' },
  group: { kind: 'egid', missing: 'list of effective groups must follow --group' },
  Group: { kind: 'rgid', missing: 'list of real groups must follow --Group' },
};

/**
 * GNU options without an argument, and the name ps uses when one is given anyway (observed:
 * `--headers=x` says `option --heading does not take an argument`).
 */
const GNU_FLAGS: Record<string, string> = {
  forest: 'forest',
  headers: 'heading',
  'no-headers': 'no-heading',
  'no-header': 'no-heading',
  'no-heading': 'no-heading',
  cumulative: 'cumulative',
  deselect: 'deselect',
  version: 'version',
  info: 'info',
};

const BSD_FORMATS = new Set<string>(['j', 'l', 's', 'u', 'v', 'X']);

/**
 * $PS_PERSONALITY values that change parsing (observed): bsd and old read `-abc` as BSD letters;
 * these and gnu, debian, sunos4, tru64, digital, compaq default to the BSD format and selection.
 * Others (linux, posix, sun, aix, ...) parse as the default; formats.ts has their format changes.
 */
interface PersonalityParsing {
  dashAsBsd: boolean;
  bsdDefaults: boolean;
  hRepeats?: boolean;
  /**
   * What UNIX -x means, if anything (else "must set personality"), observed: with hp and hpux
   * the name columns show the arguments; with svr4, sysv and sco it is -y.
   */
  unixX?: 'args' | 'y';
  /** What BSD m means (observed): else threads after their process, as M. */
  m?: 'memoryFormat' | 'memorySort';
}

const PERSONALITIES: Record<string, PersonalityParsing> = {
  bsd: { dashAsBsd: true, bsdDefaults: true, hRepeats: true, m: 'memorySort' },
  old: { dashAsBsd: true, bsdDefaults: true, m: 'memoryFormat' },
  gnu: { dashAsBsd: false, bsdDefaults: true, m: 'memoryFormat' },
  debian: { dashAsBsd: false, bsdDefaults: true, m: 'memoryFormat' },
  sunos4: { dashAsBsd: false, bsdDefaults: true },
  // observed: with these and bsd, BSD h repeats the header on every page (as --headers).
  tru64: { dashAsBsd: false, bsdDefaults: true, hRepeats: true },
  digital: { dashAsBsd: false, bsdDefaults: true, hRepeats: true },
  compaq: { dashAsBsd: false, bsdDefaults: true, hRepeats: true },
  hp: { dashAsBsd: false, bsdDefaults: false, unixX: 'args' },
  hpux: { dashAsBsd: false, bsdDefaults: false, unixX: 'args' },
  svr4: { dashAsBsd: false, bsdDefaults: false, unixX: 'y' },
  sysv: { dashAsBsd: false, bsdDefaults: false, unixX: 'y' },
  sco: { dashAsBsd: false, bsdDefaults: false, unixX: 'y' },
};

/** The personality as ps names it (`ps --info`: `from "..."`) and as the tables know it. */
export interface Personality {
  /** As given, or `unknown`. */
  name: string;
  /** Lower-cased; '' for none. */
  key: string;
}

/**
 * observed: $I_WANT_A_BROKEN_PS (even empty) means old; else a non-empty $PS_PERSONALITY, else a
 * non-empty $CMD_ENV, names it in any case. $_XPG starting with a digit 1-9 cancels irix and sgi.
 */
export function resolvePersonality(env: Record<string, string | undefined>): Personality {
  if (env.I_WANT_A_BROKEN_PS !== undefined) return { name: 'old', key: 'old' };
  const name = env.PS_PERSONALITY || env.CMD_ENV || '';
  if (name === '') return { name: 'unknown', key: '' };
  const key = name.toLowerCase();
  if ((key === 'irix' || key === 'sgi') && /^[1-9]/.test(env._XPG ?? '')) return { name, key: '' };
  return { name, key };
}

/** Walks argv; `next()` hands out the following argument to options that take one. */
class Cursor {
  i = 0;
  constructor(readonly argv: readonly string[]) {}
  next(): string | undefined {
    const value = this.argv[this.i + 1];
    if (value !== undefined) this.i++;
    return value;
  }
}

class Parser {
  readonly o = emptyOptions();
  #headingSeen = false;
  /** k, --sort or bsd's m was given: a second is "multiple sort options". */
  #sortSeen = false;
  /**
   * BSD O read as sort letters. observed: ps settles O after the whole line: a k or --sort
   * anywhere makes it a format (`ps O c k pid` adds C), and with a forest its P conflicts.
   */
  #oSort?: { arg: string; keys: SortKey[]; seq: number; formatBefore: boolean };
  #argc = 0;

  /** observed: -V, V and --version must stand alone, checked as soon as they are seen. */
  version(name: string): void {
    if (this.#argc > 1) throw new UsageError(`the option is exclusive: ${name}`);
    this.o.version = true;
  }
  /** Set when -o/o/--format/-O/O was seen: later -O is an error (observed). */
  #formatSeen = false;
  /**
   * observed: ps checks format and sort specifiers, then conflicting formats, after the whole
   * line (`ps -o foo -Q` and `ps u s -Q` blame -Q; `ps -o foo --sort=bar` blames foo).
   */
  #formatConflict = false;
  /**
   * observed: a bad format or sort specifier, a misplaced -O or --format and a second sort are
   * reported after the whole line, the first of them only (`ps -o pid -O pid k zzz` blames -O,
   * `ps k pid k pid --bogus` blames --bogus).
   */
  #deferred?: { seq: number; error: UsageError };
  /** Position among the format and sort options, for #deferred. */
  #seq = 0;

  #defer(error: UsageError, seq = this.#seq++): void {
    if (this.#deferred === undefined || seq < this.#deferred.seq) this.#deferred = { seq, error };
  }

  /** `parse(text)`, or [] when it fails: the first failure is reported after the whole line. */
  #specifiers<T>(parse: () => T[]): T[] {
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      this.#defer(err);
      return [];
    }
  }

  constructor(
    readonly lookups: Lookups,
    /** Parse `-abc` as the BSD letters `abc` (the personality's way, or ps's second try). */
    readonly dashAsBsd: boolean,
    /** This is ps's second try at a command line its UNIX reading refused (see parseArgs). */
    readonly retry = false,
  ) {}

  list(option: ListOption, arg: string | undefined): void {
    if (arg === undefined || arg === '') throw new UsageError(option.missing);
    this.o.selection.lists.push(parseList(option.kind, arg, this.lookups, this.o.selection.negate));
  }

  quick(arg: string | undefined, name: string): void {
    if (arg === undefined || arg === '') throw new UsageError(`List of process IDs must follow ${name}.`);
    const pids = parseList('pid', arg, this.lookups).values as number[];
    if (this.o.selection.quick) this.o.selection.quickRepeated = true;
    else this.o.selection.quick = pids;
  }

  heading(mode: 'none' | 'repeat'): void {
    if (this.#headingSeen) throw new UsageError('only one heading option may be specified');
    this.#headingSeen = true;
    this.o.headers = mode;
  }

  format(arg: string | undefined, missing: string): void {
    if (arg === undefined || arg === '') throw new UsageError(missing);
    if (this.o.bsdFormat !== undefined) this.#formatConflict = true;
    this.#formatSeen = true;
    const items = this.#specifiers(() => parseFormatList(arg, this.lookups.knownColumn));
    const first = items[0];
    const last = this.o.format?.at(-1);
    // observed: lists join as written after an AIX list (`-o %p -o s` prints `PIDS`); after
    // another list an AIX one keeps a blank before its first column (`-o s -o %p`).
    if (first && last?.aix && !first.aix) first.gap = 0;
    else if (first?.aix && last && !last.aix && first.prefix === undefined) first.gap = Math.max(1, first.gap ?? 0);
    this.o.format = [...(this.o.format ?? []), ...items];
  }

  preloaded(arg: string | undefined, name: string): void {
    if (arg === undefined || arg === '') throw new UsageError(`format or sort specification must follow ${name}`);
    if (this.#formatSeen) {
      // observed: its own list is then not looked at (`ps -o pid -O foo` blames the order).
      this.#defer(new UsageError(`option ${name} can not follow other format options`));
      return;
    }
    this.#formatSeen = true;
    this.o.preloaded = this.#specifiers(() => parseFormatList(arg, this.lookups.knownColumn));
  }

  sort(arg: string | undefined, missing: string): void {
    if (arg === undefined || arg === '') throw new UsageError(missing);
    if (this.#sortSeen) {
      this.#defer(new UsageError('multiple sort options'));
      return;
    }
    this.#sortSeen = true;
    this.o.sort.push(...this.#specifiers(() => parseSortList(arg, this.lookups.sortable)));
  }

  bsdFormat(letter: BsdFormat): void {
    // observed: the same format twice is fine (`ps u u`, bsd's `ps j -j`).
    if (this.o.bsdFormat === letter) return;
    if (this.o.bsdFormat !== undefined || this.o.format !== undefined || this.o.preloaded !== undefined)
      this.#formatConflict = true;
    else this.o.bsdFormat = letter;
  }

  threads(flag: 'L' | 'T' | 'm' | '-m' | 'H'): void {
    this.o.threadFlags.add(flag);
  }

  sysv(arg: string, c: Cursor): void {
    const s = this.o.selection;
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j] as string;
      const rest = (): string | undefined => {
        const inline = arg.slice(j + 1);
        j = arg.length;
        return inline !== '' ? inline : c.next();
      };
      const listOption = SYSV_LISTS[letter];
      if (listOption) {
        this.list(listOption, rest());
        continue;
      }
      switch (letter) {
        case 'A':
        case 'e':
          s.all = true;
          break;
        case 'a':
          s.ttyNotLeader = true;
          break;
        case 'd':
          s.notLeader = true;
          break;
        case 'N':
          s.negate = true;
          break;
        case 'f':
        case 'F':
        case 'l':
        case 'j':
        case 'y':
        case 'c':
        case 'P':
          this.o.sysv.add(letter as SysvLetter);
          break;
        case 'M':
        case 'Z':
          this.o.sysv.add('M');
          break;
        case 'H':
          this.o.hierarchy = true;
          break;
        case 'L':
        case 'T':
          this.threads(letter);
          break;
        case 'm':
          this.threads('-m');
          break;
        case 'w':
          this.o.wide++;
          break;
        case 'V':
          this.version('-V');
          break;
        case 'x': {
          const meaning = PERSONALITIES[this.o.personality]?.unixX;
          if (!meaning) throw new UsageError('must set personality to get -x option');
          if (meaning === 'y') this.o.sysv.add('y');
          else this.o.commandAsArgs = true;
          break;
        }
        case 'q':
          this.quick(rest(), '-q');
          break;
        case 'o':
          this.format(rest(), 'format specification must follow -o');
          break;
        case 'O':
          this.preloaded(rest(), '-O');
          break;
        // observed: -n (namelist in man ps) is an unsupported SysV option in 4.0.2, so a command
        // line holding it is read again as BSD (`ps -n -H` is `n H`).
        default:
          throw new UsageError('unsupported SysV option');
      }
    }
  }

  bsd(arg: string, start: number, c: Cursor): void {
    const s = this.o.selection;
    this.o.bsdSeen = true;
    if (start === 0 && /^[\d+]/.test(arg)) {
      this.idArguments(c);
      return;
    }
    // observed: the second try fails on a bare BSD argument (`-x x`, `-T f`, `-u x`: the first
    // error is reported); only `-abc` and what they take may be read anew.
    if (start === 0 && this.retry) throw new UsageError('garbage option');
    for (let j = start; j < arg.length; j++) {
      const letter = arg[j] as string;
      const rest = (): string | undefined => {
        const inline = arg.slice(j + 1);
        j = arg.length;
        return inline !== '' ? inline : c.next();
      };
      if (BSD_FORMATS.has(letter)) {
        this.bsdFormat(letter as BsdFormat);
        continue;
      }
      switch (letter) {
        case 'a':
          s.bsdAll = true;
          break;
        case 'x':
          s.bsdNoTty = true;
          break;
        case 'r':
          s.running = true;
          break;
        case 'T':
          s.thisTerminal = true;
          break;
        case 'g':
          // obsolete "all, even group leaders": accepted, changes nothing (man ps).
          break;
        case 'c':
          this.o.trueCommand = true;
          break;
        case 'e':
          this.o.showEnv = true;
          break;
        case 'f':
          this.o.forest = true;
          break;
        case 'h':
          this.heading(PERSONALITIES[this.o.personality]?.hRepeats ? 'repeat' : 'none');
          break;
        case 'n':
          this.o.numeric = true;
          break;
        case 'S':
          this.o.cumulative = true;
          break;
        case 'w':
          this.o.wide++;
          break;
        case 'Z':
          this.o.label = true;
          break;
        case 'V':
          // observed: BSD V and L must be the whole command line (`xV`, bsd's `-V` are refused).
          if (arg !== 'V') throw new UsageError('the option is exclusive: V');
          this.version('V');
          break;
        case 'L':
          if (this.#argc > 1 || arg !== 'L') throw new UsageError('the option is exclusive: L');
          this.o.listSpecifiers = true;
          break;
        case 'H':
          this.threads('H');
          break;
        case 'm':
          this.bsdM();
          break;
        case 'M':
          this.threads('m');
          break;
        case 'p':
          this.list(BSD_LISTS.p as ListOption, rest());
          break;
        case 'U':
          this.list(BSD_LISTS.U as ListOption, rest());
          break;
        case 't': {
          // observed: t without a list means this terminal; an empty argument is garbage.
          const list = rest();
          if (list === undefined) s.thisTerminal = true;
          else if (list === '') throw new UsageError('garbage option');
          else this.list(BSD_LISTS.t as ListOption, list);
          break;
        }
        case 'q':
          this.quick(rest(), 'q');
          break;
        case 'o':
          this.format(rest(), 'format specification must follow o');
          break;
        case 'O':
          this.bsdO(rest());
          break;
        case 'k':
          this.sort(rest(), "long sort specification must follow 'k'");
          break;
        case 'W':
          throw new UsageError('obsolete W option not supported (you have a /dev/drum?)');
        case '-':
          throw new UsageError("embedded '-' among BSD options makes no sense");
        default:
          if (letter >= '0' && letter <= '9') break;
          throw new UsageError('unsupported option (BSD syntax)');
      }
    }
  }

  /** `ps 123`, `ps -123`, `ps +123`: this argument and every one after it (lists.ts). */
  idArguments(c: Cursor): void {
    this.o.bsdSeen = true;
    this.o.selection.lists.push(...parseIdArguments(c.argv.slice(c.i)));
    c.i = c.argv.length - 1;
  }

  /**
   * BSD m (observed): a sort by RSS under bsd; the memory format (MAJFLT ... DT) under old, gnu,
   * debian and in ps's second try whatever the personality (`ps -xm`, `ps -m --forest`); else,
   * as M, threads after their process.
   */
  bsdM(): void {
    const meaning = PERSONALITIES[this.o.personality]?.m ?? (this.retry ? 'memoryFormat' : undefined);
    if (meaning === 'memorySort') {
      if (this.#sortSeen) {
        this.#defer(new UsageError('multiple sort options'));
        return;
      }
      this.#sortSeen = true;
      this.o.sort.push({ key: 'rss', descending: false });
    } else if (meaning === 'memoryFormat') this.bsdFormat('m');
    else this.threads('m');
  }

  /**
   * BSD O: BSD sort letters, else a format (like -O) when it is the first format option; after a
   * sort, only a format. observed: `O c`, `O cp` and `O s` sort (all three are format keys as
   * well), `k pid O c` adds the column; `O tt` is a format.
   */
  bsdO(arg: string | undefined): void {
    if (arg === undefined || arg === '') throw new UsageError('format or sort specification must follow O');
    const seq = this.#seq++;
    const formatBefore = this.#formatSeen;
    const sortTaken = this.#sortSeen || this.#oSort !== undefined;
    const keys = sortTaken ? undefined : parseSortLetters(arg, this.lookups.sortable);
    if (keys === undefined) {
      this.#bsdOFormat(arg, seq, formatBefore, sortTaken ? 'multiple sort options' : 'bad sorting code');
      return;
    }
    this.#oSort = { arg, keys, seq, formatBefore };
    this.o.sort.push(...keys);
  }

  /** O as a format, else `sortError` (or, after another format, "neither"), in its place. */
  #bsdOFormat(arg: string, seq: number, formatBefore: boolean, sortError: string): void {
    if (!formatBefore) {
      try {
        this.o.preloaded = parseFormatList(arg, this.lookups.knownColumn);
        this.#formatSeen = true;
        this.o.preloadedBsd = true;
        return;
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
      }
    }
    this.#defer(new UsageError(formatBefore ? 'option O is neither first format nor sort order' : sortError), seq);
  }

  /** Settles an O read as sort letters, once the whole line is known (see #oSort). */
  #settleBsdO(): void {
    const o = this.#oSort;
    if (!o) return;
    const conflict = this.#sortSeen
      ? 'multiple sort options'
      : (this.o.forest || this.o.hierarchy) && o.arg.includes('P')
        ? 'PPID sort and forest output conflict'
        : undefined;
    if (!conflict) return;
    this.o.sort = this.o.sort.filter((k) => !o.keys.includes(k));
    this.#bsdOFormat(o.arg, o.seq, o.formatBefore, conflict);
  }

  gnu(arg: string, c: Cursor): void {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const flagName = GNU_FLAGS[name];
    if (eq >= 0 && flagName !== undefined) {
      if (name === 'version' || name === 'info') throw new UsageError(`the option is exclusive: --${name}`);
      throw new UsageError(`option --${flagName} does not take an argument`);
    }
    const value = (): string | undefined => (eq < 0 ? c.next() : arg.slice(eq + 1));
    const listOption = GNU_LISTS[name];
    if (listOption) {
      this.list(listOption, value());
      return;
    }
    switch (name) {
      case 'quick-pid':
        this.quick(value(), '--quick-pid');
        return;
      case 'deselect':
        this.o.selection.negate = true;
        return;
      case 'format':
        this.format(value(), 'format specification must follow --format');
        return;
      case 'sort':
        this.sort(value(), 'long sort specification must follow --sort');
        return;
      case 'forest':
        this.o.forest = true;
        return;
      case 'headers':
        this.heading('repeat');
        return;
      case 'no-headers':
      case 'no-header':
      case 'no-heading':
        this.heading('none');
        return;
      case 'cols':
      case 'columns':
      case 'width':
        this.o.columns = this.number(value(), 'number of columns must follow --cols, --width, or --columns', 2e9);
        return;
      case 'lines':
      case 'rows':
        this.o.lines = this.number(value(), 'number of rows must follow --rows or --lines');
        return;
      case 'cumulative':
        this.o.cumulative = true;
        return;
      case 'context':
        this.o.context = true;
        return;
      case 'help': {
        // observed: the section is the next argument when there is one.
        this.o.help = (eq < 0 ? c.next() : arg.slice(eq + 1)) ?? '';
        return;
      }
      case 'version':
        this.version('--version');
        return;
      case 'info':
        // observed: refused as soon as it is read when anything else is on the line (`ps --info
        // --bogus` blames --info, `ps --bogus --info` blames --bogus).
        if (this.#argc > 1) throw new UsageError('the option is exclusive: --info');
        this.o.info = true;
        return;
      default:
        throw new UsageError('unknown gnu long option');
    }
  }

  /** A positive count below `limit` (observed: `--cols 0` and `--cols 2000000000` are refused). */
  number(arg: string | undefined, missing: string, limit = Number.MAX_SAFE_INTEGER): number {
    if (arg === undefined || !/^\d+$/.test(arg)) throw new UsageError(missing);
    const n = Number(arg);
    if (n < 1 || n >= limit) throw new UsageError(missing);
    return n;
  }

  run(argv: readonly string[]): Options {
    this.#argc = argv.length;
    const c = new Cursor(argv);
    for (; c.i < argv.length; c.i++) {
      const arg = argv[c.i] as string;
      if (arg.startsWith('--')) {
        if (arg === '--') throw new UsageError('garbage option');
        this.gnu(arg, c);
      } else if (arg.startsWith('-')) {
        // observed: `-#`, `-,` are garbage in either syntax; `-a#` is an unsupported option.
        if (!/^-[A-Za-z0-9]/.test(arg)) throw new UsageError('garbage option');
        if (/^-\d/.test(arg)) this.idArguments(c);
        else if (this.dashAsBsd) this.bsd(arg, 1, c);
        else this.sysv(arg, c);
      } else if (arg === '') {
        throw new UsageError('garbage option');
      } else {
        this.bsd(arg, 0, c);
      }
      // observed: --help prints as soon as it is read, whatever follows or was deferred
      // (`ps -o zzz --help`, `ps -q 1 -q 2 --help`).
      if (this.o.help !== undefined) return this.o;
    }
    this.#settleBsdO();
    // observed: the thread flags are checked before everything found along the line
    // (`ps -o zzz -L -T` and `ps -f -o pid x -L -T` blame -L/-T).
    checkThreads(this.o);
    if (this.#deferred) throw this.#deferred.error;
    if (this.#formatConflict) throw new UsageError('conflicting format options');
    return this.o;
  }
}

/** How many times ps read the command line: it says some things once per reading (screen.ts). */
export interface Readings {
  count: number;
}

/**
 * Parses ps's mixed UNIX/BSD/GNU syntax. When the UNIX reading fails, ps tries again with every
 * `-abc` read as the BSD letters `abc` (that is how `ps -aux` and `ps -xu` work) and reports the
 * first error only when the second reading fails too (observed). `personality` is a
 * resolvePersonality() key.
 */
export function parseArgs(
  argv: readonly string[],
  lookups: Lookups,
  personality = '',
  readings: Readings = { count: 0 },
): Options {
  const name = personality.toLowerCase();
  const p = PERSONALITIES[name];
  const parser = (retry: boolean): Parser => {
    const parsed = new Parser(lookups, retry || (p?.dashAsBsd ?? false), retry);
    parsed.o.personality = name;
    if (p?.bsdDefaults) parsed.o.bsdSeen = true;
    return parsed;
  };
  const reading = (retry: boolean): Options => {
    const o = parser(retry).run(argv);
    if (o.help === undefined) validate(o);
    return o;
  };
  // observed (its warnings): ps reads twice when the personality reads `-abc` as BSD.
  readings.count = p?.dashAsBsd ? 2 : 1;
  let options: Options;
  try {
    options = reading(false);
  } catch (first) {
    // observed: the checks on the whole line are part of each reading (`-T -H` is BSD `T H`).
    if (!(first instanceof UsageError)) throw first;
    readings.count = 2;
    try {
      options = reading(true);
    } catch (second) {
      // observed: the -q complaints end ps on the spot, in either reading (`ps -f -o pid -q 1` is
      // read again as `f o pid q 1`, whose forest -q refuses).
      if (!(second instanceof UsageError)) throw second;
      throw first;
    }
  }
  // observed: this one follows the reading that succeeded (`ps -a x` is not read again as `a x`).
  const s = options.selection;
  if (options.help === undefined && (s.ttyNotLeader || s.notLeader) && (s.bsdAll || s.bsdNoTty))
    throw new UsageError('process selection options conflict');
  return options;
}

/**
 * The first checks ps makes once the line is read: threads beside a tree, then the thread flags
 * among themselves (observed: `ps -L -T --forest` blames the forest).
 */
function checkThreads(o: Options): void {
  const t = o.threadFlags;
  if (t.size > 0 && (o.forest || o.hierarchy)) throw new UsageError('thread display conflicts with forest display');
  if (t.has('L') && t.has('T')) throw new UsageError("thread flags conflict; can't use both -L and -T");
  if (t.has('H') && (t.has('m') || t.has('-m')))
    throw new UsageError("thread flags conflict; can't use H with m or -m");
  if (t.has('m') && t.has('-m')) throw new UsageError("thread flags conflict; can't use both m and -m");
  // m/-m list threads after their process; -L, -T and H list threads as processes.
  if (t.has('m') || t.has('-m')) o.threads = 'm';
  else if (t.has('L')) o.threads = 'L';
  else if (t.has('T')) o.threads = 'T';
  else if (t.has('H')) o.threads = 'H';
}

/** The other checks that need the whole command line, after the parser's own (see run()). */
function validate(o: Options): void {
  /** -o/o/--format, or -O/O as a format. */
  const userFormat = o.format !== undefined || o.preloaded !== undefined;
  if (userFormat || o.context) {
    if (o.bsdFormat !== undefined) throw new UsageError('conflicting format options');
  }
  if (o.context && (userFormat || o.sysv.has('f') || o.sysv.has('l') || o.sysv.has('F')))
    throw new UsageError('conflicting format options');
  if (userFormat) {
    const v = o.sysv;
    // observed: -M/-Z, -j, -y, -P, -c and BSD Z only modify a standard format; -f, -l and -F
    // conflict with any user format. (ps then reads the line again: `-M -o pid` is BSD `M o pid`,
    // threads; `-f -o pid` is `f o pid`, a forest; `-c -o pid` is `c o pid`, with BSD's default
    // selection.)
    const modifier = v.has('j') || v.has('y') || v.has('P') || v.has('M') || o.label || v.has('c');
    // observed: where -j is a format of its own, it conflicts too (`PS_PERSONALITY=gnu ps -j -o pid`).
    if (v.has('f') || v.has('l') || v.has('F') || (v.has('j') && ownJFormat(o)))
      throw new UsageError('conflicting format options');
    if (modifier) throw new UsageError('can not use output modifiers with user-defined output');
  }
  // observed: a BSD format takes -y as well (BSD l loses F, the others nothing).
  const formatted = o.format !== undefined || o.context || o.bsdFormat !== undefined || ownSysvFormat(o);
  if (o.sysv.has('y') && !o.sysv.has('l') && !formatted)
    throw new UsageError('modifier -y without format -l makes no sense');
  // observed: before -c's missing PRI (`ps -f -c j`).
  if (o.bsdFormat !== undefined && (o.sysv.has('f') || o.sysv.has('l') || o.sysv.has('F')))
    throw new UsageError('conflicting format options');
  checkPersonalityFormat(o);
  const t = o.threadFlags;
  // observed: after the format errors (`ps -o pid -L -m -f` blames -f), before -q's.
  if ((t.has('L') || t.has('T')) && (t.has('H') || t.has('m') || t.has('-m')) && userFormat)
    throw new UsageError('-L/-T with H/m/-m and -o/-O/o/O is nonsense');
  const s = o.selection;
  // observed: -q is checked after every format error (`ps -q 1 -q 2 -j -o pid` blames -j).
  if (s.quick) {
    if (s.quickRepeated) throw new PlainError('q/-q/--quick-pid can only be used once.');
    // observed: -e, -A, -a, -d, BSD a and x are accepted beside -q, and ignored.
    if (s.lists.length > 0 || s.thisTerminal)
      throw new PlainError('q/-q/--quick-pid cannot be combined with other selection options.');
    // observed order: a tree, then a sort, then -N (`ps -q 1 -N k pid --forest` blames the tree).
    if (o.forest || o.hierarchy)
      throw new PlainError('q/-q/--quick-pid cannot be used together with forest type listings.');
    if (o.sort.length > 0) throw new PlainError('q/-q,--quick-pid cannot be used together with sort options.');
    if (s.negate) throw new PlainError('q/-q/--quick-pid cannot be used together with negation switches.');
  }
}
