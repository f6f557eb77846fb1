import { describe, expect, it } from 'vitest';
import { procpsSignalNumber, strtolDecimal } from './signal-procps.ts';

describe('procpsSignalNumber', () => {
  it('reads names as procps kill does', () => {
    expect(procpsSignalNumber('KILL')).toBe(9);
    expect(procpsSignalNumber('sigKill')).toBe(9);
    expect(procpsSignalNumber('SigTerm')).toBe(15);
    expect(procpsSignalNumber('IOT')).toBe(6);
    expect(procpsSignalNumber('CLD')).toBe(17);
    expect(procpsSignalNumber('IO')).toBe(29);
    expect(procpsSignalNumber('EXIT')).toBe(0);
    expect(procpsSignalNumber('SIGNULL')).toBe(0);
    expect(procpsSignalNumber('SIG')).toBe(-1);
    expect(procpsSignalNumber('UNUSED')).toBe(-1);
    expect(procpsSignalNumber('')).toBe(-1);
  });

  it('knows RTMIN+n but not RTMAX', () => {
    expect(procpsSignalNumber('RTMIN')).toBe(34);
    expect(procpsSignalNumber('rtmin+1')).toBe(35);
    expect(procpsSignalNumber('SIGRTMIN+030')).toBe(64);
    expect(procpsSignalNumber('RTMIN+31')).toBe(-1);
    expect(procpsSignalNumber('RTMIN-0')).toBe(-1);
    expect(procpsSignalNumber('RTMIN+ 1')).toBe(-1);
    expect(procpsSignalNumber('RTMAX')).toBe(-1);
    expect(procpsSignalNumber('RTMAX-1')).toBe(-1);
  });

  it('reads numbers like strtol, 0 to 93', () => {
    expect(procpsSignalNumber('9')).toBe(9);
    expect(procpsSignalNumber('09')).toBe(9);
    expect(procpsSignalNumber('+9')).toBe(9);
    expect(procpsSignalNumber(' 9')).toBe(9);
    expect(procpsSignalNumber('-0')).toBe(0);
    expect(procpsSignalNumber('93')).toBe(93);
    expect(procpsSignalNumber('94')).toBe(-1);
    expect(procpsSignalNumber('-9')).toBe(-1);
    expect(procpsSignalNumber('9 ')).toBe(-1);
    expect(procpsSignalNumber('0x9')).toBe(-1);
    expect(strtolDecimal('\t-12')).toBe(-12);
    expect(strtolDecimal('1.5')).toBeUndefined();
  });
});
