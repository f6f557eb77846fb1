import { describe, expect, it } from 'vitest';
import { pgrepEscape, pgrepEscapeLatin1 } from './pgrep.ts';

const hex = (text: string): Buffer => Buffer.from(text, 'hex');
const shown = (bytes: Buffer, utf8: boolean): string => pgrepEscape(bytes, utf8);

// Every expectation was observed from procps-ng 4.0.2 pgrep -a on a process whose argument was
// `Q` followed by these bytes (output bytes written as hex).
describe('pgrepEscape in a UTF-8 locale', () => {
  it.each([
    ['bad lead byte, then C rendering', '851b', '3f2e'],
    ['bad lead byte before a valid character', '85c3a9', '3f3f3f'],
    ['a sequence copied blind, then the walk lands on a continuation byte', 'e4b8c3a9', 'e4b8c33f'],
    ['bad continuation copied', 'c328', 'c328'],
    ['overlong lead C0 is never a lead byte', 'c0801b', '3f3f2e'],
    ['overlong three-byte form copied', 'e080801b', 'e080803f'],
    ['surrogate copied', 'eda0801b', 'eda0803f'],
    ['beyond U+10FFFF copied', 'f49080801b', 'f49080803f'],
    ['controls around a valid character', '611bc3a91b', '613fc3a93f'],
    ['C1 control kept', 'c285', 'c285'],
    ['line separator kept', 'e280a8', 'e280a8'],
    ['four-byte character kept', 'f09f9880', 'f09f9880'],
    ['lead byte cut at the end', 'c3', '3f'],
    ['valid character, then a cut one', 'c3a9c3', 'c3a93f'],
    ['wide character, ESC, DEL, then a bad byte', 'e6bca21b7f9b', 'e6bca23f3f3f'],
    ['C1 CSI kept', 'c29b5b33316d', 'c29b5b33316d'],
    ['bad byte then controls in C rendering', '78fe017f09', '783f2e2e2e'],
    ['three-byte lead cut short', 'e0a0', '3f3f'],
    ['blind copy takes an ESC along', 'e0a01b', 'e0a01b'],
  ])('%s', (_name, input, output) => {
    expect(Buffer.from(shown(hex(input), true), 'latin1').toString('hex')).toBe(output);
  });
});

describe('pgrepEscape in the C locale', () => {
  it.each([
    ['controls as dots', '1b09', '2e2e'],
    ['every byte above 0x7f as ?', 'c3a9c285ff', '3f3f3f3f3f'],
    ['DEL as a dot', '7f', '2e'],
  ])('%s', (_name, input, output) => {
    expect(Buffer.from(shown(hex(input), false), 'latin1').toString('hex')).toBe(output);
  });
});

describe('pgrepEscapeLatin1', () => {
  it('returns printable ASCII unchanged', () => {
    expect(pgrepEscapeLatin1('sleep 100', true)).toBe('sleep 100');
  });
  it('escapes as pgrepEscape does', () => {
    expect(pgrepEscapeLatin1('esc\x1b[31m', false)).toBe('esc.[31m');
    expect(pgrepEscapeLatin1('esc\x1b[31m', true)).toBe('esc?[31m');
  });
});
