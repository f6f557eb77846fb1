import { describe, expect, it } from 'vitest';
import { ParseError, parseStat } from './stat.ts';

const CAT =
  '2437 (cat) R 2433 2433 1080 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 20558 3133440 409 18446744073709551615 93862929068032 93862929087913 140721529467760 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 93862929103920 93862929105536 93863014756352 140721529469469 140721529469489 140721529469489 140721529470955 0\n';

describe('parseStat', () => {
  it('reads every field of a real line', () => {
    const s = parseStat(CAT);
    expect(s.pid).toBe(2437);
    expect(s.comm.toString()).toBe('cat');
    expect(s.state).toBe('R');
    expect([s.ppid, s.pgrp, s.session, s.ttyNr, s.tpgid]).toEqual([2433, 2433, 1080, 0, -1]);
    expect(s.flags).toBe(4194304);
    expect(s.minflt).toBe(100);
    expect([s.priority, s.nice, s.numThreads]).toEqual([20, 0, 1]);
    expect(s.starttime).toBe(20558);
    expect(s.vsize).toBe(3133440);
    expect(s.rss).toBe(409);
    expect(s.rsslim).toBe(18446744073709551615n);
    expect(s.startstack).toBe(140721529467760);
    expect(s.exitSignal).toBe(17);
    expect(s.processor).toBe(0);
    expect(s.policy).toBe(0);
    expect(s.envEnd).toBe(140721529470955);
    expect(s.exitCode).toBe(0);
  });

  it('reads signed and long fields as Number() reads their text', () => {
    const fields = CAT.split(' ');
    fields[17] = '-2'; // priority
    fields[18] = '-20'; // nice
    fields[25] = '12345678901234567'; // startcode: beyond 2^53, rounded as Number() rounds
    const s = parseStat(fields.join(' '));
    expect([s.priority, s.nice]).toEqual([-2, -20]);
    expect(s.startcode).toBe(Number('12345678901234567'));
    expect(s.tpgid).toBe(-1);
  });

  it('reads fields asked in any order, around a name with blanks and parentheses', () => {
    const fields = CAT.replace('(cat)', '(a ) b)').split(' ');
    // Field n (man 5 proc numbering) sits at index n + 1: the name takes three.
    const field = (n: number): number => Number(fields[n + 1]);
    const asked: [keyof ReturnType<typeof parseStat>, number][] = [
      ['numThreads', 20],
      ['session', 6],
      ['starttime', 22],
      ['nice', 19],
      ['ppid', 4],
      ['wchan', 35],
      ['tpgid', 8],
      ['pgrp', 5],
      ['exitCode', 52],
      ['ppid', 4],
      ['flags', 9],
    ];
    const s = parseStat(fields.join(' '));
    expect(s.commLatin1).toBe('a ) b');
    for (const [name, n] of asked) expect([name, s[name]]).toEqual([name, field(n)]);
  });

  it('takes the name up to the LAST parenthesis', () => {
    const s = parseStat(CAT.replace('(cat)', '(a) b (c))')).comm;
    expect(s.toString()).toBe('a) b (c)');
  });

  it('keeps spaces, newlines, escape bytes and invalid UTF-8 in the name', () => {
    const raw = Buffer.concat([
      Buffer.from('7 ('),
      Buffer.from([0x7a, 0x20, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xc3]),
      Buffer.from(CAT.slice(CAT.indexOf(')'))),
    ]);
    const s = parseStat(raw);
    expect(s.pid).toBe(7);
    expect([...s.comm]).toEqual([0x7a, 0x20, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xff, 0xc3]);
    expect(s.state).toBe('R');
  });

  it('leaves fields of newer kernels undefined on an old line', () => {
    const old = CAT.split(' ').slice(0, 39).join(' ');
    const s = parseStat(old);
    expect(s.processor).toBe(0);
    expect(s.rtPriority).toBeUndefined();
    expect(s.exitCode).toBeUndefined();
  });

  it('parses a zombie and a kernel thread', () => {
    const z = parseStat(CAT.replace('(cat) R', '(sh) Z'));
    expect(z.state).toBe('Z');
    const k = parseStat(
      '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 4 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
    );
    expect(k.ppid).toBe(0);
    expect(k.sigignore).toBe(2147483647n);
    expect(k.vsize).toBe(0);
  });

  it('rejects text without a name', () => {
    expect(() => parseStat('')).toThrow(ParseError);
    expect(() => parseStat('1 cat R')).toThrow(ParseError);
  });

  it('throws for a field a cut line lacks, when that field is read', () => {
    const cut = parseStat('7 (a b) S 1 7 7 0 -1');
    expect(cut.ppid).toBe(1);
    expect(cut.tpgid).toBe(-1);
    expect(() => cut.flags).toThrow(ParseError);
    expect(() => cut.utime).toThrow(ParseError);
    expect(cut.exitSignal).toBeUndefined();
  });
});
