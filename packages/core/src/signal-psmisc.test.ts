import { describe, expect, it } from 'vitest';
import { psmiscSignal, psmiscSignalList } from './signal-psmisc.ts';

describe('psmiscSignal', () => {
  it('reads names with an optional SIG, upper case only', () => {
    expect(psmiscSignal('HUP')).toEqual({ number: 1 });
    expect(psmiscSignal('SIGKILL')).toEqual({ number: 9 });
    expect(psmiscSignal('POLL')).toEqual({ number: 29 });
    expect(psmiscSignal('SIGkill')).toEqual({ unknown: 'kill' });
    expect(psmiscSignal('IO')).toEqual({ unknown: 'IO' });
    expect(psmiscSignal('SIG')).toEqual({ unknown: '' });
    expect(psmiscSignal('SIG9')).toEqual({ unknown: '9' });
  });
  it('reads numbers as atoi does', () => {
    expect(psmiscSignal('9v')).toEqual({ number: 9 });
    expect(psmiscSignal('010')).toEqual({ number: 10 });
    expect(psmiscSignal('99')).toEqual({ number: 99 });
    expect(psmiscSignal('4294967305')).toEqual({ number: 9 });
    expect(psmiscSignal('99999999999999999999')).toEqual({ number: -1 });
  });
});

describe('psmiscSignalList', () => {
  it('lists 16 names then 15', () => {
    expect(psmiscSignalList()).toBe(
      'HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\n' +
        'CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n',
    );
  });
});
