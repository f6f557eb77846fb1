import { describe, expect, it } from 'vitest';
import { lsofEscape, lsofEscapeCut } from './lsof.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('lsofEscape', () => {
  it('writes control bytes in C or caret form and other bytes in hex (observed, lsof 4.95)', () => {
    expect(lsofEscape(b('f\x01\x02\x1f\x7f\x80'))).toBe('f^A^B^_\\x7f\\x80');
    expect(lsofEscape(b('sp ace\ttab\nnl\r\x08\x0c\x0b'))).toBe('sp ace\\ttab\\nnl\\r\\b\\f^K');
    expect(lsofEscape(b('esc\x1b[31m'))).toBe('esc^[[31m');
  });
  it('passes printable UTF-8 only when wide', () => {
    const utf = b('utf\xc3\xa9\xe2\x82\xac');
    expect(lsofEscape(utf)).toBe('utf\\xc3\\xa9\\xe2\\x82\\xac');
    expect(lsofEscape(utf, { wide: true })).toBe('utf\u00e9\u20ac');
    expect(lsofEscape(b('bad\xff\xfe\xc3'), { wide: true })).toBe('bad\\xff\\xfe\\xc3');
    expect(lsofEscape(b('c1\xc2\x85'), { wide: true })).toBe('c1\\xc2\\x85');
  });
  it('doubles backslashes', () => {
    expect(lsofEscape(b('b\\sl%s'))).toBe('b\\\\sl%s');
  });
  it('escapes spaces in the COMMAND column', () => {
    expect(lsofEscape(b('a b'), { escapeSpace: true })).toBe('a\\x20b');
  });
});

describe('lsofEscapeCut', () => {
  it('stops before an escape that would pass the width', () => {
    expect(lsofEscapeCut(b('zq\x01\xc3\xa9'), 9, { escapeSpace: true })).toBe('zq^A\\xc3');
    expect(lsofEscapeCut(b('x\x7fy\x1b[1m'), 9)).toBe('x\\x7fy^[[');
    expect(lsofEscapeCut(b('nl\nx\ry\bz\fw\vq'), 9)).toBe('nl\\nx\\ry');
    expect(lsofEscapeCut(b('perl'), 0)).toBe('perl');
  });
});
