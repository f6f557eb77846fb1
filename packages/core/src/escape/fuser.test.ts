import { describe, expect, it } from 'vitest';
import { escapeFuser, fuserCommandName } from './fuser.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('escapeFuser', () => {
  it('passes printable ASCII, backslash and percent included', () => {
    expect(escapeFuser(b('b\\sl%s sp ace'))).toBe('b\\sl%s sp ace');
  });
  it('writes controls and DEL as three octal digits', () => {
    expect(escapeFuser(b('a\nb\tc\x1bd'))).toBe('a\\012b\\011c\\033d');
    expect(escapeFuser(b('x\x7fy'))).toBe('x\\177y');
  });
  it('writes high bytes as the sign-extended octal of a char', () => {
    expect(escapeFuser(b('zq\x01\xc3\xa9'))).toBe('zq\\001\\37777777703\\37777777651');
    expect(escapeFuser(b('\xff'))).toBe('\\37777777777');
  });
  it('stops escapes at 60 characters and plain bytes at 64', () => {
    const ff5 = '\\37777777777'.repeat(5);
    expect(escapeFuser(b(`a${'\xff'.repeat(6)}`))).toBe(`a${ff5}`);
    expect(escapeFuser(b(`${'a'.repeat(10)}${'\xff'.repeat(5)}`))).toBe(`${'a'.repeat(10)}${ff5}`);
    expect(escapeFuser(b(`${'\xff'.repeat(5)}\x01aaaaaaaaa`))).toBe(`${ff5}aaaa`);
    expect(escapeFuser(b('\xffa'.repeat(6)))).toBe(`${'\\37777777777a'.repeat(4)}\\37777777777`);
    expect(escapeFuser(b(`b${'\x01'.repeat(14)}`))).toBe(`b${'\\001'.repeat(14)}`);
  });
});

describe('fuserCommandName', () => {
  it('cuts at the first closing parenthesis', () => {
    expect(Buffer.from(fuserCommandName(b('x)y)z')))).toEqual(b('x'));
    expect(Buffer.from(fuserCommandName(b('q(')))).toEqual(b('q('));
  });
});
