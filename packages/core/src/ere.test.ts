import { describe, expect, it } from 'vitest';
import { compileEre } from './ere.ts';

const matches = (pattern: string, subject: string, icase = false) => {
  const r = compileEre(pattern, icase);
  if (!r.ok) throw new Error(r.error);
  return r.regex.test(subject);
};

describe('compileEre', () => {
  it('matches as POSIX ERE', () => {
    expect(matches('^sl(e)+p$', 'sleep')).toBe(true);
    expect(matches('a**', 'b')).toBe(true);
    expect(matches('x{2,3}', 'axxb')).toBe(true);
    expect(matches('x{,1}y', 'y')).toBe(true);
    expect(matches('(ab)\\1', 'abab')).toBe(true);
    expect(matches('[[:digit:]]+', 'pts/3')).toBe(true);
    expect(matches('[]a]', ']')).toBe(true);
    expect(matches('[\\]', '\\')).toBe(true);
    expect(matches('a)', 'a)')).toBe(true);
    expect(matches('\\<leep', 'sleep')).toBe(false);
    expect(matches('\\bsleep\\>', 'a sleep')).toBe(true);
    expect(matches('SLEEP', 'sleep', true)).toBe(true);
    expect(matches('.', '\n')).toBe(true);
    expect(matches('a^b', 'a^b')).toBe(false);
    expect(matches('', 'anything')).toBe(true);
  });

  it('reports glibc words for invalid ones', () => {
    const error = (p: string) => {
      const r = compileEre(p);
      return r.ok ? undefined : r.error;
    };
    expect(error('a(')).toBe('Unmatched ( or \\(');
    expect(error('a[')).toBe('Invalid regular expression');
    expect(error('[a')).toBe('Unmatched [, [^, [:, [., or [=');
    expect(error('*a')).toBe('Invalid preceding regular expression');
    expect(error('a{1')).toBe('Unmatched \\{');
    expect(error('a{2,1}')).toBe('Invalid content of \\{\\}');
    expect(error('a{32768}')).toBe('Regular expression too big');
    expect(error('\\')).toBe('Trailing backslash');
    expect(error('\\1')).toBe('Invalid back reference');
    expect(error('[z-a]')).toBe('Invalid range end');
    expect(error('[[:foo:]]')).toBe('Invalid character class name');
    expect(error('[[.ab.]]')).toBe('Invalid collation character');
  });
});
