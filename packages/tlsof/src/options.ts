// lsof's command line, read with core's getopt: `-` and `+` clusters (+d, +L, +c...), no long
// options, options end at the first name. lsof 4.95's optional arguments (observed): an option
// that ends its cluster takes the next word as its argument when that word does not start with
// `-` or `+` (-F, -g, -i, -K, -s, -T, -x, ±f), or, for the numeric ones (-o, ±L, ±r, -S, +c),
// when it starts with a digit; what the option leaves of the word is read as more options
// (`-S 3x` is -S 3 then -x).
import { type EreMatcher, getopt, lsofEscape } from '@tproc/core';
import { addressKey } from './net-names.ts';

export type Sign = '-' | '+';

/** A comma-separated set with `^` exclusions (-p, -g, -u). */
export interface IdSet {
  include: number[];
  exclude: number[];
}

export interface CommandSelection {
  /** Prefix match on the command name (first 15 bytes, as the kernel keeps it). */
  prefix?: string;
  regex?: EreMatcher;
  /** The regular expression as written between the slashes. */
  regexSource?: string;
  /** As written, for -V and error messages. */
  text: string;
  exclude: boolean;
}

export interface FdSelection {
  names: Set<string>;
  ranges: [number, number][];
  exclude: boolean;
}

export interface InetSelection {
  text: string;
  version?: 4 | 6;
  protocol?: 'TCP' | 'UDP' | 'UDPLITE';
  /** Host addresses (bytes joined by '.') any of which must match, or undefined. */
  addresses?: Set<string>;
  /** Host name as given (for -V). */
  host?: string;
  ports?: { low: number; high: number }[];
}

export interface StateSelection {
  protocol: 'TCP' | 'UDP';
  include: Set<string>;
  exclude: Set<string>;
}

export interface Options {
  and: boolean;
  avoidBlocking: boolean;
  commands: CommandSelection[];
  commandWidth: number;
  fds?: FdSelection;
  dirs: { path: string; recursive: boolean }[];
  endpoints: 'none' | 'info' | 'files';
  /** -f / +f alone: names are plain files (-f) or file systems (+f). */
  namesAs: 'auto' | 'file' | 'filesystem';
  fileFlags?: 'names' | 'hex';
  /** -F letters (in order), undefined when -F is not given. */
  fields?: string;
  nul: boolean;
  fieldHelp: boolean;
  pgids: IdSet;
  showPgid: boolean;
  /** -i given; its selections (empty list: every Internet file). */
  inet?: InetSelection[];
  /**
   * The version a bare -i selects every Internet file of, and that an address given after it is
   * restricted to (observed: a bare -i resets to both; -i4 then -i6 is both; -i then -i6 is 6).
   */
  inetVersion?: 4 | 6;
  /** A -i4 or -i6 came since the last bare -i. */
  inetVersionSeen?: boolean;
  /** An -i without an address came (-i, -i4, -i6): it, not the addresses, says `no Internet files located`. */
  inetBare?: boolean;
  tasks: boolean;
  ignoreTasks: boolean;
  numericUids: boolean;
  /** +L: show link counts; with a number, select files with fewer links. */
  links: boolean;
  linksBelow?: number;
  numericHosts: boolean;
  nfs: boolean;
  showOffset: boolean;
  offsetDigits: number;
  pids: IdSet;
  numericPorts: boolean;
  quiet: boolean;
  repeat?: { sign: Sign; seconds: number; count?: number; marker?: string };
  showPpid: boolean;
  showSize: boolean;
  states: StateSelection[];
  statTimeout: number;
  /**
   * TCP/TPI items after socket names: `enabled` adds the space and parentheses (off with a bare
   * -T), then the state and queue lengths as selected (-Ts, -Tq; default -Ts, -F T gives both).
   */
  tcpInfo: { enabled: boolean; state: boolean; queues: boolean; flags: boolean };
  terse: boolean;
  users: { include: { uid: number; text: string }[]; exclude: number[] };
  unix: boolean;
  verbose: boolean;
  warnings: boolean;
  crossover?: { filesystems: boolean; links: boolean };
  skipInet: boolean;
  exempt: { path: string; readlink: boolean }[];
  help: boolean;
  version: boolean;
  /** -J (one JSON object) or -j (JSON Lines): lsof 4.99.7's forms, beside 4.95's. */
  json?: 'object' | 'lines';
  names: string[];
}

export type Parsed = { ok: true; options: Options; messages: string[] } | { ok: false; messages: string[] };

/** What the scanner needs to know of each option letter. */
type Take = 'none' | 'required' | 'word' | 'digits';
const TAKE: Record<string, Take> = {
  '?': 'none',
  a: 'none',
  b: 'none',
  c: 'required',
  d: 'required',
  D: 'required',
  e: 'required',
  E: 'none',
  f: 'word',
  F: 'word',
  g: 'word',
  h: 'none',
  i: 'word',
  j: 'none',
  J: 'none',
  K: 'word',
  l: 'none',
  L: 'digits',
  m: 'word',
  M: 'none',
  n: 'none',
  N: 'none',
  o: 'digits',
  O: 'none',
  p: 'required',
  P: 'none',
  Q: 'none',
  r: 'digits',
  R: 'none',
  s: 'word',
  S: 'digits',
  t: 'none',
  T: 'word',
  u: 'required',
  U: 'none',
  v: 'none',
  V: 'none',
  w: 'none',
  x: 'word',
  X: 'none',
  Z: 'word',
};

const SPEC = Object.entries(TAKE)
  .map(([c, t]) => (t === 'none' ? c : t === 'required' ? `${c}:` : `${c}::`))
  .join('');

/** -F letters lsof 4.95 accepts (observed; some print nothing on Linux: C F N S z Z). */
export const FIELD_LETTERS = 'acCdDfFgGiklKLmMnNopPrRsStTuzZ0';

/**
 * What -F (or -F0) alone prints: every field but r. It does not force offsets as an explicit o
 * does: each file shows its size or its offset, as the columns do (observed).
 */
export const ALL_FIELDS = 'acdDfGiklKLmMnopgPRsStTu';
const ALL_FIELDS_IMPLY = 'T';

export function defaultOptions(): Options {
  return {
    and: false,
    avoidBlocking: false,
    commands: [],
    commandWidth: 9,
    dirs: [],
    endpoints: 'none',
    namesAs: 'auto',
    nul: false,
    fieldHelp: false,
    pgids: { include: [], exclude: [] },
    showPgid: false,
    tasks: false,
    ignoreTasks: false,
    numericUids: false,
    links: false,
    numericHosts: false,
    nfs: false,
    showOffset: false,
    offsetDigits: 8,
    pids: { include: [], exclude: [] },
    numericPorts: false,
    quiet: false,
    showPpid: false,
    showSize: false,
    states: [],
    statTimeout: 15,
    tcpInfo: { enabled: true, state: true, queues: false, flags: false },
    terse: false,
    users: { include: [], exclude: [] },
    unix: false,
    verbose: false,
    warnings: true,
    skipInet: false,
    exempt: [],
    help: false,
    version: false,
    names: [],
  };
}

export interface ParseContext {
  /** Login name to uid (passwd). */
  uidOf(name: string): number | undefined;
  /** A compiled ERE, or the regcomp error text. */
  compileRegex(source: string, flags: { ignoreCase: boolean; basic: boolean }): EreMatcher | string;
  /** Service name to port, for -i. */
  servicePort(name: string, protocol: string): number | undefined;
  /** Host name to addresses (bytes joined by '.'), for -i @host. */
  hostAddresses(name: string): string[];
  /** The kernel's command name length (15). */
  commandMax: number;
}

class Scan {
  readonly options = defaultOptions();
  readonly messages: string[] = [];
  failed = false;

  error(text: string): void {
    this.messages.push(text);
    this.failed = true;
  }
  warn(text: string): void {
    this.messages.push(text);
  }
}

/** Leading digits of `text` and what follows them. */
function digits(text: string): [string, string] {
  const m = /^\d*/.exec(text)![0];
  return [m, text.slice(m.length)];
}

export function parseOptions(argv: readonly string[], ctx: ParseContext): Parsed {
  const scan = new Scan();
  const o = scan.options;
  // lsof stops at the first operand (a leading `+` in the spec) and has no long options.
  const events = getopt(argv, { shorts: `+${SPEC}`, plusPrefix: true });
  for (const event of events) {
    if (event.type === 'operand') {
      o.names.push(event.value);
      continue;
    }
    if (event.type === 'invalid') {
      scan.error(`illegal option character: ${event.char}`);
      continue;
    }
    if (event.type === 'missing') {
      missing(scan, event.key, event.plus ? '+' : '-');
      continue;
    }
    if (event.type !== 'option') continue;
    const sign: Sign = event.plus ? '+' : '-';
    const key = event.key;
    let arg = event.arg;
    const take = TAKE[key];
    if (arg === undefined && (take === 'word' || take === 'digits')) {
      const next = events.next();
      if (
        next !== undefined &&
        (take === 'word' ? next !== '' && next[0] !== '-' && next[0] !== '+' : /^\d/.test(next))
      ) {
        arg = events.take();
      }
    }
    const rest = apply(scan, ctx, key, sign, arg);
    if (rest) events.resume(rest);
  }
  finish(scan);
  if (scan.failed) return { ok: false, messages: scan.messages };
  return { ok: true, options: o, messages: scan.messages };
}

/** Words of lsof 4.95 for an option missing its argument (observed). */
function missing(scan: Scan, key: string, sign: Sign): void {
  const words: Record<string, string> = {
    p: 'no process ID specified',
    c: sign === '+' ? '+c not followed by width number' : 'missing -c option value',
    d: sign === '+' ? '+d not followed by a directory path' : 'no file descriptor specified',
    // observed: +D and +e borrow +d's and -e's words.
    D: sign === '+' ? '+d not followed by a directory path' : 'unsupported option: -D',
    e: '-e not followed by a file system path: "(null)"',
    u: 'no UIDs specified',
  };
  scan.error(words[key] ?? `missing ${sign}${key} option value`);
}

/** Applies one option; returns what it leaves of its argument, to be read as more options. */
function apply(scan: Scan, ctx: ParseContext, key: string, sign: Sign, arg: string | undefined): string | undefined {
  const o = scan.options;
  switch (key) {
    case '?':
    case 'h':
      o.help = true;
      return;
    case 'a':
      o.and = true;
      return;
    case 'b':
      o.avoidBlocking = true;
      return;
    case 'c':
      if (sign === '+') return commandWidth(scan, ctx, arg ?? '');
      commandSelection(scan, ctx, arg ?? '');
      return;
    case 'd':
      if (sign === '+') o.dirs.push({ path: arg ?? '', recursive: false });
      else fdSelection(scan, arg ?? '');
      return;
    case 'D':
      if (sign === '+') o.dirs.push({ path: arg ?? '', recursive: true });
      else scan.error('unsupported option: -D');
      return;
    case 'e':
      o.exempt.push({ path: arg ?? '', readlink: sign === '+' });
      return;
    case 'E':
      o.endpoints = sign === '+' ? 'files' : 'info';
      return;
    case 'f':
      return fileFlags(scan, sign, arg);
    case 'F':
      return fieldSelection(scan, arg);
    case 'g':
      o.showPgid = true;
      if (arg !== undefined) idSet(scan, arg, o.pgids, 'process group ID');
      return;
    case 'i':
      inetSelection(scan, ctx, arg);
      return;
    case 'J':
    case 'j': {
      const json = key === 'J' ? 'object' : 'lines';
      if (o.json !== undefined && o.json !== json) scan.error('-J and -j are mutually exclusive');
      o.json = json;
      return;
    }
    case 'K':
      if (arg === undefined) o.tasks = true;
      else if (arg === 'i') o.ignoreTasks = true;
      else if (arg.startsWith('i')) {
        o.ignoreTasks = true;
        return arg.slice(1);
      } else scan.error(`-K not followed by i (but by ${arg})`);
      return;
    case 'l':
      o.numericUids = true;
      return;
    case 'L': {
      const [n, rest] = digits(arg ?? '');
      if (sign === '-') {
        o.links = false;
        if (n !== '') scan.error('no number may follow -L');
        return rest || undefined;
      }
      o.links = true;
      if (n !== '') o.linksBelow = Number(n);
      return rest || undefined;
    }
    case 'm':
      if (sign === '-') scan.error('-m not supported');
      return;
    case 'M':
      return;
    case 'n':
      o.numericHosts = true;
      return;
    case 'N':
      o.nfs = true;
      return;
    case 'o': {
      const [n, rest] = digits(arg ?? '');
      if (n === '') o.showOffset = true;
      else o.offsetDigits = Number(n);
      return rest || undefined;
    }
    case 'O':
      return;
    case 'p':
      idSet(scan, arg ?? '', o.pids, 'process ID');
      return;
    case 'P':
      o.numericPorts = true;
      return;
    case 'Q':
      o.quiet = true;
      return;
    case 'r':
      return repeat(scan, sign, arg);
    case 'R':
      o.showPpid = true;
      return;
    case 's':
      if (arg === undefined) o.showSize = true;
      else stateSelection(scan, arg);
      return;
    case 'S': {
      const [n, rest] = digits(arg ?? '');
      if (n !== '') {
        let t = Number(n);
        if (t < 2) {
          scan.warn(`WARNING: -S time (${n}) changed to 2`);
          t = 2;
        }
        o.statTimeout = t;
      }
      return rest || undefined;
    }
    case 't':
      o.terse = true;
      o.warnings = false;
      return;
    case 'T':
      if (arg === undefined) {
        o.tcpInfo = { enabled: false, state: false, queues: false, flags: false };
        return;
      }
      o.tcpInfo = { enabled: true, state: false, queues: false, flags: false };
      for (const c of arg) {
        if (c === 's') o.tcpInfo.state = true;
        else if (c === 'q') o.tcpInfo.queues = true;
        else if (c === 'f') o.tcpInfo.flags = true;
        else scan.error(`unsupported TCP/TPI info selection: ${c}`);
      }
      return;
    case 'u':
      userSet(scan, ctx, arg ?? '');
      return;
    case 'U':
      o.unix = true;
      return;
    case 'v':
      o.version = true;
      return;
    case 'V':
      o.verbose = true;
      return;
    case 'w':
      o.warnings = sign === '+';
      return;
    case 'x':
      if (arg === undefined) o.crossover = { filesystems: true, links: true };
      else {
        o.crossover = { filesystems: false, links: false };
        for (const c of arg) {
          if (c === 'f') o.crossover.filesystems = true;
          else if (c === 'l') o.crossover.links = true;
          else scan.error(`unknown cross-over option: ${c}`);
        }
      }
      return;
    case 'X':
      o.skipInet = true;
      return;
    case 'Z':
      scan.error('-Z limited to SELinux');
      return;
  }
  return;
}

function finish(scan: Scan): void {
  const o = scan.options;
  if (o.crossover && o.dirs.length === 0) scan.error('-x must accompany +d or +D');
  if (o.showOffset && o.showSize) scan.error('-o and -s are mutually exclusive');
  if (o.skipInet && o.inet !== undefined) scan.error('-i is useless when -X is specified.');
  if (o.json !== undefined && o.terse) scan.error(`-${o.json === 'object' ? 'J' : 'j'} and -t are mutually exclusive`);
}

function commandWidth(scan: Scan, ctx: ParseContext, arg: string): string | undefined {
  const [n, rest] = digits(arg);
  if (n === '') {
    scan.error('+c not followed by width number');
    return;
  }
  const width = Number(n);
  if (width > ctx.commandMax) {
    scan.error(`+c ${n} > what system provides (${ctx.commandMax})`);
    return;
  }
  scan.options.commandWidth = width === 0 ? 0 : Math.max(width, 'COMMAND'.length);
  return rest || undefined;
}

function commandSelection(scan: Scan, ctx: ParseContext, arg: string): void {
  let text = arg;
  const exclude = text.startsWith('^');
  if (exclude) text = text.slice(1);
  const length = Buffer.byteLength(text);
  if (!text.startsWith('/') && length > ctx.commandMax) {
    scan.error(`"-c ${text}" length (${length}) > what system provides (${ctx.commandMax})`);
    return;
  }
  if (text.length > 1 && text.startsWith('/')) {
    const close = text.lastIndexOf('/');
    if (close > 0) {
      const body = text.slice(1, close);
      const modifiers = text.slice(close + 1);
      let ignoreCase = false;
      let basic = false;
      let extended = false;
      for (const m of modifiers) {
        if (m === 'i') ignoreCase = true;
        else if (m === 'b') basic = true;
        else if (m === 'x') extended = true;
        else {
          scan.error(`invalid regexp modifier: ${m}`);
          return;
        }
      }
      if (basic && extended) {
        scan.error(`b and x regexp modifiers conflict: ${text}`);
        return;
      }
      const regex = ctx.compileRegex(body, { ignoreCase, basic });
      if (typeof regex === 'string') {
        scan.error(`regexp error: ${lsofEscape(Buffer.from(arg, 'utf8'))}: ${regex}`);
        return;
      }
      scan.options.commands.push({ regex, regexSource: body, text: arg, exclude });
      return;
    }
  }
  const clash = scan.options.commands.find((c) => c.prefix === text && c.exclude !== exclude);
  if (clash) {
    scan.error(`-c^${text} and -c${text} conflict.`);
    return;
  }
  scan.options.commands.push({ prefix: text, text: arg, exclude });
}

/** -p and -g sets: decimal numbers, `^` exclusions; an empty item before a comma is 0 (observed). */
function idSet(scan: Scan, arg: string, set: IdSet, what: 'process ID' | 'process group ID'): void {
  const items = arg.split(',');
  if (items.length > 1 && items.at(-1) === '') items.pop();
  const include: number[] = [];
  const exclude: number[] = [];
  for (const item of items) {
    const m = /^(\^?)(\d*)$/.exec(item);
    if (!m) {
      scan.error(`illegal ${what}: ${arg}`);
      return;
    }
    const n = m[2] === '' ? 0 : Number(m[2]);
    (m[1] ? exclude : include).push(n);
  }
  for (const n of include) {
    if (exclude.includes(n) || set.exclude.includes(n)) {
      scan.error(`${what === 'process ID' ? 'PID' : 'PGID'} ${n} has been included and excluded.`);
      return;
    }
  }
  for (const n of exclude) {
    if (set.include.includes(n)) {
      scan.error(`${what === 'process ID' ? 'PID' : 'PGID'} ${n} has been included and excluded.`);
      return;
    }
  }
  set.include.push(...include);
  set.exclude.push(...exclude);
}

function userSet(scan: Scan, ctx: ParseContext, arg: string): void {
  const o = scan.options;
  for (const raw of arg.split(',')) {
    if (raw === '') continue;
    const exclude = raw.startsWith('^');
    const text = exclude ? raw.slice(1) : raw;
    let uid: number | undefined;
    if (/^\d+$/.test(text)) uid = Number(text);
    else uid = ctx.uidOf(text);
    if (uid === undefined) {
      scan.error(`can't get UID for ${text}`);
      continue;
    }
    if (exclude) o.users.exclude.push(uid);
    else o.users.include.push({ uid, text });
  }
}

function fdSelection(scan: Scan, arg: string): void {
  const o = scan.options;
  const set: FdSelection = o.fds ?? { names: new Set(), ranges: [], exclude: false };
  let sawExclude = false;
  let sawInclude = false;
  for (const raw of arg.split(',')) {
    if (raw === '') continue;
    const exclude = raw.startsWith('^');
    const item = exclude ? raw.slice(1) : raw;
    if (exclude) sawExclude = true;
    else sawInclude = true;
    if (sawExclude && !exclude && (o.fds === undefined ? true : o.fds.exclude)) {
      scan.error(`include in an exclude -d list: ${item}`);
      return;
    }
    if (sawInclude && exclude) {
      scan.error(`exclude in an include -d list: ${raw}`);
      return;
    }
    const dash = item.indexOf('-');
    if (dash > 0 || (dash === 0 && item.length > 1)) {
      const low = item.slice(0, dash);
      const high = item.slice(dash + 1);
      if (!/^\d+$/.test(low) || !/^\d+$/.test(high)) {
        scan.error(`non-digit in -d FD range: ${raw}`);
        return;
      }
      if (Number(low) >= Number(high)) {
        scan.error(`-d FD range's low >= its high: ${raw}`);
        return;
      }
      set.ranges.push([Number(low), Number(high)]);
    } else if (/^\d+$/.test(item)) {
      set.ranges.push([Number(item), Number(item)]);
    } else {
      set.names.add(item);
    }
    set.exclude = exclude;
  }
  o.fds = set;
}

function fileFlags(scan: Scan, sign: Sign, arg: string | undefined): string | undefined {
  const o = scan.options;
  if (arg === undefined) {
    o.namesAs = sign === '+' ? 'filesystem' : 'file';
    return;
  }
  for (const c of arg) {
    if (c === 'g') o.fileFlags = sign === '+' ? 'names' : undefined;
    else if (c === 'G') o.fileFlags = sign === '+' ? 'hex' : undefined;
    // observed: c, f and n (not on Linux, man 8 lsof) are unknown too.
    else scan.error(`unknown file struct option: ${c}`);
  }
  return;
}

/** -F letters that also turn on what they show (man 8 lsof: `-FR` selects the PPID). */
function fieldImplies(o: Options, letters: string): void {
  if (letters.includes('o')) o.showOffset = true;
  // -F G prints hex flags unless a later +fg asks for names (observed: -F fG +fg vs +fg -F fG).
  if (letters.includes('G')) o.fileFlags = 'hex';
  if (letters.includes('T')) o.tcpInfo = { enabled: true, state: true, queues: true, flags: false };
}

function fieldSelection(scan: Scan, arg: string | undefined): string | undefined {
  const o = scan.options;
  if (arg === undefined || arg === '') {
    o.fields = ALL_FIELDS;
    fieldImplies(o, ALL_FIELDS_IMPLY);
    return;
  }
  if (arg === '?') {
    o.fieldHelp = true;
    return;
  }
  let letters = '';
  for (const c of arg) {
    if (c === '0') {
      o.nul = true;
      continue;
    }
    if (c === '?') {
      o.fieldHelp = true;
      continue;
    }
    if (!FIELD_LETTERS.includes(c)) {
      scan.error(`unknown field: ${c}`);
      return;
    }
    letters += c;
  }
  // -F0 alone is every field with NUL terminators (man 8 lsof).
  o.fields = (o.fields ?? '') + (letters === '' ? ALL_FIELDS : letters);
  fieldImplies(o, letters === '' ? ALL_FIELDS_IMPLY : letters);
  return;
}

/** ±r [t[c<N>][m<fmt>]], attached or as the next word (when it starts with a digit). */
function repeat(scan: Scan, sign: Sign, arg: string | undefined): string | undefined {
  const o = scan.options;
  const [n, after] = digits(arg ?? '');
  const spec: NonNullable<Options['repeat']> = { sign, seconds: n === '' ? 15 : Number(n) };
  let rest = after;
  const count = /^c(\d+)/.exec(rest);
  if (count) {
    spec.count = Number(count[1]);
    rest = rest.slice(count[0].length);
  }
  if (rest.startsWith('m')) {
    spec.marker = rest.slice(1);
    rest = '';
    if (spec.marker === '') {
      scan.error('illegal <fmt>: ""');
      return;
    }
  }
  o.repeat = spec;
  return rest || undefined;
}

// observed: the TCP state names lsof 4.95 accepts (any case); CLOSED is CLOSE. It knows no UDP ones.
const TCP_STATE_NAMES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
];

function stateSelection(scan: Scan, arg: string): void {
  const colon = arg.indexOf(':');
  const protocolText = colon < 0 ? arg : arg.slice(0, colon);
  const protocol = protocolText.toUpperCase();
  if (colon < 0 || (protocol !== 'TCP' && protocol !== 'UDP')) {
    scan.error(`unknown -s protocol: "${arg}"`);
    return;
  }
  if (colon === arg.length - 1) {
    scan.error(`no ${protocol} state names in: ${arg}`);
    return;
  }
  if (protocol === 'UDP') {
    scan.error(`no UDP state names available: ${arg}`);
    return;
  }
  let sel = scan.options.states.find((s) => s.protocol === protocol);
  if (!sel) {
    sel = { protocol, include: new Set(), exclude: new Set() };
    scan.options.states.push(sel);
  }
  for (const raw of arg.slice(colon + 1).split(',')) {
    const exclude = raw.startsWith('^');
    const word = exclude ? raw.slice(1) : raw;
    const upper = word.toUpperCase();
    const name = upper === 'CLOSED' ? 'CLOSE' : upper;
    if (!TCP_STATE_NAMES.includes(name)) {
      scan.error(`unknown ${protocol} state name: ${word}`);
      return;
    }
    if ((exclude ? sel.include : sel.exclude).has(name)) {
      scan.error(`can't include and exclude ${protocol} state: ${word}`);
      return;
    }
    (exclude ? sel.exclude : sel.include).add(name);
  }
}

/**
 * -i: [46][protocol][@host|addr][:service|port list] (man 8 lsof). Observed errors name the whole
 * argument: `unknown protocol name (foo) in: -i foo`.
 */
function inetSelection(scan: Scan, ctx: ParseContext, arg: string | undefined): void {
  const o = scan.options;
  o.inet ??= [];
  if (arg === undefined) {
    o.inetVersion = undefined;
    o.inetVersionSeen = false;
    o.inetBare = true;
    return;
  }
  let text = arg;
  const sel: InetSelection = { text: arg };
  if (text[0] === '4' || text[0] === '6') {
    sel.version = text[0] === '4' ? 4 : 6;
    text = text.slice(1);
  }
  const at = text.indexOf('@');
  const colon = at >= 0 ? text.indexOf(':', text[at + 1] === '[' ? text.indexOf(']', at) : at) : text.indexOf(':');
  const protoEnd = at >= 0 ? at : colon >= 0 ? colon : text.length;
  const proto = text.slice(0, protoEnd);
  if (proto !== '') {
    const upper = proto.toUpperCase();
    if (upper !== 'TCP' && upper !== 'UDP' && upper !== 'UDPLITE') {
      scan.error(`unknown protocol name (${proto}) in: -i ${arg}`);
      return;
    }
    sel.protocol = upper;
  }
  if (at >= 0) {
    const host = text.slice(at + 1, colon >= 0 ? colon : text.length);
    if (host === '') {
      scan.error(`unacceptable Internet address in: -i ${arg}`);
      return;
    }
    sel.host = host;
    const literal = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    const numeric = /^[\d.]+$/.test(literal) || literal.includes(':');
    const addresses = (numeric ? [literal] : ctx.hostAddresses(literal)).map(addressKey).filter((a) => a !== '');
    if (addresses.length === 0) {
      scan.error(`unknown host name (${host}) in: -i ${arg}`);
      return;
    }
    sel.addresses = new Set(addresses);
  }
  if (colon >= 0) {
    const list = text.slice(colon + 1);
    sel.ports = [];
    if (list === '') {
      scan.error(`unacceptable port specification in: -i ${arg}`);
      return;
    }
    for (const item of list.split(',')) {
      const dash = item.indexOf('-', 1);
      const lowText = dash > 0 ? item.slice(0, dash) : item;
      const highText = dash > 0 ? item.slice(dash + 1) : item;
      const port = (t: string): number | undefined => {
        if (/^\d+$/.test(t)) return Number(t);
        return ctx.servicePort(t, (sel.protocol ?? 'TCP').toLowerCase()) ?? ctx.servicePort(t, 'udp');
      };
      const low = port(lowText);
      const high = port(highText);
      if (low === undefined || high === undefined) {
        const forProtocol = sel.protocol ? ` for ${sel.protocol.toLowerCase()}` : '';
        scan.error(`unknown service ${low === undefined ? lowText : highText}${forProtocol} in: -i ${arg}`);
        return;
      }
      if (low > high) {
        scan.error(`unacceptable port specification in: -i ${arg}`);
        return;
      }
      sel.ports.push({ low, high });
    }
  }
  if (sel.protocol === undefined && sel.host === undefined && sel.ports === undefined) {
    if (sel.version === undefined) {
      scan.error(`unknown protocol name (${text}) in: -i ${arg}`);
      return;
    }
    if (!o.inetVersionSeen || o.inetVersion === sel.version) o.inetVersion = sel.version;
    else o.inetVersion = undefined;
    o.inetVersionSeen = true;
    o.inetBare = true;
    return;
  }
  // observed: a -i4 or -i6 before an address restricts it (`-i6 -i :80` leaves out IPv4 port 80),
  // not one after it (`-i :80 -i6`: IPv4 port 80 and every IPv6 file).
  sel.version ??= o.inetVersion;
  o.inet.push(sel);
}

/**
 * A POSIX basic regular expression as an extended one (for -c /re/b): in a BRE `\( \) \{ \}`
 * group and count, `( ) { } + ? |` are plain characters, and GNU's `\+ \? \|` are operators.
 */
export function basicToExtended(bre: string): string {
  let out = '';
  let inBracket = false;
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i]!;
    if (inBracket) {
      out += c;
      if (c === ']' && !/\[\^?$/.test(out.slice(0, -1).slice(-2))) inBracket = false;
      continue;
    }
    if (c === '[') {
      inBracket = true;
      out += c;
      continue;
    }
    if (c === '\\' && i + 1 < bre.length) {
      const n = bre[++i]!;
      out += '(){}+?|'.includes(n) ? n : `\\${n}`;
      continue;
    }
    out += '(){}+?|'.includes(c) ? `\\${c}` : c;
  }
  return out;
}
