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
 * The bigint masks and the name bytes are computed on first use: a listing of thousands of
 * processes rarely needs them, and making them eagerly was most of the parse time (measured).
 */
class ParsedStat {
  pid: number;
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
  starttime: number;
  vsize: number;
  rss: number;
  startcode: number;
  endcode: number;
  startstack: number;
  kstkesp: number;
  kstkeip: number;
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
  readonly #rest: string[];
  readonly #name: string;
  #comm?: Buffer;

  constructor(pid: number, name: string, rest: string[]) {
    this.#rest = rest;
    this.#name = name;
    const n = (i: number): number => Number(rest[i - 3]);
    const opt = (i: number): number | undefined => (rest[i - 3] === undefined ? undefined : Number(rest[i - 3]));
    this.pid = pid;
    this.state = rest[0] ?? '?';
    this.ppid = n(4);
    this.pgrp = n(5);
    this.session = n(6);
    this.ttyNr = n(7);
    this.tpgid = n(8);
    this.flags = n(9);
    this.minflt = n(10);
    this.cminflt = n(11);
    this.majflt = n(12);
    this.cmajflt = n(13);
    this.utime = n(14);
    this.stime = n(15);
    this.cutime = n(16);
    this.cstime = n(17);
    this.priority = n(18);
    this.nice = n(19);
    this.numThreads = n(20);
    this.starttime = n(22);
    this.vsize = n(23);
    this.rss = n(24);
    this.startcode = n(26);
    this.endcode = n(27);
    this.startstack = n(28);
    this.kstkesp = n(29);
    this.kstkeip = n(30);
    this.wchan = n(35);
    this.exitSignal = opt(38);
    this.processor = opt(39);
    this.rtPriority = opt(40);
    this.policy = opt(41);
    this.delayacctBlkioTicks = opt(42);
    this.guestTime = opt(43);
    this.cguestTime = opt(44);
    this.startData = opt(45);
    this.endData = opt(46);
    this.startBrk = opt(47);
    this.argStart = opt(48);
    this.argEnd = opt(49);
    this.envStart = opt(50);
    this.envEnd = opt(51);
    this.exitCode = opt(52);
  }

  #big(i: number): bigint {
    return BigInt(this.#rest[i - 3] ?? '0');
  }
  get commLatin1(): string {
    return this.#name;
  }
  get comm(): Buffer {
    this.#comm ??= bytesOf(this.#name);
    return this.#comm;
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
  return new ParsedStat(Number(text.slice(0, open - 1)), text.slice(open + 1, close), rest);
}
