import { asLatin1, bytesOf, type ProcText } from './text.ts';

/** Kernel threads have PF_KTHREAD in their stat flags (include/linux/sched.h). */
export const PF_KTHREAD = 0x00200000;

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

/** The fields of a stat a process listing shows (describeProcess). */
export type StatSummary = Pick<
  Stat,
  | 'pid'
  | 'comm'
  | 'commLatin1'
  | 'state'
  | 'ppid'
  | 'pgrp'
  | 'session'
  | 'flags'
  | 'utime'
  | 'stime'
  | 'nice'
  | 'numThreads'
  | 'starttime'
  | 'vsize'
  | 'rss'
>;

export class ParseError extends Error {
  override readonly name = 'ParseError';
}

/**
 * Every field is computed when read, straight from the text: a listing reads a handful of the
 * fifty (measured at 5,000 processes: splitting the line into strings, then converting them, was
 * most of the parse time and a tenth of what a listing allocates). Getters take the field's
 * number in man 5 proc (from 1); those from 38 on are absent on old kernels.
 */
class StatText implements Stat {
  readonly pid: number;
  readonly state: string;
  readonly #text: string;
  readonly #open: number;
  readonly #close: number;
  /** One past the last field's last character. */
  readonly #end: number;
  /** Fields after the name, one blank between each (52 on recent kernels); counted when asked. */
  #count?: number;
  // Where the last field found starts: a listing asks for a few fields, mostly in ascending
  // order, so each is found by walking on from the last one. Nothing per field is kept: an array
  // of the fifty offsets was 30% of what a tree of 5,000 processes held (measured: 7.0 MB of
  // heap for tpstree's forest with it, 4.9 without).
  #cursorField = 3;
  #cursorAt: number;
  #comm?: Buffer;
  #commLatin1?: string;

  constructor(text: string, open: number, close: number, end: number) {
    this.#text = text;
    this.#open = open;
    this.#close = close;
    this.#end = end;
    this.#cursorAt = close + 2;
    this.pid = decimal(text, 0, open - 1);
    this.state = this.#field(3);
  }

  /** Where field `n` (3 or more, at most the count + 2) starts. */
  #start(n: number): number {
    const text = this.#text;
    let at = this.#cursorAt;
    let f = this.#cursorField;
    if (n < f) {
      // Back from the last one asked, or on from the first field, whichever is fewer steps.
      if (f - n < n - 3) {
        for (; f > n; f--) at = text.lastIndexOf(' ', at - 2) + 1;
      } else {
        f = 3;
        at = this.#close + 2;
      }
    }
    for (; f < n; f++) {
      at = text.indexOf(' ', at) + 1;
      if (at === 0 || at > this.#end) throw new ParseError(`stat: no field ${n}`);
    }
    this.#cursorField = n;
    this.#cursorAt = at;
    return at;
  }

  /** Where field `n`, starting at `from`, ends. */
  #stop(from: number): number {
    const blank = this.#text.indexOf(' ', from);
    return blank < 0 || blank > this.#end ? this.#end : blank;
  }

  #field(n: number): string {
    const from = this.#start(n);
    return this.#text.slice(from, this.#stop(from));
  }

  #num(n: number): number {
    const from = this.#start(n);
    return decimal(this.#text, from, this.#stop(from));
  }

  #optional(n: number): number | undefined {
    return n - 3 < this.#fieldCount() ? this.#num(n) : undefined;
  }

  #fieldCount(): number {
    if (this.#count === undefined) {
      const text = this.#text;
      let count = 1;
      for (let at = text.indexOf(' ', this.#close + 2); at >= 0 && at < this.#end; at = text.indexOf(' ', at + 1))
        count++;
      this.#count = count;
    }
    return this.#count;
  }

  #big(n: number): bigint {
    return BigInt(this.#field(n));
  }

  get commLatin1(): string {
    this.#commLatin1 ??= this.#text.slice(this.#open + 1, this.#close);
    return this.#commLatin1;
  }
  get comm(): Buffer {
    this.#comm ??= bytesOf(this.commLatin1);
    return this.#comm;
  }
  get ppid(): number {
    return this.#num(4);
  }
  get pgrp(): number {
    return this.#num(5);
  }
  get session(): number {
    return this.#num(6);
  }
  get ttyNr(): number {
    return this.#num(7);
  }
  get tpgid(): number {
    return this.#num(8);
  }
  get flags(): number {
    return this.#num(9);
  }
  get minflt(): number {
    return this.#num(10);
  }
  get cminflt(): number {
    return this.#num(11);
  }
  get majflt(): number {
    return this.#num(12);
  }
  get cmajflt(): number {
    return this.#num(13);
  }
  get utime(): number {
    return this.#num(14);
  }
  get stime(): number {
    return this.#num(15);
  }
  get cutime(): number {
    return this.#num(16);
  }
  get cstime(): number {
    return this.#num(17);
  }
  get priority(): number {
    return this.#num(18);
  }
  get nice(): number {
    return this.#num(19);
  }
  get numThreads(): number {
    return this.#num(20);
  }
  get starttime(): number {
    return this.#num(22);
  }
  get vsize(): number {
    return this.#num(23);
  }
  get rss(): number {
    return this.#num(24);
  }
  get startcode(): number {
    return this.#num(26);
  }
  get endcode(): number {
    return this.#num(27);
  }
  get startstack(): number {
    return this.#num(28);
  }
  get kstkesp(): number {
    return this.#num(29);
  }
  get kstkeip(): number {
    return this.#num(30);
  }
  get wchan(): number {
    return this.#num(35);
  }
  get rsslim(): bigint {
    return this.#big(25);
  }
  get signal(): bigint {
    return this.#big(31);
  }
  get blocked(): bigint {
    return this.#big(32);
  }
  get sigignore(): bigint {
    return this.#big(33);
  }
  get sigcatch(): bigint {
    return this.#big(34);
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

/**
 * The number in text[from, to) as Number() reads it. Kernel fields are plain decimals: those
 * short enough to be exact in a double are read digit by digit, without a substring.
 */
function decimal(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45; // '-'
  if (negative) i++;
  if (i >= to || to - i > 15) return Number(text.slice(from, to));
  let value = 0;
  for (; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(text.slice(from, to));
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

export function parseStat(input: ProcText): Stat {
  const text = asLatin1(input);
  // The name sits between the first '(' and the LAST ')': it may itself hold ')' (man 5 proc).
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new ParseError('stat: no (comm)');
  let end = text.length;
  while (end > close && text.charCodeAt(end - 1) <= 32) end--;
  // Fields are found when read (a missing one throws then): counting the 52 here was half the parse.
  return new StatText(text, open, close, Math.max(end, close + 2));
}
