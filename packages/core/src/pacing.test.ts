import { describe, expect, it } from 'vitest';
import {
  COLLECT_EVERY,
  collectorFor,
  JIT_SCALE,
  MANY_ITEMS,
  type PacedRuntime,
  pacer,
  START_JIT_SCALE,
} from './pacing.ts';

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

describe('pacer', () => {
  it('asks for the JIT_SCALE policy once the work adds up to MANY_ITEMS, and only once', () => {
    const { runtime, asked } = recorder();
    const { expectWork } = pacer(runtime);
    expectWork(MANY_ITEMS - 11);
    expectWork(10);
    expect(asked).toEqual([]);
    expectWork(1);
    expect(asked).toEqual([`policy(${JIT_SCALE})`]);
    expectWork(MANY_ITEMS);
    expect(asked).toEqual([`policy(${JIT_SCALE})`]);
  });

  it('holds the JIT back for good once a reader thread runs, asking back the start policy if it changed', () => {
    const early = recorder();
    const before = pacer(early.runtime);
    before.holdJit();
    before.expectWork(MANY_ITEMS * 2);
    expect(early.asked).toEqual([]);
    const late = recorder();
    const after = pacer(late.runtime);
    after.expectWork(MANY_ITEMS);
    after.holdJit();
    after.holdJit();
    after.expectWork(MANY_ITEMS);
    expect(late.asked).toEqual([`policy(${JIT_SCALE})`, `policy(${START_JIT_SCALE})`]);
  });

  it('holds nothing back without the FTL tier, and still asks for JIT_SCALE', () => {
    const { runtime, asked } = recorder();
    const noFtl = pacer(runtime, { ftl: false });
    noFtl.holdJit();
    noFtl.expectWork(MANY_ITEMS);
    noFtl.holdJit();
    expect(asked).toEqual([`policy(${JIT_SCALE})`]);
  });

  it('asks nothing of a runtime without a JIT policy (Node)', () => {
    const { runtime, asked } = recorder();
    const node = pacer({ gc: runtime.gc });
    node.expectWork(MANY_ITEMS * 2);
    node.holdJit();
    expect(asked).toEqual([]);
  });
});

describe('collectorFor', () => {
  it('asks for a concurrent collection every COLLECT_EVERY processes of a long walk', () => {
    const { runtime, asked } = recorder();
    const visit = collectorFor(MANY_ITEMS, runtime);
    for (let i = 0; i < COLLECT_EVERY * 2 + 1; i++) visit();
    expect(asked).toEqual(['gc(false)', 'gc(false)']);
  });

  it('asks nothing on a short walk, or of a runtime without a collector (Node)', () => {
    const { runtime, asked } = recorder();
    const short = collectorFor(MANY_ITEMS - 1, runtime);
    for (let i = 0; i < COLLECT_EVERY * 2; i++) short();
    expect(asked).toEqual([]);
    const node = collectorFor(MANY_ITEMS, undefined);
    for (let i = 0; i < COLLECT_EVERY; i++) node();
    expect(asked).toEqual([]);
  });
});
