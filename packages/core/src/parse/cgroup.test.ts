import { describe, expect, it } from 'vitest';
import { parseCgroup } from './cgroup.ts';

describe('parseCgroup', () => {
  it('parses a v1+v2 hybrid file', () => {
    const text = `9:name=systemd:/
8:pids:/
4:memory:/process_api/5be2a7255b9836355473b99502475293
2:cpu,cpuacct:/
0::/
`;
    const entries = parseCgroup(text);
    expect(entries).toHaveLength(5);
    expect(entries[0]).toEqual({ hierarchyId: 9, controllers: ['name=systemd'], path: Buffer.from('/') });
    expect(entries[2]?.path.toString()).toBe('/process_api/5be2a7255b9836355473b99502475293');
    expect(entries[3]?.controllers).toEqual(['cpu', 'cpuacct']);
    expect(entries[4]).toEqual({ hierarchyId: 0, controllers: [], path: Buffer.from('/') });
  });

  it('keeps colons and odd bytes in the path', () => {
    const [entry] = parseCgroup('0::/user.slice/a:b/\xe9 x\n');
    expect(entry?.path).toEqual(Buffer.from('/user.slice/a:b/\xe9 x', 'latin1'));
  });

  it('skips empty and malformed lines', () => {
    expect(parseCgroup('')).toEqual([]);
    expect(parseCgroup('junk\nx:y:z\n0::/\n')).toHaveLength(1);
  });
});
