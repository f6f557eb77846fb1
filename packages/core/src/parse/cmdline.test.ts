import { describe, expect, it } from 'vitest';
import { parseNulList } from './cmdline.ts';
import { parseStatm } from './statm.ts';

describe('parseNulList', () => {
  it('splits NUL-terminated arguments', () => {
    expect(parseNulList('sleep\x00100\x00').map(String)).toEqual(['sleep', '100']);
  });
  it('is empty for a kernel thread or a zombie', () => {
    expect(parseNulList('')).toEqual([]);
  });
  it('keeps empty arguments and a last one without NUL', () => {
    expect(parseNulList('a\0\0b').map(String)).toEqual(['a', '', 'b']);
  });
  it('keeps tabs, newlines, escapes and invalid UTF-8', () => {
    const raw = Buffer.from([0x61, 0x09, 0x0a, 0x1b, 0xff, 0x00, 0xc3, 0xa9, 0x00]);
    const [first, second] = parseNulList(raw);
    expect([...(first ?? [])]).toEqual([0x61, 0x09, 0x0a, 0x1b, 0xff]);
    expect(second?.toString('utf8')).toBe('é');
  });
});

describe('parseStatm', () => {
  it('reads the seven page counts', () => {
    expect(parseStatm('765 439 411 5 0 123 0\n')).toEqual({
      size: 765,
      resident: 439,
      shared: 411,
      text: 5,
      lib: 0,
      data: 123,
      dt: 0,
    });
  });
});
