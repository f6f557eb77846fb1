import { asLatin1, bytesOf, type ProcText } from './text.ts';

/**
 * /proc/<pid>/stat (man 5 proc). Field numbers below are the man page's (1-based).
 * Clock-tick and page-size units are kept as the kernel gives them.
 */
export interface Stat {
  pid: number;
  /** Raw bytes of the name: up to 15 bytes, any byte but NUL, may hold spaces and `)`. */
  comm: Buffer;
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
  const n = (i: number): number => Number(rest[i - 3]);
  const big = (i: number): bigint => BigInt(rest[i - 3] ?? '0');
  const opt = (i: number): number | undefined => (rest[i - 3] === undefined ? undefined : Number(rest[i - 3]));
  return {
    pid: Number(text.slice(0, open - 1)),
    comm: bytesOf(text.slice(open + 1, close)),
    state: rest[0] ?? '?',
    ppid: n(4),
    pgrp: n(5),
    session: n(6),
    ttyNr: n(7),
    tpgid: n(8),
    flags: n(9),
    minflt: n(10),
    cminflt: n(11),
    majflt: n(12),
    cmajflt: n(13),
    utime: n(14),
    stime: n(15),
    cutime: n(16),
    cstime: n(17),
    priority: n(18),
    nice: n(19),
    numThreads: n(20),
    starttime: n(22),
    vsize: n(23),
    rss: n(24),
    rsslim: big(25),
    startcode: n(26),
    endcode: n(27),
    startstack: n(28),
    kstkesp: n(29),
    kstkeip: n(30),
    signal: big(31),
    blocked: big(32),
    sigignore: big(33),
    sigcatch: big(34),
    wchan: n(35),
    exitSignal: opt(38),
    processor: opt(39),
    rtPriority: opt(40),
    policy: opt(41),
    delayacctBlkioTicks: opt(42),
    guestTime: opt(43),
    cguestTime: opt(44),
    startData: opt(45),
    endData: opt(46),
    startBrk: opt(47),
    argStart: opt(48),
    argEnd: opt(49),
    envStart: opt(50),
    envEnd: opt(51),
    exitCode: opt(52),
  };
}
