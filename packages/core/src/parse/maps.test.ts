import { describe, expect, it } from 'vitest';
import { mapsHasFile, parseMappedFiles, parseMaps } from './maps.ts';

const SAMPLE = `56347f977000-56347f979000 r--p 00000000 fe:00 260386                     /usr/bin/head
563484c2a000-563484c4b000 rw-p 00000000 00:00 0                          [heap]
7f1133e7b000-7f1133e7e000 rw-p 00000000 00:00 0 
7f1133ffa000-7f113404d000 r--p 0017c000 fe:00 339380                     /usr/lib/x86_64-linux-gnu/libc.so.6
7f1134061000-7f1134068000 r--s 00000000 fe:00 338846                     /usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache
7ff51ae11000-7ff51ae12000 rw-s 00000000 fe:00 2146794                    /tmp/a file (x) (deleted)
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
`;

describe('parseMaps', () => {
  const maps = parseMaps(SAMPLE);

  it('parses addresses, perms, offset, device and inode', () => {
    expect(maps).toHaveLength(7);
    expect(maps[0]).toEqual({
      start: 0x56347f977000n,
      end: 0x56347f979000n,
      perms: 'r--p',
      offset: 0n,
      dev: { major: 0xfe, minor: 0 },
      inode: 260386,
      path: Buffer.from('/usr/bin/head'),
      deleted: false,
    });
    expect(maps[3]?.offset).toBe(0x17c000n);
    expect(maps[4]?.perms).toBe('r--s');
  });

  it('keeps addresses above 2^53 exact', () => {
    expect(maps[6]?.start).toBe(0xffffffffff600000n);
    expect(maps[6]?.path?.toString()).toBe('[vsyscall]');
  });

  it('leaves path undefined for anonymous maps', () => {
    expect(maps[2]?.path).toBeUndefined();
    expect(maps[2]?.deleted).toBe(false);
    expect(maps[1]?.path?.toString()).toBe('[heap]');
  });

  it('keeps spaces in paths and strips the deleted marker', () => {
    expect(maps[5]?.path?.toString()).toBe('/tmp/a file (x)');
    expect(maps[5]?.deleted).toBe(true);
  });

  it('returns non-UTF-8 path bytes unchanged', () => {
    const line = '7f0000000000-7f0000001000 r--p 00000000 103:02 12 /tmp/odd\xff\xfename\n';
    const [entry] = parseMaps(line);
    expect(entry?.path).toEqual(Buffer.from([...Buffer.from('/tmp/odd'), 0xff, 0xfe, ...Buffer.from('name')]));
    expect(entry?.dev).toEqual({ major: 0x103, minor: 2 });
    expect(parseMaps(Buffer.from(line, 'latin1'))[0]?.path).toEqual(entry?.path);
  });

  it('handles empty text and junk', () => {
    expect(parseMaps('')).toEqual([]);
    expect(parseMaps('garbage\n\n')).toEqual([]);
  });
});

describe('parseMappedFiles', () => {
  it('gives each mapped file once, in order, with its deleted mark', () => {
    const text = `55ae60d5d000-55ae60da6000 r--p 00000000 fe:00 260723                     /usr/bin/perl
55ae60da6000-55ae60f3b000 r-xp 00049000 fe:00 260723                     /usr/bin/perl
55ae7f42c000-55ae7f48f000 rw-p 00000000 00:00 0                          [heap]
7f585ec49000-7f585ec4a000 r--p 00000000 fe:00 2147233                    /tmp/a b
7f585ec4b000-7f585ec4c000 rw-s 00000000 00:01 1025                       /dev/zero (deleted)
7f585ec4e000-7f585ec4f000 rw-p 00000000 00:00 0 
7ffc9fdcc000-7ffc9fded000 rw-p 00000000 00:00 0                          [stack]
`;
    expect(parseMappedFiles(text)).toEqual([
      { dev: { major: 254, minor: 0 }, inode: 260723, path: '/usr/bin/perl', deleted: false },
      { dev: { major: 254, minor: 0 }, inode: 2147233, path: '/tmp/a b', deleted: false },
      { dev: { major: 0, minor: 1 }, inode: 1025, path: '/dev/zero', deleted: true },
    ]);
  });

  it('gives the same objects for the lines a cache met in another process, parsed once', () => {
    const known = new Map();
    const one = `55ae60d5d000-55ae60da6000 r--p 00000000 fe:00 260723                     /usr/bin/perl
7f585ec49000-7f585ec4a000 r--p 00000000 fe:00 17 
7f585ec4b000-7f585ec4c000 r--p 00000000 fe:00 17                         /tmp/17
`;
    const two = `5611e1c2a000-5611e1c73000 r-xp 00049000 fe:00 260723                     /usr/bin/perl
7f1100000000-7f1100001000 r--p 00000000 fe:00 2147233                    /tmp/a b
`;
    const first = parseMappedFiles(one, known);
    // A line with an inode and no path counts its device and inode as met (first wins).
    expect(first).toEqual([{ dev: { major: 254, minor: 0 }, inode: 260723, path: '/usr/bin/perl', deleted: false }]);
    const second = parseMappedFiles(two, known);
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toEqual({ dev: { major: 254, minor: 0 }, inode: 2147233, path: '/tmp/a b', deleted: false });
    expect(parseMappedFiles(two)).toEqual(second);
    expect(known.size).toBe(4);
  });
});

describe('mapsHasFile', () => {
  const maps = Buffer.from(
    '55e3c58d8000-55e3c58da000 r--p 00000000 fe:00 1835331                    /usr/bin/sleep\n' +
      '7f7eaa991000-7f7eaa992000 rw-s 00000000 00:1a 2147305                    /tmp/x 00:2b 77\n' +
      '7f00-7f01 r--p 00000000 103:0a 12\n' +
      '7ffd1000-7ffd2000 rw-p 00000000 00:00 0                          [stack]\n',
    'latin1',
  );
  it('finds a device, and a file on it', () => {
    expect(mapsHasFile(maps, 0xfe, 0)).toBe(true);
    expect(mapsHasFile(maps, 0xfe, 0, 1835331)).toBe(true);
    expect(mapsHasFile(maps, 0xfe, 0, 1835332)).toBe(false);
    expect(mapsHasFile(maps, 0x103, 0x0a, 12)).toBe(true);
  });
  it('ignores the same bytes in a path, and anonymous maps', () => {
    expect(mapsHasFile(maps, 0, 0x2b)).toBe(false);
    expect(mapsHasFile(maps, 0, 0)).toBe(false);
  });
});
