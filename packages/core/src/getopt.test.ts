import { describe, expect, it } from 'vitest';
import { type GetoptEvent, getopt, gnuGetoptMessage, type LongOption } from './getopt.ts';

const all = (argv: string[], shorts: string, longs: LongOption[] = [{ name: 'list', has: 'optional', key: 'l' }]) => [
  ...getopt(argv, { shorts, longs }),
];

describe('getopt', () => {
  it('permutes operands to the end and stops at --', () => {
    expect(all(['a', '-x', 'b', '--', '-y'], 'xy')).toEqual([
      { type: 'option', key: 'x' },
      { type: 'operand', value: 'a' },
      { type: 'operand', value: 'b' },
      { type: 'operand', value: '-y' },
    ]);
  });

  it('reads required, optional and clustered arguments', () => {
    expect(all(['-ab1', '-b', '2', '-c', '-c3'], 'ab:c::')).toEqual([
      { type: 'option', key: 'a' },
      { type: 'option', key: 'b', arg: '1' },
      { type: 'option', key: 'b', arg: '2' },
      { type: 'option', key: 'c' },
      { type: 'option', key: 'c', arg: '3' },
    ]);
  });

  it('reports errors in glibc words', () => {
    const events = all(['-z', '-b', '--li=9', '--lo', '--list'], 'b:');
    expect(events[0]).toEqual({ type: 'invalid', char: 'z' });
    expect(events[1]).toEqual({ type: 'option', key: 'b', arg: '--li=9' });
    expect(events[2]).toEqual({ type: 'unrecognized', text: '--lo' });
    expect(gnuGetoptMessage('p', events[0] as GetoptEvent)).toBe("p: invalid option -- 'z'\n");
    expect(gnuGetoptMessage('p', { type: 'missing', key: 'd' })).toBe("p: option requires an argument -- 'd'\n");
    expect(gnuGetoptMessage('p', { type: 'missing', key: 'C', long: 'cgroup' })).toBe(
      "p: option '--cgroup' requires an argument\n",
    );
  });

  it('accepts unique prefixes of long options', () => {
    expect(all(['--li=9'], '')).toEqual([{ type: 'option', key: 'l', arg: '9', long: 'list' }]);
    const longs = [
      { name: 'table', has: 'none' as const, key: 'L' },
      { name: 'tail', has: 'none' as const, key: 'T' },
    ];
    expect(all(['--ta'], '', longs)).toEqual([{ type: 'ambiguous', text: '--ta', candidates: ['table', 'tail'] }]);
  });

  it('scans lsof-style: + clusters, no long options, stop at the first operand, resumed rest', () => {
    const argv = ['+d', 'dir', '-S3x', '--foo', '-a', 'name', '-b'];
    const events: GetoptEvent[] = [];
    const g = getopt(argv, { shorts: '+ad:S::xf::', plusPrefix: true });
    for (const e of g) {
      events.push(e);
      if (e.type === 'option' && e.key === 'S') g.resume(e.arg?.slice(1) ?? '');
    }
    expect(events).toEqual([
      { type: 'option', key: 'd', arg: 'dir', plus: true },
      { type: 'option', key: 'S', arg: '3x' },
      { type: 'option', key: 'x' },
      { type: 'invalid', char: '-' },
      { type: 'option', key: 'f', arg: 'oo' },
      { type: 'option', key: 'a' },
      { type: 'operand', value: 'name' },
      { type: 'operand', value: '-b' },
    ]);
  });

  it('lets the caller take the next element as an argument (lsof -g [set])', () => {
    const g = getopt(['-g', '12', '-g', '-a'], { shorts: '+g::a', plusPrefix: true });
    const seen: string[] = [];
    for (const e of g) {
      if (e.type !== 'option') continue;
      const arg = e.key === 'g' && /^\d/.test(g.next() ?? '') ? g.take() : e.arg;
      seen.push(`${e.key}=${arg}`);
    }
    expect(seen).toEqual(['g=12', 'g=undefined', 'a=undefined']);
  });

  it('stops at the first operand with + or POSIXLY_CORRECT', () => {
    const operands = (events: GetoptEvent[]) => events.filter((e) => e.type === 'operand').map((e) => e.value);
    expect(operands(all(['a', '-x'], 'x'))).toEqual(['a']);
    expect(operands(all(['-x', 'a', '-x'], '+x'))).toEqual(['a', '-x']);
    expect(operands([...getopt(['-x', 'a', '-x'], { shorts: 'x', env: { POSIXLY_CORRECT: '' } })])).toEqual([
      'a',
      '-x',
    ]);
  });

  it('yields operands in place with -', () => {
    expect(all(['a', '-x', 'b'], '-x')).toEqual([
      { type: 'operand', value: 'a' },
      { type: 'option', key: 'x' },
      { type: 'operand', value: 'b' },
    ]);
  });

  it('reads --foo as short options without a long table (plain getopt)', () => {
    expect([...getopt(['--x'], { shorts: 'x' })]).toEqual([
      { type: 'invalid', char: '-' },
      { type: 'option', key: 'x' },
    ]);
  });

  it('permutes argv in place as glibc does, optind following', () => {
    // glibc: after -b's argument, the operands a and c have moved behind it.
    const g = getopt(['a', '-x', 'c', '-b', 'v', 'd'], { shorts: 'xb:' });
    const seen: Array<[string, number, string[]]> = [];
    for (const e of g) seen.push([e.type === 'option' ? e.key : e.type, g.optind, [...g.argv]]);
    expect(seen[0]).toEqual(['x', 2, ['a', '-x', 'c', '-b', 'v', 'd']]);
    expect(seen[1]).toEqual(['b', 5, ['-x', 'a', 'c', '-b', 'v', 'd']]);
    expect(g.argv).toEqual(['-x', '-b', 'v', 'a', 'c', 'd']);
  });

  it('moves optind only once the last option of a bundle is taken', () => {
    const g = getopt(['-ab', 'x'], { shorts: 'ab' });
    const at: Array<string | undefined> = [];
    for (const e of g) if (e.type === 'option') at.push(`${e.key}:${g.argv[g.optind - 1]}:${g.next()}`);
    expect(at).toEqual(['a:undefined:-ab', 'b:-ab:x']);
  });

  describe('getopt_long_only', () => {
    const longs: LongOption[] = [
      { name: 'verbose', has: 'none', key: 'v' },
      { name: 'version', has: 'none', key: 'V' },
      { name: 'exact', has: 'none', key: 'e' },
      { name: 'signal', has: 'required', key: 's' },
    ];
    const scan = (argv: string[]) => [...getopt(argv, { shorts: 'veVs:', longs, longOnly: true })];
    it('takes -word as a long option', () => {
      expect(scan(['-verbose', '-signal', 'HUP'])).toEqual([
        { type: 'option', key: 'v', long: 'verbose' },
        { type: 'option', key: 's', arg: 'HUP', long: 'signal' },
      ]);
      expect(scan(['-vers'])).toEqual([{ type: 'option', key: 'V', long: 'version' }]);
    });
    it('falls back to short options on an ambiguous or unknown word starting with one', () => {
      expect(scan(['-ve'])).toEqual([
        { type: 'option', key: 'v' },
        { type: 'option', key: 'e' },
      ]);
      expect(scan(['-ez'])).toEqual([
        { type: 'option', key: 'e' },
        { type: 'invalid', char: 'z' },
      ]);
      expect(scan(['-zz'])).toEqual([{ type: 'unrecognized', text: '-zz' }]);
      expect(scan(['--ve'])).toEqual([{ type: 'ambiguous', text: '--ve', candidates: ['verbose', 'version'] }]);
    });
    it('keeps a lone valid short option short', () => {
      expect(scan(['-e'])).toEqual([{ type: 'option', key: 'e' }]);
    });
  });
});
