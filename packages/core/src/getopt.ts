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
  | { type: 'option'; key: string; arg?: string; long?: string }
  /** Unknown short option `char` (GNU: `invalid option -- 'c'`). */
  | { type: 'invalid'; char: string }
  /** Unknown long option, as written (`--foo=1`). optopt is 0 in C. */
  | { type: 'unrecognized'; text: string }
  | { type: 'ambiguous'; text: string; candidates: string[] }
  /** Required argument missing: `key` is the option's key; `long` its name when given long. */
  | { type: 'missing'; key: string; long?: string }
  /** `--name=value` for an option that takes none. */
  | { type: 'needless'; key: string; long: string }
  | { type: 'operand'; value: string };

export interface GetoptCursor {
  /** The remaining arguments as C's argv[optind...] would show them at this point. */
  next(): string | undefined;
  /** Consume the next argument (as when a tool reads argv[optind++] itself). */
  take(): string | undefined;
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
): Generator<GetoptEvent> {
  const shorts = parseSpec(shortSpec);
  const operands: string[] = [];
  let i = 0;
  cursor?.bind({
    next: () => argv[i],
    take: () => argv[i++],
  });
  while (i < argv.length) {
    const arg = argv[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.length < 2 || arg[0] !== '-') {
      operands.push(arg);
      i++;
      continue;
    }
    i++;
    if (arg.startsWith('--')) {
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
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j] as string;
      const has = shorts.get(c);
      if (has === undefined) {
        yield { type: 'invalid', char: c };
        continue;
      }
      if (has === 'none') {
        yield { type: 'option', key: c };
        continue;
      }
      const rest = arg.slice(j + 1);
      if (rest !== '') yield { type: 'option', key: c, arg: rest };
      else if (has === 'optional') yield { type: 'option', key: c };
      else if (i < argv.length) yield { type: 'option', key: c, arg: argv[i++] };
      else yield { type: 'missing', key: c };
      break;
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
