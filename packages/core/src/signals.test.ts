import { describe, expect, it } from 'vitest';
import { allSignals, SIGRTMAX, SIGRTMIN, signalName, signalNumber } from './signals.ts';

// `/usr/bin/kill -L` (procps-ng 4.0.2) on the build machine.
const KILL_L = `
 1 HUP      2 INT      3 QUIT     4 ILL      5 TRAP     6 ABRT     7 BUS
 8 FPE      9 KILL    10 USR1    11 SEGV    12 USR2    13 PIPE    14 ALRM
15 TERM    16 STKFLT  17 CHLD    18 CONT    19 STOP    20 TSTP    21 TTIN
22 TTOU    23 URG     24 XCPU    25 XFSZ    26 VTALRM  27 PROF    28 WINCH
29 POLL    30 PWR     31 SYS
`;

// bash's `kill -l`, for the realtime names.
const BASH_RT =
  '34) SIGRTMIN 35) SIGRTMIN+1 36) SIGRTMIN+2 37) SIGRTMIN+3 38) SIGRTMIN+4 39) SIGRTMIN+5 40) SIGRTMIN+6 ' +
  '41) SIGRTMIN+7 42) SIGRTMIN+8 43) SIGRTMIN+9 44) SIGRTMIN+10 45) SIGRTMIN+11 46) SIGRTMIN+12 47) SIGRTMIN+13 ' +
  '48) SIGRTMIN+14 49) SIGRTMIN+15 50) SIGRTMAX-14 51) SIGRTMAX-13 52) SIGRTMAX-12 53) SIGRTMAX-11 ' +
  '54) SIGRTMAX-10 55) SIGRTMAX-9 56) SIGRTMAX-8 57) SIGRTMAX-7 58) SIGRTMAX-6 59) SIGRTMAX-5 60) SIGRTMAX-4 ' +
  '61) SIGRTMAX-3 62) SIGRTMAX-2 63) SIGRTMAX-1 64) SIGRTMAX';

describe('allSignals', () => {
  it('holds 1-31 and 34-64, without glibc-reserved 32 and 33', () => {
    expect(allSignals().map((s) => s.number)).toEqual([
      ...Array.from({ length: 31 }, (_, i) => i + 1),
      ...Array.from({ length: 31 }, (_, i) => i + 34),
    ]);
    expect(SIGRTMIN).toBe(34);
    expect(SIGRTMAX).toBe(64);
    expect(allSignals().filter((s) => !s.realtime)).toHaveLength(31);
  });

  it('names 1-31 as procps kill -L does', () => {
    const pairs = [...KILL_L.matchAll(/(\d+) ([A-Z0-9]+)/g)].map((m) => [Number(m[1]), m[2]]);
    expect(pairs).toHaveLength(31);
    for (const [n, name] of pairs) expect(signalName(n as number)).toBe(name);
  });

  it('names realtime signals as bash kill -l does', () => {
    for (const m of BASH_RT.matchAll(/(\d+)\) SIG(\S+)/g)) expect(signalName(Number(m[1]))).toBe(m[2]);
  });

  it('has aliases for ABRT, CHLD and POLL', () => {
    const aliases = Object.fromEntries(
      allSignals()
        .filter((s) => s.aliases.length)
        .map((s) => [s.name, s.aliases]),
    );
    expect(aliases).toEqual({ ABRT: ['IOT'], CHLD: ['CLD'], POLL: ['IO'] });
  });
});

describe('signalName', () => {
  it('maps numbers to canonical names', () => {
    expect(signalName(1)).toBe('HUP');
    expect(signalName(15)).toBe('TERM');
    expect(signalName(29)).toBe('POLL');
    expect(signalName(34)).toBe('RTMIN');
    expect(signalName(35)).toBe('RTMIN+1');
    expect(signalName(49)).toBe('RTMIN+15');
    expect(signalName(50)).toBe('RTMAX-14');
    expect(signalName(63)).toBe('RTMAX-1');
    expect(signalName(64)).toBe('RTMAX');
  });

  it('is undefined for 0, 32, 33 and out of range', () => {
    for (const n of [0, 32, 33, 65, -1, 1.5, Number.NaN]) expect(signalName(n)).toBeUndefined();
  });

  it('round-trips through signalNumber', () => {
    for (const s of allSignals()) {
      expect(signalNumber(s.name)).toBe(s.number);
      expect(signalNumber(`SIG${s.name}`)).toBe(s.number);
      expect(signalNumber(String(s.number))).toBe(s.number);
    }
  });
});

describe('signalNumber', () => {
  it('accepts names with or without SIG', () => {
    expect(signalNumber('TERM')).toBe(15);
    expect(signalNumber('SIGTERM')).toBe(15);
    expect(signalNumber('KILL')).toBe(9);
    expect(signalNumber('STKFLT')).toBe(16);
  });

  it('is case-sensitive by default, like killall', () => {
    expect(signalNumber('term')).toBeUndefined();
    expect(signalNumber('sigterm')).toBeUndefined();
    expect(signalNumber('SIGterm')).toBeUndefined();
    expect(signalNumber('Term')).toBeUndefined();
  });

  it('ignores case on request, like procps kill and pkill', () => {
    const ci = { caseInsensitive: true };
    expect(signalNumber('term', ci)).toBe(15);
    expect(signalNumber('sigterm', ci)).toBe(15);
    expect(signalNumber('SigTerm', ci)).toBe(15);
    expect(signalNumber('iot', ci)).toBe(6);
    expect(signalNumber('rtmin', ci)).toBe(34);
    expect(signalNumber('Rtmin+2', ci)).toBe(36);
    expect(signalNumber('sigrtmax-1', ci)).toBe(63);
  });

  it('accepts aliases unless turned off', () => {
    expect(signalNumber('IOT')).toBe(6);
    expect(signalNumber('SIGIOT')).toBe(6);
    expect(signalNumber('CLD')).toBe(17);
    expect(signalNumber('IO')).toBe(29);
    expect(signalNumber('POLL')).toBe(29);
    expect(signalNumber('EXIT')).toBe(0);
    expect(signalNumber('NULL')).toBe(0);
    expect(signalNumber('IOT', { aliases: false })).toBeUndefined();
    expect(signalNumber('POLL', { aliases: false })).toBe(29);
  });

  it('parses realtime names', () => {
    expect(signalNumber('RTMIN')).toBe(34);
    expect(signalNumber('RTMIN+0')).toBe(34);
    expect(signalNumber('RTMIN+3')).toBe(37);
    expect(signalNumber('SIGRTMIN+1')).toBe(35);
    expect(signalNumber('RTMIN+30')).toBe(64);
    expect(signalNumber('RTMAX')).toBe(64);
    expect(signalNumber('RTMAX-2')).toBe(62);
    expect(signalNumber('SIGRTMAX-1')).toBe(63);
    expect(signalNumber('RTMAX-30')).toBe(34);
    expect(signalNumber('RTMIN+3', { realtime: false })).toBeUndefined();
  });

  it('rejects realtime names out of range or counting outwards', () => {
    for (const bad of ['RTMIN+31', 'RTMAX-31', 'RTMIN-1', 'RTMAX+1', 'RTMIN+', 'RTMIN+x', 'RTMID', 'rtmin']) {
      expect(signalNumber(bad)).toBeUndefined();
    }
  });

  it('accepts decimal numbers 0-64 only', () => {
    expect(signalNumber('15')).toBe(15);
    expect(signalNumber('015')).toBe(15);
    expect(signalNumber('0')).toBe(0);
    expect(signalNumber('32')).toBe(32);
    expect(signalNumber('64')).toBe(64);
    for (const bad of ['65', '-1', '+15', ' 15', '15 ', '1e1', '0x1f', '1.5', '']) {
      expect(signalNumber(bad)).toBeUndefined();
    }
    expect(signalNumber('15', { numbers: false })).toBeUndefined();
  });

  it('rejects unknown names', () => {
    for (const bad of ['UNUSED', 'LOST', 'SIG', 'SIGSIGTERM', 'TERM2', 'SIG15'])
      expect(signalNumber(bad)).toBeUndefined();
  });
});
