import { describe, expect, it } from 'vitest';
import { MANY_ITEMS } from './pacing.ts';
import { armRestart, restartForLongWalk } from './restart.ts';

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
