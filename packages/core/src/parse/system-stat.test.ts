import { describe, expect, it } from 'vitest';
import { parseSystemStat } from './system-stat.ts';

const SAMPLE = `cpu  2596 0 2252 37063 110 0 125 0 0 0
cpu0 1095 0 1011 18884 8 0 65 0 0 0
cpu1 1501 0 1241 18178 102 0 60 0 0 0
intr 116660 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 1 10 0 0 0 0 42 21 0 16 1 5264
ctxt 254967
btime 1795681950
processes 3011
procs_running 1
procs_blocked 0
softirq 57195 0 7326 7 7545 5266 0 4 20268 0 16779
`;

describe('parseSystemStat', () => {
  const stat = parseSystemStat(SAMPLE);

  it('parses totals and per-cpu times', () => {
    expect(stat.cpu).toEqual({
      user: 2596,
      nice: 0,
      system: 2252,
      idle: 37063,
      iowait: 110,
      irq: 0,
      softirq: 125,
      steal: 0,
      guest: 0,
      guestNice: 0,
    });
    expect(stat.cpus).toHaveLength(2);
    expect(stat.cpus[1]?.iowait).toBe(102);
  });

  it('parses the scalar lines', () => {
    expect(stat.btime).toBe(1795681950);
    expect(stat.ctxt).toBe(254967);
    expect(stat.processes).toBe(3011);
    expect(stat.procsRunning).toBe(1);
    expect(stat.procsBlocked).toBe(0);
  });

  it('fills columns missing on old kernels with 0', () => {
    const old = parseSystemStat('cpu  1 2 3 4\ncpu0 1 2 3 4\n');
    expect(old.cpu).toMatchObject({ user: 1, nice: 2, system: 3, idle: 4, iowait: 0, guestNice: 0 });
  });

  it('keeps offline cpus as holes and tolerates empty text', () => {
    const s = parseSystemStat('cpu  1 1 1 1\ncpu0 1 1 1 1\ncpu2 2 2 2 2\n');
    expect(s.cpus[1]).toBeUndefined();
    expect(s.cpus[2]?.user).toBe(2);
    expect(parseSystemStat('').btime).toBe(0);
  });
});
