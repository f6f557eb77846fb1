import { describe, expect, it } from 'vitest';
import { compileEre, compileEreAutomaton, type EreResult } from './ere.ts';

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

  it('reports an escaped } as no end of an interval, and clamps counts as glibc', () => {
    const error = (p: string) => {
      const r = compileEre(p);
      return r.ok ? undefined : r.error;
    };
    expect(error('a{1\\}')).toBe('Unmatched \\{');
    expect(error('a{-,')).toBe('Invalid content of \\{\\}');
    expect(error('a{40000,39999}')).toBe('Regular expression too big');
    expect(error('a{99999,1}')).toBe('Invalid content of \\{\\}');
    expect(matches('^a{1\\,2}$', 'aa')).toBe(true);
    expect(matches('^a{\\0}$', '')).toBe(true);
  });
});

describe('compileEre on patterns V8 alone refuses', () => {
  const a = (n: number) => 'a'.repeat(n);
  const verdicts = (r: EreResult, subjects: string[]) => (r.ok ? subjects.map((s) => r.regex.test(s)) : r.error);

  it("matches runs, captures, nesting and repetitions past V8's limits", () => {
    // V8: a run of 32,768, 32,767 captures, 12,000 nested groups, 10,200 a{2} (measured limits).
    expect(verdicts(compileEre(`^${a(32768)}`), [a(32768), a(32767)])).toEqual([true, false]);
    expect(verdicts(compileEre(`^/bin/x\\s+${a(40000)}$`), [`/bin/x \t${a(40000)}`, `/bin/x ${a(39999)}`])).toEqual([
      true,
      false,
    ]);
    expect(verdicts(compileEre(`^${'(a)'.repeat(33000)}`), [a(33000), a(32999)])).toEqual([true, false]);
    expect(verdicts(compileEre(`^${'(a)'.repeat(33000)}\\1`), [a(33001), a(33000)])).toEqual([true, false]);
    expect(verdicts(compileEre(`${'('.repeat(13000)}ab${')'.repeat(13000)}`), ['xaby', 'ba'])).toEqual([true, false]);
    expect(verdicts(compileEre(`^(${'a|('.repeat(8000)}b${')'.repeat(8001)}$`), ['b', 'a', 'ab'])).toEqual([
      true,
      true,
      false,
    ]);
    expect(verdicts(compileEre(`^${'a{2}'.repeat(12000)}$`), [a(24000), a(23999)])).toEqual([true, false]);
  });

  it('hands what V8 still refuses to the automaton', () => {
    // Some 15,000 items in a row are too many for V8, not for glibc (observed: x*a 16,000 times, 0.3 s).
    const pattern = `^${'bx*'.repeat(9000)}$`;
    const subjects = ['b'.repeat(9000), 'b'.repeat(8999), `${'b'.repeat(4000)}xx${'b'.repeat(5000)}`, 'c'];
    expect(verdicts(compileEre(pattern), subjects)).toEqual([true, false, true, false]);
    expect(verdicts(compileEreAutomaton(pattern), subjects)).toEqual([true, false, true, false]);
    expect(verdicts(compileEre(`(a)\\1${'x*a'.repeat(9000)}`), [])).toBe('Memory exhausted');
    expect(verdicts(compileEreAutomaton('(a{32767}){32767}'), [])).toBe('Memory exhausted');
    expect(verdicts(compileEreAutomaton('(a)\\1'), [])).toBe('Memory exhausted');
  });
});
