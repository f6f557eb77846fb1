import { describe, expect, it } from 'vitest';
import { pstreeEscape, pstreeEscapeLatin1 } from './pstree.ts';

// Observed from psmisc 23.6, the same in the C and C.UTF-8 locales.
describe('pstreeEscape', () => {
  it('escapes bytes as octal', () => {
    expect(pstreeEscape(Buffer.from('a\\b\x01\x7fé'))).toBe('a\\\\b\\001\\177\\303\\251');
  });
  it.each([
    ['escape sequence', [0x65, 0x73, 0x63, 0x1b, 0x5b, 0x33, 0x31, 0x6d], 'esc\\033[31m'],
    ['tab and newline', [0x74, 0x09, 0x6e, 0x0a], 't\\011n\\012'],
    ['C1 character', [0x63, 0xc2, 0x85], 'c\\302\\205'],
    ['invalid UTF-8', [0x62, 0xff, 0xfe], 'b\\377\\376'],
    ['wide character', [0xe6, 0xbc, 0xa2], '\\346\\274\\242'],
  ])('%s', (_name, bytes, expected) => {
    expect(pstreeEscape(Buffer.from(bytes))).toBe(expected);
    expect(pstreeEscapeLatin1(Buffer.from(bytes).toString('latin1'))).toBe(expected);
  });
  it('leaves printable ASCII alone', () => {
    expect(pstreeEscapeLatin1('sp ace(x)')).toBe('sp ace(x)');
  });
});
