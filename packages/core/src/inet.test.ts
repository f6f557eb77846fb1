import { describe, expect, it } from 'vitest';
import { ipv6Bytes } from './inet.ts';

describe('ipv6Bytes (inet_pton, AF_INET6)', () => {
  it('reads full, compressed and dotted-quad forms', () => {
    expect(ipv6Bytes('::1')).toEqual([...Array(15).fill(0), 1]);
    expect(ipv6Bytes('::')).toEqual(Array(16).fill(0));
    expect(ipv6Bytes('fe80::1:2')).toEqual([0xfe, 0x80, ...Array(10).fill(0), 0, 1, 0, 2]);
    expect(ipv6Bytes('1:2:3:4:5:6:7:8')).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    expect(ipv6Bytes('::ffff:127.0.0.1')).toEqual([...Array(10).fill(0), 0xff, 0xff, 127, 0, 0, 1]);
  });
  it('refuses what inet_pton refuses', () => {
    for (const bad of [
      '127.0.0.1',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7::8',
      '::12345',
      '::1.2.3.256',
      'x::1',
      '',
    ])
      expect(ipv6Bytes(bad), bad).toBeUndefined();
  });
});
