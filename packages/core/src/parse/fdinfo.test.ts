import { describe, expect, it } from 'vitest';
import { parseFdinfo } from './fdinfo.ts';

describe('parseFdinfo', () => {
  it('parses a regular file', () => {
    expect(parseFdinfo('pos:\t317\nflags:\t0100001\nmnt_id:\t26\nino:\t2146790\n')).toEqual({
      pos: 317,
      flags: 0o100001,
      mntId: 26,
      ino: 2146790,
      extra: {},
      lines: [],
    });
  });

  it('keeps eventfd lines', () => {
    const info = parseFdinfo(
      'pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1039\neventfd-count:                5\neventfd-id: 1\neventfd-semaphore: 0\n',
    );
    expect(info.flags).toBe(0o2000002);
    expect(info.extra).toEqual({ 'eventfd-count': '5', 'eventfd-id': '1', 'eventfd-semaphore': '0' });
    expect(info.lines).toHaveLength(3);
  });

  it('keeps inotify and epoll lines raw', () => {
    const inotify = parseFdinfo(
      'pos:\t0\nflags:\t00\nmnt_id:\t17\nino:\t1039\ninotify wd:1 ino:3f7e8 sdev:fe00000 mask:100 ignored_mask:0 fhandle-bytes:8 fhandle-type:1 f_handle:e8f7030000000000\n',
    );
    expect(inotify.flags).toBe(0);
    expect(inotify.lines).toEqual([
      'inotify wd:1 ino:3f7e8 sdev:fe00000 mask:100 ignored_mask:0 fhandle-bytes:8 fhandle-type:1 f_handle:e8f7030000000000',
    ]);
    expect(inotify.extra.inotify).toMatch(/^wd:1 ino:3f7e8/);
    const epoll = parseFdinfo(
      'pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1039\ntfd:        3 events:       19 data:                3  pos:0 ino:40f sdev:10\ntfd:        4 events:       19 data:                4  pos:0 ino:410 sdev:10\n',
    );
    expect(epoll.lines).toHaveLength(2);
    expect(epoll.extra.tfd).toMatch(/^3 events/);
  });

  it('tolerates older kernels without mnt_id/ino and empty text', () => {
    const old = parseFdinfo('pos:\t0\nflags:\t02\n');
    expect(old.mntId).toBeUndefined();
    expect(old.ino).toBeUndefined();
    expect(old.flags).toBe(2);
    expect(parseFdinfo('')).toEqual({ pos: 0, flags: 0, extra: {}, lines: [] });
  });

  it('reads a key as the pattern ^([^\\s:]+):\\s*(.*)$ does, odd lines too', () => {
    // The regular expression it replaced, as the oracle.
    const byPattern = (line: string) => {
      const m = /^([^\s:]+):\s*(.*)$/.exec(line);
      return m ? [m[1], m[2]] : [undefined, line];
    };
    const lines = [' pos:\t5', 'a b: c', 'key:', 'key:   ', 'x:\u00a0y', ':v', 'k::v', 'k:\tv w ', 'k\t: v', 'w1'];
    for (const line of lines) {
      const info = parseFdinfo(`${line}\n`);
      const [key, value] = byPattern(line);
      expect(info.lines, line).toEqual([line]);
      if (key !== undefined) expect(info.extra[key], line).toBe(value);
    }
    expect(parseFdinfo('pos:   12\nflags:\t\t0101\n')).toMatchObject({ pos: 12, flags: 0o101 });
  });
});
