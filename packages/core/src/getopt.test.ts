import { describe, expect, it } from 'vitest';
import { type GetoptCursor, type GetoptEvent, getopt, gnuGetoptMessage, type LongOption } from './getopt.ts';

const all = (argv: string[], spec: string, longs: LongOption[] = [{ name: 'list', has: 'optional', key: 'l' }]) => [
  ...getopt(argv, spec, longs),
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
    let cursor: GetoptCursor | undefined;
    for (const e of getopt(
      argv,
      'ad:S::xf::',
      [],
      { bind: (c) => (cursor = c) },
      {
        plusPrefix: true,
        noLongOptions: true,
        stopAtOperand: true,
      },
    )) {
      events.push(e);
      if (e.type === 'option' && e.key === 'S') cursor?.resume(e.arg?.slice(1) ?? '');
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
});
