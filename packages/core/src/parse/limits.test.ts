import { describe, expect, it } from 'vitest';
import { parseLimits } from './limits.ts';

// From cat /proc/self/limits on the build machine (the kernel pads every row, trailing spaces included).
const SAMPLE = `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max file size             unlimited            unlimited            bytes     
Max data size             unlimited            unlimited            bytes     
Max stack size            8388608              unlimited            bytes     
Max core file size        0                    unlimited            bytes     
Max resident set          unlimited            unlimited            bytes     
Max processes             96364                96364                processes 
Max open files            20000                20000                files     
Max locked memory         8388608              8388608              bytes     
Max address space         unlimited            unlimited            bytes     
Max file locks            unlimited            unlimited            locks     
Max pending signals       96364                96364                signals   
Max msgqueue size         819200               819200               bytes     
Max nice priority         0                    0                    
Max realtime priority     0                    0                    
Max realtime timeout      unlimited            unlimited            us        
`;

describe('parseLimits', () => {
  const limits = parseLimits(SAMPLE);

  it('parses all 16 rows with names containing spaces', () => {
    expect(limits).toHaveLength(16);
    expect(limits.map((l) => l.name)).toContain('Max realtime timeout');
    expect(limits.find((l) => l.name === 'Max open files')).toEqual({
      name: 'Max open files',
      soft: 20000,
      hard: 20000,
      units: 'files',
    });
  });

  it("maps unlimited to 'unlimited'", () => {
    expect(limits[3]).toEqual({ name: 'Max stack size', soft: 8388608, hard: 'unlimited', units: 'bytes' });
    expect(limits[0]?.soft).toBe('unlimited');
  });

  it('omits units when the column is blank', () => {
    const nice = limits.find((l) => l.name === 'Max nice priority');
    expect(nice).toEqual({ name: 'Max nice priority', soft: 0, hard: 0 });
    expect(nice && 'units' in nice).toBe(false);
  });

  it('follows the header columns when they move', () => {
    const text = 'Limit   Soft Limit Hard Limit Units\nMax x   1          2          things\nMax y z unlimited  3\n';
    expect(parseLimits(text)).toEqual([
      { name: 'Max x', soft: 1, hard: 2, units: 'things' },
      { name: 'Max y z', soft: 'unlimited', hard: 3 },
    ]);
  });

  it('uses the kernel layout without a header, and tolerates empty text', () => {
    expect(parseLimits(SAMPLE.split('\n').slice(8).join('\n'))[0]?.name).toBe('Max open files');
    expect(parseLimits('')).toEqual([]);
  });
});
