/**
 * GNU getopt_long(3) as the C tools use it, as a generator of events: options in the order met,
 * operands permuted to the end (GNU's default), `--` ending the options. It never prints:
 * `gnuGetoptMessage` gives glibc's words for a tool that lets getopt report (opterr != 0).
 *
 * Short spec as in C: `ab:c::` (`:` required argument, `::` optional, attached only).
 */
export type ArgKind = 'none' | 'required' | 'optional';

export interface LongOption {
  name: string;
  has: ArgKind;
  /** The short option it stands for (or any key). */
  key: string;
}

export type GetoptEvent =
  /** `plus` when the option came in a `+` cluster (GetoptOptions.plusPrefix). */
  | { type: 'option'; key: string; arg?: string; long?: string; plus?: boolean }
  /** Unknown short option `char` (GNU: `invalid option -- 'c'`). */
  | { type: 'invalid'; char: string; plus?: boolean }
  /** Unknown long option, as written (`--foo=1`). optopt is 0 in C. */
  | { type: 'unrecognized'; text: string }
  | { type: 'ambiguous'; text: string; candidates: string[] }
  /** Required argument missing: `key` is the option's key; `long` its name when given long. */
  | { type: 'missing'; key: string; long?: string; plus?: boolean }
  /** `--name=value` for an option that takes none. */
  | { type: 'needless'; key: string; long: string }
  | { type: 'operand'; value: string };

export interface GetoptCursor {
  /** The remaining arguments as C's argv[optind...] would show them at this point. */
  next(): string | undefined;
  /** Consume the next argument (as when a tool reads argv[optind++] itself). */
  take(): string | undefined;
  /**
   * Scan `rest` as the remainder of the current cluster, with its prefix, before the next
   * argument: for a tool that took part of an option's argument (lsof's `-S3x` takes `3`, then
   * `x` is an option).
   */
  resume(rest: string): void;
}

/** Scanning variants beyond GNU's default. */
export interface GetoptOptions {
  /** Stop at the first operand instead of permuting (POSIX; also a leading `+` in the spec). */
  stopAtOperand?: boolean;
  /** Words starting with `+` are option clusters too (lsof's `+d`, `+L`): events carry `plus`. */
  plusPrefix?: boolean;
  /** No long options: `--x` is a cluster of `-` and `x` (lsof); `--` alone still ends options. */
  noLongOptions?: boolean;
}

function parseSpec(spec: string): Map<string, ArgKind> {
  const map = new Map<string, ArgKind>();
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i] as string;
    if (c === ':' || c === '+' || c === '-') continue;
    let has: ArgKind = 'none';
    if (spec[i + 1] === ':') has = spec[i + 2] === ':' ? 'optional' : 'required';
    map.set(c, has);
  }
  return map;
}

/**
 * Yields each option and, after `--` or once arguments run out, every operand (in order).
 * `cursor` lets the caller peek at argv[optind] as C code sometimes does (kill -l).
 */
export function* getopt(
  argv: readonly string[],
  shortSpec: string,
  longs: readonly LongOption[] = [],
  cursor?: { bind(c: GetoptCursor): void },
  options: GetoptOptions = {},
): Generator<GetoptEvent> {
  const shorts = parseSpec(shortSpec);
  const stopAtOperand = options.stopAtOperand === true || shortSpec.startsWith('+');
  const operands: string[] = [];
  let i = 0;
  let resumed: string | undefined;
  cursor?.bind({
    next: () => argv[i],
    take: () => argv[i++],
    resume: (rest) => {
      resumed = rest;
    },
  });
  while (i < argv.length) {
    const arg = argv[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    const prefix = arg[0];
    if (arg.length < 2 || (prefix !== '-' && !(prefix === '+' && options.plusPrefix))) {
      if (stopAtOperand) break;
      operands.push(arg);
      i++;
      continue;
    }
    i++;
    if (prefix === '-' && arg.startsWith('--') && !options.noLongOptions) {
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const exact = longs.find((l) => l.name === name);
      const prefixed = exact ? [exact] : longs.filter((l) => l.name.startsWith(name));
      const distinct = prefixed.filter((l, k) => prefixed.findIndex((m) => m.key === l.key && m.has === l.has) === k);
      if (distinct.length === 0) {
        yield { type: 'unrecognized', text: arg };
        continue;
      }
      if (distinct.length > 1) {
        yield { type: 'ambiguous', text: arg, candidates: prefixed.map((l) => l.name) };
        continue;
      }
      const opt = distinct[0] as LongOption;
      if (eq >= 0) {
        if (opt.has === 'none') yield { type: 'needless', key: opt.key, long: opt.name };
        else yield { type: 'option', key: opt.key, arg: body.slice(eq + 1), long: opt.name };
      } else if (opt.has === 'required') {
        if (i < argv.length) yield { type: 'option', key: opt.key, arg: argv[i++], long: opt.name };
        else yield { type: 'missing', key: opt.key, long: opt.name };
      } else {
        yield { type: 'option', key: opt.key, long: opt.name };
      }
      continue;
    }
    const plus = prefix === '+' ? { plus: true as const } : {};
    let cluster = arg;
    for (let j = 1; j < cluster.length; j++) {
      const c = cluster[j] as string;
      const has = shorts.get(c);
      if (has === undefined) {
        yield { type: 'invalid', char: c, ...plus };
        continue;
      }
      if (has === 'none') {
        yield { type: 'option', key: c, ...plus };
        continue;
      }
      const rest = cluster.slice(j + 1);
      if (rest !== '') yield { type: 'option', key: c, arg: rest, ...plus };
      else if (has === 'optional') yield { type: 'option', key: c, ...plus };
      else if (i < argv.length) yield { type: 'option', key: c, arg: argv[i++], ...plus };
      else yield { type: 'missing', key: c, ...plus };
      if (resumed === undefined) break;
      // The caller took part of the argument: scan the rest as more options of this cluster.
      cluster = `${prefix}${resumed}`;
      resumed = undefined;
      j = 0;
    }
  }
  for (const value of [...operands, ...argv.slice(i)]) yield { type: 'operand', value };
}

/** glibc's message for a getopt error event, as printed when opterr is set. */
export function gnuGetoptMessage(program: string, event: GetoptEvent): string | undefined {
  switch (event.type) {
    case 'invalid':
      return `${program}: invalid option -- '${event.char}'\n`;
    case 'unrecognized':
      return `${program}: unrecognized option '${event.text}'\n`;
    case 'ambiguous':
      return `${program}: option '${event.text.split('=')[0]}' is ambiguous; possibilities:${event.candidates
        .map((c) => ` '--${c}'`)
        .join('')}\n`;
    case 'missing':
      return event.long
        ? `${program}: option '--${event.long}' requires an argument\n`
        : `${program}: option requires an argument -- '${event.key}'\n`;
    case 'needless':
      return `${program}: option '--${event.long}' doesn't allow an argument\n`;
    default:
      return undefined;
  }
}
