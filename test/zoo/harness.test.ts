// Tests of the harness itself: each mechanism that decides a differential result must be able to
// report a difference (issue 18): no retry, no missing case, no unfinished namespace, no count of
// a literal list passes for agreement.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCases, joinStreams } from '../diff/signal-batch.ts';
import { sameLayoutWithin } from './compare.ts';
import { FrozenClock } from './frozen-clock.ts';
import { checkFinished, runInPidNamespace } from './pidns.ts';
import tallyGlobal from './tally-global.ts';
import { addTallies, countCompared, RETRY_BUDGET, retryOnTiming, summarise, takeTally } from './tally.ts';

const section = (i: number, out: string) => `@@case ${i}\n--- stdout\n${out}--- stderr\n--- status 0\n`;

describe('compareCases', () => {
  it('passes equal cases', () => {
    const both = section(0, 'a\n') + section(1, 'b\n');
    expect(compareCases('tx', ['a', 'b'], both, both).failures).toEqual([]);
  });
  it('fails a case missing on both sides', () => {
    const both = section(0, 'a\n');
    const { failures } = compareCases('tx', ['a', 'b'], both, both);
    expect(failures).toEqual(['b\nreference: missing, ours: missing']);
  });
  it('fails a case missing on one side, and sections past the last label', () => {
    const two = section(0, 'a\n') + section(1, 'b\n');
    expect(compareCases('tx', ['a', 'b'], two, section(0, 'a\n')).failures).toEqual([
      'b\nreference: ran, ours: missing',
    ]);
    expect(compareCases('tx', ['a'], two, two).failures).toEqual([
      'reference: 1 sections past the last case',
      'ours: 1 sections past the last case',
    ]);
  });
  it('fails a difference', () => {
    const { failures } = compareCases('tx', ['a'], section(0, 'a\n'), section(0, 'b\n'));
    expect(failures[0]).toMatch(/^a\n--- reference\n\+\+\+ ours\n/);
  });
});

describe('joinStreams', () => {
  it("pairs each case's stdout, fates, stderr and status, victim pids as labels", () => {
    const stdout =
      '@@case 0\n@@labels A=301 B=302\nkilled 301 (and 3011)@@fates\n301 sleep signal 15\n302 sleep alive\n@@status 0\n@@case 1\nplain\n@@status 1\n';
    const stderr = 'noise before the first case\n@@case 0\nno 302\n@@case 1\n';
    expect(joinStreams({ stdout, stderr })).toBe(
      '@@case 0\n--- stdout\nkilled <A> (and 3011)<A> sleep signal 15\n<B> sleep alive\n--- stderr\nno <B>\n--- status 0\n' +
        '@@case 1\n--- stdout\nplain\n--- stderr\n--- status 1\n',
    );
  });

  it('marks a case that never reached its status', () => {
    expect(joinStreams({ stdout: '@@case 0\npartial', stderr: '' })).toBe(
      '@@case 0\n--- stdout\npartial--- stderr\n--- status (none)\n',
    );
  });
});

describe('runInPidNamespace', () => {
  it('returns a finished script with its status', async () => {
    const r = await runInPidNamespace('echo $$; exit 3');
    expect(r).toMatchObject({ stdout: '1\n', status: 3 });
  });
  it('throws when the script does not run to its end', async () => {
    // exec replaces the shell: its EXIT trap never runs, as when unshare itself fails or a
    // timeout kills the namespace.
    await expect(runInPidNamespace('exec true')).rejects.toThrow(/did not run to its end/);
    const failed = {
      stdout: '',
      stderr: 'unshare: unshare failed: Operation not permitted\n',
      status: 1,
      signal: null,
    };
    expect(() => checkFinished(failed, undefined)).toThrow(/did not run to its end \(unshare: status 1\)/);
    expect(() => checkFinished({ ...failed, status: 0 }, '0\n')).not.toThrow();
    expect(() => checkFinished({ ...failed, status: 1 }, '0\n')).toThrow(/unshare ended with status 1/);
  });
});

describe('FrozenClock.compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tproc-harness-'));
  const clock = new FrozenClock({ reference: 'sh', ours: 'sh', ourPath: '/bin/sh' });
  afterAll(() => {
    clock.remove();
    rmSync(dir, { recursive: true, force: true });
  });
  it('compares once: a difference on the first try fails, even if a second would agree', async () => {
    // "ours" prints `first` on its first run only; the old retry ran it again and found `x`.
    const ours = ['sh', '-c', `if [ -e ${dir}/ran ]; then echo x; else : > ${dir}/ran; echo first; fi`];
    const cmp = await clock.compare(['sh', '-c', 'echo x'], ours, {});
    expect(cmp.equal).toBe(false);
    expect(cmp.diff).toContain('+first');
  });
});

describe('retries and the tally', () => {
  it('counts every retry, and a run over the budget fails', async () => {
    takeTally();
    let n = 0;
    const result = await retryOnTiming(
      'flaky',
      3,
      async () => ++n,
      (v) => v === 3,
    );
    expect(result).toBe(3);
    const flaky = await retryOnTiming(
      'never',
      2,
      async () => false,
      (v) => v,
    );
    expect(flaky).toBe(false);
    countCompared('/some/bin/tps', 2);
    const mine = takeTally();
    expect(mine).toEqual({ compared: { tps: 2 }, retries: ['flaky', 'flaky', 'never'] });
    const within = summarise(mine);
    expect(within.over).toBe(RETRY_BUDGET < 3);
    expect(within.text).toMatch(/^ +tps +2$/m);
    const over = summarise(addTallies([mine, { compared: { tpgrep: 1 }, retries: Array(RETRY_BUDGET).fill('x') }]));
    expect(over.over).toBe(true);
    expect(over.text).toContain('OVER BUDGET');
    expect(over.text).toMatch(/^ +total +3$/m);
  });
});

describe('sameLayoutWithin (pss drift)', () => {
  const ref = '  PSS   USS   PID\n  995   100    12\n 1200   300    13\n';
  it('passes values within the allowance, digits gained or lost included', () => {
    expect(sameLayoutWithin(ref, '  PSS   USS   PID\n 1001   100    12\n 1190   300    13\n', { PSS: 32 })).toBe(true);
  });
  it('fails a value past the allowance, or a moving value in another column', () => {
    expect(sameLayoutWithin(ref, '  PSS   USS   PID\n 1100   100    12\n 1200   300    13\n', { PSS: 32 })).toBe(false);
    expect(sameLayoutWithin(ref, '  PSS   USS   PID\n  995   101    12\n 1200   300    13\n', { PSS: 32 })).toBe(false);
  });
  it('fails any change of layout: a width, a blank, a line', () => {
    expect(sameLayoutWithin(ref, '  PSS   USS   PID\n  995  100    12\n 1200   300    13\n', { PSS: 32 })).toBe(false);
    expect(sameLayoutWithin(ref, '  PSS   USS   PID\n   995   100    12\n 1200   300    13\n', { PSS: 32 })).toBe(
      false,
    );
    expect(sameLayoutWithin(ref, '  PSS   USS  PID\n  995   100    12\n 1200   300    13\n', { PSS: 32 })).toBe(false);
    expect(sameLayoutWithin(ref, '  PSS   USS   PID\n  995   100    12\n', { PSS: 32 })).toBe(false);
  });
});

describe('the global teardown', () => {
  it('prints the counts and fails the run past the retry budget', () => {
    let dir = '';
    const project = { provide: (_key: string, value: string) => (dir = value) };
    const teardown = tallyGlobal(project as never);
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({ compared: { tps: 5 }, retries: Array(RETRY_BUDGET + 1).fill('x') }),
    );
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ compared: { tps: 2, tpgrep: 1 }, retries: [] }));
    const logged: string[] = [];
    const log = console.log;
    const before = process.exitCode;
    console.log = (text: string) => logged.push(text);
    try {
      teardown();
      expect(process.exitCode).toBe(1);
    } finally {
      console.log = log;
      process.exitCode = before;
    }
    expect(logged.join('\n')).toMatch(/^ +tps +7$/m);
    expect(logged.join('\n')).toMatch(/^ +tpgrep +1$/m);
    expect(logged.join('\n')).toContain('OVER BUDGET');
  });
});
