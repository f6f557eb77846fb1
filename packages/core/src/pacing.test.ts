import { describe, expect, it } from 'vitest';
import { COLLECT_EVERY, collectorFor, MANY_PROCESSES, type PacedRuntime, tierUpFor } from './pacing.ts';

/** A runtime that records what it was asked. */
function recorder(): { runtime: PacedRuntime; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    runtime: {
      gc: (force) => asked.push(`gc(${force})`),
      unsafe: { setJITPolicy: (scale) => asked.push(`policy(${scale})`) },
    },
  };
}

describe('tierUpFor', () => {
  it('asks for the normal JIT policy from MANY_PROCESSES processes on', () => {
    const { runtime, asked } = recorder();
    tierUpFor(MANY_PROCESSES - 1, runtime);
    expect(asked).toEqual([]);
    tierUpFor(MANY_PROCESSES, runtime);
    expect(asked).toEqual(['policy(1)']);
  });
});

describe('collectorFor', () => {
  it('asks for a concurrent collection every COLLECT_EVERY processes of a long walk', () => {
    const { runtime, asked } = recorder();
    const visit = collectorFor(MANY_PROCESSES, runtime);
    for (let i = 0; i < COLLECT_EVERY * 2 + 1; i++) visit();
    expect(asked).toEqual(['gc(false)', 'gc(false)']);
  });

  it('asks nothing on a short walk, or of a runtime without a collector (Node)', () => {
    const { runtime, asked } = recorder();
    const short = collectorFor(MANY_PROCESSES - 1, runtime);
    for (let i = 0; i < COLLECT_EVERY * 2; i++) short();
    expect(asked).toEqual([]);
    const node = collectorFor(MANY_PROCESSES, undefined);
    for (let i = 0; i < COLLECT_EVERY; i++) node();
    expect(asked).toEqual([]);
  });
});
