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

/** Numeric fields by their number in man 5 proc (from 1); those from 38 on are absent on old kernels. */
const NUMBER_FIELDS = {
  ppid: 4,
  pgrp: 5,
  session: 6,
  ttyNr: 7,
  tpgid: 8,
  flags: 9,
  minflt: 10,
  cminflt: 11,
  majflt: 12,
  cmajflt: 13,
  utime: 14,
  stime: 15,
  cutime: 16,
  cstime: 17,
  priority: 18,
  nice: 19,
  numThreads: 20,
  starttime: 22,
  vsize: 23,
  rss: 24,
  startcode: 26,
  endcode: 27,
  startstack: 28,
  kstkesp: 29,
  kstkeip: 30,
  wchan: 35,
  exitSignal: 38,
  processor: 39,
  rtPriority: 40,
  policy: 41,
  delayacctBlkioTicks: 42,
  guestTime: 43,
  cguestTime: 44,
  startData: 45,
  endData: 46,
  startBrk: 47,
  argStart: 48,
  argEnd: 49,
  envStart: 50,
  envEnd: 51,
  exitCode: 52,
} as const;
const BIGINT_FIELDS = { rsslim: 25, signal: 31, blocked: 32, sigignore: 33, sigcatch: 34 } as const;

/**
 * Every field is computed when read, from the split text: a listing reads a handful of the fifty
 * (measured: converting them all was most of the parse time at 5,000 processes).
 */
class StatText {
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

  get comm(): Buffer {
    this.#comm ??= bytesOf(this.commLatin1);
    return this.#comm;
  }
}
// The numeric and bigint fields of Stat, as getters on every StatText.
for (const [name, field] of Object.entries(NUMBER_FIELDS)) {
  Object.defineProperty(StatText.prototype, name, {
    get(this: StatText): number | undefined {
      const text = this.fields[field - 3];
      return text === undefined ? undefined : Number(text);
    },
  });
}
for (const [name, field] of Object.entries(BIGINT_FIELDS)) {
  Object.defineProperty(StatText.prototype, name, {
    get(this: StatText): bigint {
      return BigInt(this.fields[field - 3] ?? '0');
    },
  });
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
  return new StatText(Number(text.slice(0, open - 1)), text.slice(open + 1, close), rest) as StatText & Stat;
}
