/**
 * GNU getopt(3), getopt_long(3) and getopt_long_only(3) as the C tools use them: the one option
 * scanner of every command. Options come as events in the order met; operands are permuted behind
 * them as glibc permutes argv (in place: `argv` and `optind` show what C's would at each event, for
 * the tools that look at them); `--` ends the options. A leading `+` in the short spec, or
 * POSIXLY_CORRECT in the environment, stops at the first operand; a leading `-` yields operands in
 * place. It never prints: `gnuGetoptMessage` gives glibc's words for a tool that lets getopt
 * report (opterr != 0).
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

export interface GetoptSpec {
  /** The short options, as C's optstring. */
  shorts: string;
  /** getopt_long's table; without it, plain getopt(3) (`--foo` is then short options). */
  longs?: readonly LongOption[];
  /**
   * getopt_long_only: `-name` is tried as a long option first, unless it is a lone valid short
   * option (`-v`); one that names no long option, or more than one, falls back to short options
   * when its first letter is one (observed with killall: `-ve` is -v -e, `-ver` -v -e -r).
   */
  longOnly?: boolean;
  /** Where POSIXLY_CORRECT is looked up. */
  env?: Record<string, string | undefined>;
  /**
   * Elements starting with `+` are option clusters too, read by the same short spec (lsof's `+d`,
   * `+L`): their events carry `plus`. A lone `+` stays an operand.
   */
  plusPrefix?: boolean;
}

export type GetoptEvent =
  /** `plus` when the option came in a `+` cluster (GetoptSpec.plusPrefix). */
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

function parseShorts(spec: string): Map<string, ArgKind> {
  const map = new Map<string, ArgKind>();
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i] as string;
    if (c === ':' || ((c === '+' || c === '-') && i === 0)) continue;
    let has: ArgKind = 'none';
    if (spec[i + 1] === ':') has = spec[i + 2] === ':' ? 'optional' : 'required';
    map.set(c, has);
  }
  return map;
}

const isOperand = (arg: string, plus: boolean): boolean =>
  arg.length === 1 || !(arg[0] === '-' || (plus && arg[0] === '+'));

/** What a long option came to: an event, or (getopt_long_only) "read it as short options". */
type LongResult = GetoptEvent | 'short';

/**
 * One scan of `argv` (without the program name: `optind` starts at 0). Iterate it for the events;
 * between events `argv[optind]` is the element C's argv[optind] would be.
 */
export class Getopt implements Iterable<GetoptEvent> {
  /** argv as glibc leaves it at this point: operands met so far moved behind the options after them. */
  readonly argv: string[];
  optind = 0;
  readonly #shorts: Map<string, ArgKind>;
  readonly #order: 'permute' | 'require' | 'in-order';
  /** The short options left in the element being scanned (C's nextchar), '' when none. */
  #rest = '';
  /** The element being scanned began with `+` (GetoptSpec.plusPrefix). */
  #plus = false;
  readonly #plusPrefix: boolean;
  #firstOperand = 0;
  #lastOperand = 0;

  constructor(
    argv: readonly string[],
    readonly spec: GetoptSpec,
  ) {
    this.argv = [...argv];
    this.#shorts = parseShorts(spec.shorts);
    this.#plusPrefix = spec.plusPrefix === true;
    const lead = spec.shorts[0];
    this.#order =
      lead === '-' ? 'in-order' : lead === '+' || spec.env?.POSIXLY_CORRECT !== undefined ? 'require' : 'permute';
  }

  /** argv[optind], as a tool that peeks at the next element reads it (kill -l NAME). */
  next(): string | undefined {
    return this.argv[this.optind];
  }

  /**
   * Drops what is left of the element being scanned (`-vI` after `I`), as a tool that reads that
   * element itself moves on to the next (killall's -I and -V).
   */
  skipRest(): void {
    if (this.#rest === '') return;
    this.#rest = '';
    this.optind++;
  }

  /**
   * Consumes argv[optind] as the argument of the option just yielded, as a tool that reads
   * argv[optind++] itself does (lsof's optional `-g [set]`); only between elements.
   */
  take(): string | undefined {
    if (this.#rest !== '' || this.optind >= this.argv.length) return undefined;
    return this.argv[this.optind++];
  }

  /**
   * Scans `rest` as the remainder of the element of the option just yielded, with that element's
   * prefix, before moving on: for a tool that took part of an option's argument (lsof's `-S3x`
   * takes `3`, then `x` is an option).
   */
  resume(rest: string): void {
    if (rest === '') return;
    this.#rest = rest;
    this.optind--;
  }

  /** Moves [first, last) of operands behind [last, optind) of options (glibc's exchange()). */
  #exchange(): void {
    const a = this.argv;
    const operands = a.slice(this.#firstOperand, this.#lastOperand);
    const options = a.slice(this.#lastOperand, this.optind);
    a.splice(this.#firstOperand, this.optind - this.#firstOperand, ...options, ...operands);
    this.#firstOperand += this.optind - this.#lastOperand;
    this.#lastOperand = this.optind;
  }

  *[Symbol.iterator](): Generator<GetoptEvent> {
    const argv = this.argv;
    const n = argv.length;
    for (;;) {
      if (this.#rest !== '') {
        yield this.#short();
        continue;
      }
      if (this.#lastOperand > this.optind) this.#lastOperand = this.optind;
      if (this.#firstOperand > this.optind) this.#firstOperand = this.optind;
      if (this.#order === 'permute') {
        if (this.#firstOperand !== this.#lastOperand && this.#lastOperand !== this.optind) this.#exchange();
        else if (this.#lastOperand !== this.optind) this.#firstOperand = this.optind;
        while (this.optind < n && isOperand(argv[this.optind] as string, this.#plusPrefix)) this.optind++;
        this.#lastOperand = this.optind;
      }
      if (this.optind !== n && argv[this.optind] === '--') {
        this.optind++;
        if (this.#firstOperand !== this.#lastOperand && this.#lastOperand !== this.optind) this.#exchange();
        else if (this.#firstOperand === this.#lastOperand) this.#firstOperand = this.optind;
        this.#lastOperand = n;
        this.optind = n;
      }
      if (this.optind === n) {
        if (this.#firstOperand !== this.#lastOperand) this.optind = this.#firstOperand;
        break;
      }
      const arg = argv[this.optind] as string;
      if (isOperand(arg, this.#plusPrefix)) {
        if (this.#order === 'require') break;
        this.optind++;
        yield { type: 'operand', value: arg };
        continue;
      }
      this.#plus = arg[0] === '+';
      const longs = this.spec.longs;
      if (longs !== undefined && !this.#plus) {
        if (arg[1] === '-') {
          yield this.#long(arg.slice(2), longs, false) as GetoptEvent;
          continue;
        }
        if (this.spec.longOnly && (arg.length > 2 || !this.#shorts.has(arg[1] as string))) {
          const result = this.#long(arg.slice(1), longs, true);
          if (result !== 'short') {
            yield result;
            continue;
          }
        }
      }
      this.#rest = arg.slice(1);
    }
    while (this.optind < n) yield { type: 'operand', value: argv[this.optind++] as string };
  }

  /** The next option of the element being scanned; optind moves on as its last one is taken. */
  #short(): GetoptEvent {
    const c = this.#rest[0] as string;
    this.#rest = this.#rest.slice(1);
    if (this.#rest === '') this.optind++;
    const has = this.#shorts.get(c);
    const plus = this.#plus ? { plus: true as const } : {};
    if (has === undefined) return { type: 'invalid', char: c, ...plus };
    if (has === 'none') return { type: 'option', key: c, ...plus };
    const attached = this.#rest;
    if (attached !== '') {
      this.#rest = '';
      this.optind++;
      return { type: 'option', key: c, arg: attached, ...plus };
    }
    if (has === 'optional') return { type: 'option', key: c, ...plus };
    if (this.optind === this.argv.length) return { type: 'missing', key: c, ...plus };
    return { type: 'option', key: c, arg: this.argv[this.optind++] as string, ...plus };
  }

  /** `body` is the element without its dashes; `single` when it had one (getopt_long_only). */
  #long(body: string, longs: readonly LongOption[], single: boolean): LongResult {
    const text = this.argv[this.optind] as string;
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    let found = longs.find((l) => l.name === name);
    if (!found) {
      const candidates: string[] = [];
      for (const l of longs) {
        if (!l.name.startsWith(name)) continue;
        if (!found) {
          found = l;
          candidates.push(l.name);
        } else if (this.spec.longOnly || found.has !== l.has || found.key !== l.key) {
          candidates.push(l.name);
        }
      }
      if (candidates.length > 1) {
        if (single && this.#shorts.has(body[0] as string)) return 'short';
        this.optind++;
        return { type: 'ambiguous', text, candidates };
      }
    }
    if (!found) {
      if (single && this.#shorts.has(body[0] as string)) return 'short';
      this.optind++;
      return { type: 'unrecognized', text };
    }
    this.optind++;
    if (eq >= 0) {
      if (found.has === 'none') return { type: 'needless', key: found.key, long: found.name };
      return { type: 'option', key: found.key, arg: body.slice(eq + 1), long: found.name };
    }
    if (found.has === 'required') {
      if (this.optind === this.argv.length) return { type: 'missing', key: found.key, long: found.name };
      return { type: 'option', key: found.key, arg: this.argv[this.optind++] as string, long: found.name };
    }
    return { type: 'option', key: found.key, long: found.name };
  }
}

/** A scan of `argv` by `spec` (see Getopt). */
export function getopt(argv: readonly string[], spec: GetoptSpec): Getopt {
  return new Getopt(argv, spec);
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
