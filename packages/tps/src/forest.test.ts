import { describe, expect, it } from 'vitest';
import { forestOrder, forestPrefix, hierarchyPrefix } from './forest.ts';

const nodes = (pairs: [number, number][]) => pairs.map(([pid, ppid]) => ({ pid, ppid, item: pid }));

describe('forestOrder', () => {
  it('lists roots in reverse order, children in order, init children flat with f', () => {
    const placed = forestOrder(
      nodes([
        [1, 0],
        [2, 0],
        [3, 2],
        [10, 1],
        [11, 10],
        [12, 10],
      ]),
    );
    expect(placed.map((p) => [p.item, p.depth])).toEqual([
      [2, 0],
      [3, 1],
      [1, 0],
      [10, 0],
      [11, 1],
      [12, 1],
    ]);
  });

  it('indents init children with -H', () => {
    const placed = forestOrder(
      nodes([
        [1, 0],
        [10, 1],
        [11, 10],
      ]),
      false,
    );
    expect(placed.map((p) => p.depth)).toEqual([0, 1, 2]);
    expect(placed.map(hierarchyPrefix)).toEqual(['', '  ', '    ']);
  });

  it('draws | for ancestors with later siblings', () => {
    const placed = forestOrder(
      nodes([
        [5, 0],
        [6, 5],
        [7, 6],
        [8, 5],
      ]),
    );
    expect(placed.map(forestPrefix)).toEqual(['', ' \\_ ', ' |   \\_ ', ' \\_ ']);
  });
});
