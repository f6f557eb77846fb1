import { asLatin1, bytesOf, type ProcText } from './text.ts';

/**
 * /proc/<pid>/stat (man 5 proc). Field numbers below are the man page's (1-based).
 * Clock-tick and page-size units are kept as the kernel gives them.
 */
export interface Stat {
  pid: number;
  /** Raw bytes of the name: up to 15 bytes, any byte but NUL, may hold spaces and `)`. */
  comm: Buffer;
  /** The same name decoded as latin1 (one char per byte), when the parser kept it. */
  readonly commLatin1?: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  ttyNr: number;
  tpgid: number;
  flags: number;
  minflt: number;
  cminflt: number;
  majflt: number;
  cmajflt: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
  priority: number;
  nice: number;
  numThreads: number;
  /** Clock ticks after boot. */
  starttime: number;
  /** Bytes. */
  vsize: number;
  /** Pages. */
  rss: number;
  rsslim: bigint;
  startcode: number;
  endcode: number;
  startstack: number;
  kstkesp: number;
  kstkeip: number;
  /** Obsolete decimal masks (man 5 proc says use status); 64 bits wide. */
  signal: bigint;
  blocked: bigint;
  sigignore: bigint;
  sigcatch: bigint;
  wchan: number;
  exitSignal?: number;
  processor?: number;
  rtPriority?: number;
  policy?: number;
  delayacctBlkioTicks?: number;
  guestTime?: number;
  cguestTime?: number;
  startData?: number;
  endData?: number;
  startBrk?: number;
  argStart?: number;
  argEnd?: number;
  envStart?: number;
  envEnd?: number;
  exitCode?: number;
}

export class ParseError extends Error {
  override readonly name = 'ParseError';
}

/**
 * Every field is computed when read, from the split text: a listing reads a handful of the fifty
 * (measured: converting them all was most of the parse time at 5,000 processes). Getters take
 * the field's number in man 5 proc (from 1); those from 38 on are absent on old kernels.
 */
class StatText implements Stat {
  readonly state: string;
  #comm?: Buffer;

  constructor(
    readonly pid: number,
    readonly commLatin1: string,
    /** The fields after the name: field 3 (state) first. */
    readonly fields: readonly string[],
  ) {
    this.state = fields[0] ?? '?';
  }

  #field(n: number): string | undefined {
    return this.fields[n - 3];
  }

  #optional(n: number): number | undefined {
    const text = this.#field(n);
    return text === undefined ? undefined : Number(text);
  }

  get comm(): Buffer {
    this.#comm ??= bytesOf(this.commLatin1);
    return this.#comm;
  }
  get ppid(): number {
    return Number(this.#field(4));
  }
  get pgrp(): number {
    return Number(this.#field(5));
  }
  get session(): number {
    return Number(this.#field(6));
  }
  get ttyNr(): number {
    return Number(this.#field(7));
  }
  get tpgid(): number {
    return Number(this.#field(8));
  }
  get flags(): number {
    return Number(this.#field(9));
  }
  get minflt(): number {
    return Number(this.#field(10));
  }
  get cminflt(): number {
    return Number(this.#field(11));
  }
  get majflt(): number {
    return Number(this.#field(12));
  }
  get cmajflt(): number {
    return Number(this.#field(13));
  }
  get utime(): number {
    return Number(this.#field(14));
  }
  get stime(): number {
    return Number(this.#field(15));
  }
  get cutime(): number {
    return Number(this.#field(16));
  }
  get cstime(): number {
    return Number(this.#field(17));
  }
  get priority(): number {
    return Number(this.#field(18));
  }
  get nice(): number {
    return Number(this.#field(19));
  }
  get numThreads(): number {
    return Number(this.#field(20));
  }
  get starttime(): number {
    return Number(this.#field(22));
  }
  get vsize(): number {
    return Number(this.#field(23));
  }
  get rss(): number {
    return Number(this.#field(24));
  }
  get startcode(): number {
    return Number(this.#field(26));
  }
  get endcode(): number {
    return Number(this.#field(27));
  }
  get startstack(): number {
    return Number(this.#field(28));
  }
  get kstkesp(): number {
    return Number(this.#field(29));
  }
  get kstkeip(): number {
    return Number(this.#field(30));
  }
  get wchan(): number {
    return Number(this.#field(35));
  }
  get rsslim(): bigint {
    return BigInt(this.#field(25) ?? '0');
  }
  get signal(): bigint {
    return BigInt(this.#field(31) ?? '0');
  }
  get blocked(): bigint {
    return BigInt(this.#field(32) ?? '0');
  }
  get sigignore(): bigint {
    return BigInt(this.#field(33) ?? '0');
  }
  get sigcatch(): bigint {
    return BigInt(this.#field(34) ?? '0');
  }
  get exitSignal(): number | undefined {
    return this.#optional(38);
  }
  get processor(): number | undefined {
    return this.#optional(39);
  }
  get rtPriority(): number | undefined {
    return this.#optional(40);
  }
  get policy(): number | undefined {
    return this.#optional(41);
  }
  get delayacctBlkioTicks(): number | undefined {
    return this.#optional(42);
  }
  get guestTime(): number | undefined {
    return this.#optional(43);
  }
  get cguestTime(): number | undefined {
    return this.#optional(44);
  }
  get startData(): number | undefined {
    return this.#optional(45);
  }
  get endData(): number | undefined {
    return this.#optional(46);
  }
  get startBrk(): number | undefined {
    return this.#optional(47);
  }
  get argStart(): number | undefined {
    return this.#optional(48);
  }
  get argEnd(): number | undefined {
    return this.#optional(49);
  }
  get envStart(): number | undefined {
    return this.#optional(50);
  }
  get envEnd(): number | undefined {
    return this.#optional(51);
  }
  get exitCode(): number | undefined {
    return this.#optional(52);
  }
}

export function parseStat(input: ProcText): Stat {
  const text = asLatin1(input);
  // The name sits between the first '(' and the LAST ')': it may itself hold ')' (man 5 proc).
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new ParseError('stat: no (comm)');
  const rest = text
    .slice(close + 2)
    .trimEnd()
    .split(' ');
  if (rest.length < 35) throw new ParseError(`stat: ${rest.length + 2} fields`);
  return new StatText(Number(text.slice(0, open - 1)), text.slice(open + 1, close), rest);
}
