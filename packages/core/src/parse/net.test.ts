import { describe, expect, it } from 'vitest';
import { formatIpv6, parseNetInet, parseNetNetlink, parseNetPacket, parseNetUnix, TCP_STATES } from './net.ts';

// Captured on the x86_64 build machine with node listeners on 127.0.0.1:45678, ::1:45679 and
// ::ffff:127.0.0.1:45680 (plus a connection to each of the first two), UDP on 127.0.0.1/::1:45681
// and python listening on [::]:45690.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     
   0: 0100007F:B26E 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6749 1 000000000c3c5841 100 0 0 10 0                      
   1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 115 1 0000000050b719d5 100 0 0 10 0                       
   2: 0100007F:B26E 0100007F:8E26 01 00000000:00000000 00:00000000 00000000     0        0 6756 1 000000002ae364d8 20 0 0 10 -1                      
   3: 0100007F:8E26 0100007F:B26E 01 00000000:00000000 00:00000000 00000000     0        0 6754 1 000000001f9ee74a 20 0 0 10 -1                      
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:B27A 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7635 1 000000007aa518f3 100 0 0 10 0
   1: 00000000000000000000000001000000:B26F 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6750 1 0000000097221aff 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:B270 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6751 1 00000000efd754eb 100 0 0 10 0
   3: 00000000000000000000000001000000:CF4C 00000000000000000000000001000000:B26F 01 00000000:00000000 00:00000000 00000000     0        0 6755 1 00000000c414227e 20 0 0 10 -1
   4: 00000000000000000000000001000000:B26F 00000000000000000000000001000000:CF4C 01 00000000:00000000 00:00000000 00000000     0        0 6757 1 00000000bc21b9ff 20 0 0 10 -1
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            
 1042: 0100007F:B271 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 6752 2 000000002311fa4e 0          
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 1042: 00000000000000000000000001000000:B271 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 6753 2 00000000ad8446f5 0
`;
const UNIX = `Num       RefCount Protocol Flags    Type St Inode Path
0000000012acdb7e: 00000003 00000000 00000000 0001 03   111
00000000f0510453: 00000003 00000000 00000000 0001 03   112
000000009c52d19d: 00000002 00000000 00010000 0001 01  6747 /tmp/sock with space
00000000abe163c4: 00000002 00000000 00000000 0002 01  7636 /tmp/odd\xff\xfename
000000006cace8a0: 00000002 00000000 00010000 0001 01  6748 @abstract name@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
0000000005a782f8: 00000002 00000000 00000000 0005 01  7637 @seq
`;

describe('parseNetInet', () => {
  it('decodes little-endian IPv4 words and hex ports', () => {
    const tcp = parseNetInet(TCP, 4, true);
    expect(tcp).toHaveLength(4);
    expect(tcp[0]).toEqual({
      sl: 0,
      localAddress: '127.0.0.1',
      localPort: 45678,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
      localRaw: '0100007F:B26E',
      remoteRaw: '00000000:0000',
      state: 10,
      txQueue: 0,
      rxQueue: 0,
      uid: 0,
      inode: 6749,
      refCount: 1,
    });
    expect(tcp[1]?.localPort).toBe(2024);
    expect(tcp[2]).toMatchObject({ remoteAddress: '127.0.0.1', remotePort: 0x8e26, state: 1, inode: 6756 });
    expect(TCP_STATES[tcp[2]!.state]).toBe('ESTABLISHED');
    expect(TCP_STATES[tcp[0]!.state]).toBe('LISTEN');
  });

  it('decodes IPv6 as RFC 5952 text', () => {
    const tcp6 = parseNetInet(TCP6, 6, true);
    expect(tcp6.map((s) => `${s.localAddress}:${s.localPort}`)).toEqual([
      ':::45690',
      '::1:45679',
      '::ffff:127.0.0.1:45680',
      '::1:53068',
      '::1:45679',
    ]);
    expect(tcp6[3]?.remoteAddress).toBe('::1');
  });

  it('parses udp rows with drops', () => {
    const [udp] = parseNetInet(UDP, 4, true);
    expect(udp).toMatchObject({ sl: 1042, localAddress: '127.0.0.1', localPort: 45681, state: 7, inode: 6752 });
    expect(udp?.refCount).toBe(2);
    expect(udp?.drops).toBe(0);
    expect(parseNetInet(UDP6, 6, true)[0]).toMatchObject({ localAddress: '::1', localPort: 45681, inode: 6753 });
  });

  it('honours big-endian hosts', () => {
    const line = '   0: 7F000001:0016 0A000002:C000 01 00000001:00000002 00:00000000 00000000  1000        0 99 1 0\n';
    expect(parseNetInet(line, 4, false)[0]).toMatchObject({
      localAddress: '127.0.0.1',
      localPort: 22,
      remoteAddress: '10.0.0.2',
      txQueue: 1,
      rxQueue: 2,
      uid: 1000,
    });
  });

  it('parses a TIME_WAIT row, which has fewer columns', () => {
    const line =
      '   5: 0100007F:1F90 0100007F:D4B2 06 00000000:00000000 03:00001620 00000000     0        0 0 3 00000000f3c2b1a0\n';
    const [s] = parseNetInet(line, 4, true);
    expect(s).toMatchObject({ state: 6, inode: 0, refCount: 3 });
    expect(s?.drops).toBeUndefined();
  });

  it('skips the header and handles empty tables', () => {
    expect(parseNetInet('', 4)).toEqual([]);
    expect(parseNetInet(TCP.split('\n')[0]!, 4)).toEqual([]);
  });
});

describe('parseNetNetlink and parseNetPacket', () => {
  it('reads protocol, port id and inode of netlink sockets', () => {
    const text = `sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
0000000054ee99f9 0   0          00000000 0        0        0     2        0        4       
00000000a1b2c3d4 15  4242       00000001 0        0        0     2        0        205481  
`;
    expect(parseNetNetlink(text)).toEqual([
      { address: '0000000054ee99f9', protocol: 0, portId: 0, groups: '00000000', inode: 4 },
      { address: '00000000a1b2c3d4', protocol: 15, portId: 4242, groups: '00000001', inode: 205481 },
    ]);
  });
  it('reads type and ethertype (hex) of packet sockets', () => {
    const text = `sk               RefCnt Type Proto  Iface R Rmem   User   Inode
0000000090142949 3      3    0003   0     1 3332   0      205478
00000000ef3a1ab1 3      2    0800   2     0 0      1000   205479
`;
    expect(parseNetPacket(text)).toEqual([
      {
        address: '0000000090142949',
        refCount: 3,
        type: 3,
        protocol: 3,
        ifindex: 0,
        running: true,
        uid: 0,
        inode: 205478,
      },
      {
        address: '00000000ef3a1ab1',
        refCount: 3,
        type: 2,
        protocol: 0x800,
        ifindex: 2,
        running: false,
        uid: 1000,
        inode: 205479,
      },
    ]);
  });
});

describe('formatIpv6', () => {
  const bytes = (hex: string) => [...Buffer.from(hex, 'hex')];
  it('compresses like Node', () => {
    expect(formatIpv6(bytes('00000000000000000000000000000000'))).toBe('::');
    expect(formatIpv6(bytes('00000000000000000000000000000001'))).toBe('::1');
    expect(formatIpv6(bytes('20010db8000000000001000000000001'))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(bytes('00010000000000000000000000000000'))).toBe('1::');
    expect(formatIpv6(bytes('00010000000100010001000100010001'))).toBe('1:0:1:1:1:1:1:1');
    expect(formatIpv6(bytes('00000000000000000000000000000102'))).toBe('::102');
    expect(formatIpv6(bytes('00000000000000000000ffff00000000'))).toBe('::ffff:0.0.0.0');
    expect(formatIpv6(bytes('fe800000000000000000000000000001'))).toBe('fe80::1');
    expect(formatIpv6(bytes('20010db8000000010000000000000001'))).toBe('2001:db8:0:1::1');
  });
});

describe('parseNetUnix', () => {
  const sockets = parseNetUnix(UNIX);

  it('parses every row', () => {
    expect(sockets).toHaveLength(6);
    expect(sockets[0]).toEqual({
      address: '0000000012acdb7e',
      refCount: 3,
      protocol: 0,
      flags: 0,
      type: 1,
      state: 3,
      inode: 111,
    });
    expect(sockets[2]).toEqual({
      address: '000000009c52d19d',
      refCount: 2,
      protocol: 0,
      flags: 0x10000,
      type: 1,
      state: 1,
      inode: 6747,
      path: Buffer.from('/tmp/sock with space'),
    });
  });

  it('keeps odd bytes and abstract names', () => {
    expect(sockets[3]?.path).toEqual(Buffer.from('/tmp/odd\xff\xfename', 'latin1'));
    expect(sockets[3]?.type).toBe(2);
    expect(sockets[4]?.path?.toString()).toMatch(/^@abstract name@+$/);
    expect(sockets[5]).toMatchObject({ type: 5, path: Buffer.from('@seq') });
  });

  it('accepts raw bytes and empty text', () => {
    expect(parseNetUnix(Buffer.from(UNIX, 'latin1'))[3]?.path).toEqual(sockets[3]?.path);
    expect(parseNetUnix('')).toEqual([]);
  });
});
