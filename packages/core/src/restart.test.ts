import { describe, expect, it } from 'vitest';
import { MANY_ITEMS } from './pacing.ts';
import { armRestart, manyProcessesListed, restartForLongWalk } from './restart.ts';

describe('restartForLongWalk', () => {
  it('starts again only where the runner armed it, and only for a long walk', () => {
    restartForLongWalk(MANY_ITEMS);
    let asked = 0;
    armRestart(() => {
      asked++;
    });
    restartForLongWalk(MANY_ITEMS - 1);
    expect(asked).toBe(0);
    restartForLongWalk(MANY_ITEMS);
    expect(asked).toBe(1);
  });
});

describe('manyProcessesListed', () => {
  it("counts by /proc's link count in the initial PID namespace alone", () => {
    expect(manyProcessesListed('pid:[4026531836]', MANY_ITEMS)).toBe(true);
    expect(manyProcessesListed('pid:[4026531836]', MANY_ITEMS - 1)).toBe(false);
    // A container's /proc has the machine's count: its own processes may be few.
    expect(manyProcessesListed('pid:[4026532299]', 50_000)).toBe(false);
  });
});
