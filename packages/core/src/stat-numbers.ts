// The stat fields a process listing shows, as read_processes parses them in C
// (reader-thread-source.ts's stat_numbers): numbers, without a string made of each line.
import { bytesOf } from './parse/text.ts';
import type { StatSummary } from './parse/stat.ts';

/** The fields, by man 5 proc's numbers (ascending, as the C walks them). */
const FIELDS = {
  ppid: 4,
  pgrp: 5,
  session: 6,
  flags: 9,
  utime: 14,
  stime: 15,
  nice: 19,
  numThreads: 20,
  starttime: 22,
  vsize: 23,
  rss: 24,
} as const;

export const STAT_FIELD_NUMBERS = Int32Array.from(Object.values(FIELDS));
/** A process's doubles: where its name starts and ends in the line, its state's letter, the fields. */
export const STAT_NUMBERS = 3 + STAT_FIELD_NUMBERS.length;
const AT = Object.fromEntries(Object.keys(FIELDS).map((name, i) => [name, 3 + i])) as Record<
  keyof typeof FIELDS,
  number
>;

class ParsedStat implements StatSummary {
  readonly pid: number;
  readonly commLatin1: string;
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  readonly session: number;
  readonly flags: number;
  readonly utime: number;
  readonly stime: number;
  readonly nice: number;
  readonly numThreads: number;
  readonly starttime: number;
  readonly vsize: number;
  readonly rss: number;

  constructor(pid: number, line: Buffer, from: number, numbers: Float64Array, o: number) {
    const n = (at: number) => numbers[o + at] as number;
    this.pid = pid;
    this.commLatin1 = line.toString('latin1', from + n(0), from + n(1));
    this.state = String.fromCharCode(n(2));
    this.ppid = n(AT.ppid);
    this.pgrp = n(AT.pgrp);
    this.session = n(AT.session);
    this.flags = n(AT.flags);
    this.utime = n(AT.utime);
    this.stime = n(AT.stime);
    this.nice = n(AT.nice);
    this.numThreads = n(AT.numThreads);
    this.starttime = n(AT.starttime);
    this.vsize = n(AT.vsize);
    this.rss = n(AT.rss);
  }

  get comm(): Buffer {
    return bytesOf(this.commLatin1);
  }
}

/**
 * Process i's fields, its line at `from` in `lines`; undefined where the C found no such line
 * (the caller parses the text then).
 */
export function parsedStat(
  pid: number,
  lines: Buffer,
  from: number,
  numbers: Float64Array,
  i: number,
): StatSummary | undefined {
  const o = STAT_NUMBERS * i;
  return (numbers[o] as number) < 0 ? undefined : new ParsedStat(pid, lines, from, numbers, o);
}
