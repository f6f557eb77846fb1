import { describe, expect, it } from 'vitest';
import { parseNulList } from './parse/cmdline.ts';
import { bytesFromText, isValidUtf8, textFromBytes, textsFromNulList } from './bytes-text.ts';

describe('textFromBytes / bytesFromText', () => {
  const cases: [string, Buffer][] = [
    ['ascii', Buffer.from('sleep 100')],
    ['utf-8', Buffer.from('wörk 日本 🎉')],
    ['invalid lead', Buffer.from([0x61, 0xff, 0x62])],
    ['truncated sequence', Buffer.from([0x61, 0xc3])],
    ['overlong', Buffer.from([0xc0, 0xaf])],
    ['encoded surrogate', Buffer.from([0xed, 0xb2, 0x80])],
    ['mixed', Buffer.concat([Buffer.from('é'), Buffer.of(0xe9), Buffer.from('\x1b[1m\n')])],
  ];
  for (const [name, bytes] of cases) {
    it(`round-trips ${name}`, () => {
      const text = textFromBytes(bytes);
      expect(bytesFromText(text).equals(bytes)).toBe(true);
      // Through JSON too: lone surrogates are written as \\udcNN escapes.
      const json = JSON.stringify(text);
      expect(bytesFromText(JSON.parse(json)).equals(bytes)).toBe(true);
    });
  }
  it('keeps valid UTF-8 as is and escapes invalid bytes', () => {
    expect(textFromBytes(Buffer.from('wörk'))).toBe('wörk');
    expect(textFromBytes(Buffer.from([0x61, 0xff]))).toBe('a\udcff');
    expect(JSON.stringify(textFromBytes(Buffer.from([0x61, 0xff])))).toBe('"a\\udcff"');
    expect(isValidUtf8(Buffer.from([0xed, 0xb2, 0x80]))).toBe(false);
    expect(isValidUtf8(Buffer.from('日本'))).toBe(true);
  });
});

describe('textsFromNulList', () => {
  it("is parseNulList's items as textFromBytes' texts", () => {
    const lists = ['', '\0', 'a', 'a\0', 'a\0\0', 'sleep\x00100\x00', '\0b\0', 'no nul at the end\0x'].map((text) =>
      Buffer.from(text, 'latin1'),
    );
    lists.push(Buffer.concat([Buffer.from('wörk\0'), Buffer.of(0x61, 0xff, 0), Buffer.from('日本')]));
    for (const bytes of lists) expect(textsFromNulList(bytes)).toEqual(parseNulList(bytes).map(textFromBytes));
    expect(textsFromNulList(Buffer.of(0x61, 0xff, 0, 0x62, 0))).toEqual(['a\udcff', 'b']);
  });
});
