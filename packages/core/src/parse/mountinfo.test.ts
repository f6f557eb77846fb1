import { describe, expect, it } from 'vitest';
import { parseMountinfo, unescapeOctal } from './mountinfo.ts';

const SAMPLE = `21 26 0:20 / /proc rw,relatime - proc proc rw
26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
28 25 0:25 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 26 0:38 / /tmp/mnt\\040dir\\134with\\011tab rw,relatime - tmpfs src\\040x rw,size=1024k
`;

describe('parseMountinfo', () => {
  const mounts = parseMountinfo(SAMPLE);

  it('parses every field', () => {
    expect(mounts).toHaveLength(5);
    expect(mounts[1]).toEqual({
      mountId: 26,
      parentId: 1,
      major: 254,
      minor: 0,
      root: Buffer.from('/'),
      mountPoint: Buffer.from('/'),
      options: 'rw,relatime',
      optionalFields: [],
      fsType: 'ext4',
      source: Buffer.from('/dev/vda'),
      superOptions: 'rw,discard,resv_strict,resuid=65534,resgid=65534',
    });
  });

  it('unescapes space, tab and backslash in paths and sources', () => {
    expect(mounts[4]?.mountPoint.toString()).toBe('/tmp/mnt dir\\with\ttab');
    expect(mounts[4]?.source.toString()).toBe('src x');
  });

  it('collects optional fields before the separator', () => {
    const [m] = parseMountinfo(
      '36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue\n',
    );
    expect(m?.optionalFields).toEqual(['master:1', 'shared:7']);
    expect(m?.root.toString()).toBe('/mnt1');
    expect(m?.fsType).toBe('ext3');
  });

  it('keeps non-UTF-8 bytes and newlines', () => {
    const [m] = parseMountinfo(Buffer.from('50 26 0:40 / /tmp/\xff\\012x rw - tmpfs none rw\n', 'latin1'));
    expect(m?.mountPoint).toEqual(Buffer.from([0x2f, 0x74, 0x6d, 0x70, 0x2f, 0xff, 0x0a, 0x78]));
  });

  it('skips malformed lines and handles empty text', () => {
    expect(parseMountinfo('')).toEqual([]);
    expect(parseMountinfo('1 2 3\n')).toEqual([]);
    expect(unescapeOctal('a\\040b\\134\\x').toString()).toBe('a b\\\\x');
  });
});
