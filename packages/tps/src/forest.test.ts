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
        [8, 5],
        [7, 6],
      ]),
    );
    expect(placed.map((p) => p.item)).toEqual([5, 6, 7, 8]);
    expect(placed.map(forestPrefix)).toEqual(['', ' \\_ ', ' |   \\_ ', ' \\_ ']);
  });

  it('takes as children only the run that starts at the first one (ps under --sort)', () => {
    // Sorted by pid: 1's run is 2, 3 (then 4 names 3); 3's run is 4 (then 5 names 1).
    const byPid = nodes([
      [1, 0],
      [2, 1],
      [3, 1],
      [4, 3],
      [5, 1],
      [7, 5],
      [8, 3],
    ]);
    expect(forestOrder(byPid, false).map((p) => [p.item, p.depth])).toEqual([
      [1, 0],
      [2, 1],
      [3, 1],
      [4, 2],
    ]);
    // Sorted by pid, descending: the roots come in reverse, 3's run is 8 then 4 is cut off by 5.
    const desc = nodes([
      [8, 3],
      [7, 5],
      [5, 1],
      [4, 3],
      [3, 1],
      [2, 1],
    ]);
    expect(forestOrder(desc, false).map((p) => [p.item, p.depth])).toEqual([
      [2, 0],
      [3, 0],
      [8, 1],
      [5, 0],
      [7, 1],
    ]);
  });
});
