import { describe, expect, it } from 'vitest';
import { parseMeminfo } from './meminfo.ts';

const SAMPLE = `MemTotal:       24683620 kB
MemFree:        24446964 kB
MemAvailable:   24403824 kB
Buffers:            2848 kB
Active(anon):       1520 kB
SwapTotal:             0 kB
NFS_Unstable:          0 kB
VmallocTotal:   34359738367 kB
HugePages_Total:       0
HugePages_Free:        3
Hugepagesize:       2048 kB
DirectMap2M:    25141248 kB
`;

describe('parseMeminfo', () => {
  const m = parseMeminfo(SAMPLE);

  it('keys values by field name, in the printed unit', () => {
    expect(m.MemTotal).toBe(24683620);
    expect(m.MemAvailable).toBe(24403824);
    expect(m['Active(anon)']).toBe(1520);
    expect(m.VmallocTotal).toBe(34359738367);
    expect(m.HugePages_Free).toBe(3);
    expect(Object.keys(m)).toHaveLength(12);
  });

  it('leaves absent fields undefined and tolerates empty or odd text', () => {
    expect(m.Zswap).toBeUndefined();
    expect(parseMeminfo('')).toEqual({});
    expect(parseMeminfo('junk\nX: y kB\nA: 1 kB')).toEqual({ A: 1 });
  });
});
