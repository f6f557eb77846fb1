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

describe('pgrepEscape against the byte walk as first written', () => {
  // The rule byte by byte (the observations above), slow but plain: the oracle for the fast one.
  const oracle = (bytes: Buffer, utf8: boolean): string => {
    const c = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b < 0x80 ? '.' : '?');
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i] as number;
      const len =
        b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      if (!utf8 || len === 0) {
        for (; i < bytes.length; i++) out += c(bytes[i] as number);
      } else if (len === 1) {
        out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?';
        i++;
      } else if (i + len > bytes.length) {
        out += '?';
        i++;
      } else {
        out += bytes.toString('latin1', i, i + len);
        i += len;
      }
    }
    return out;
  };
  it('agrees on random bytes, valid UTF-8 and not', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const pool = [0x00, 0x09, 0x0a, 0x1b, 0x41, 0x7f, 0x80, 0x85, 0xbf, 0xc0, 0xc3, 0xa9, 0xe4, 0xb8, 0xf0, 0x9f, 0xff];
    for (let n = 0; n < 3000; n++) {
      const bytes = Buffer.from(Array.from({ length: random() % 12 }, () => pool[random() % pool.length] as number));
      const valid = Buffer.from(`é${String.fromCharCode(random() % 0x30)}漢😀`, 'utf8');
      for (const input of [bytes, valid, Buffer.concat([valid, bytes])]) {
        for (const utf8 of [true, false]) expect(pgrepEscape(input, utf8)).toBe(oracle(input, utf8));
      }
    }
  });
});
