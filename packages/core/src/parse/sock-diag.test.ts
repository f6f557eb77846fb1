import { describe, expect, it } from 'vitest';
import { inetDiagRequest, LISTENER_STATES, parseInetDiag } from './sock-diag.ts';

/** A netlink message: header (length, type, flags, sequence, port id) and payload, padded to 4. */
function message(type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32LE(16 + payload.length, 0);
  header.writeUInt16LE(type, 4);
  header.writeUInt16LE(2, 6); // NLM_F_MULTI
  header.writeUInt32LE(1, 8);
  const pad = Buffer.alloc((4 - (payload.length % 4)) % 4);
  return Buffer.concat([header, payload, pad]);
}

/** struct inet_diag_msg as the kernel sends it (addresses and ports in network order). */
function diagMessage(o: {
  family: number;
  state: number;
  sport: number;
  dport?: number;
  src: number[];
  dst?: number[];
  rqueue?: number;
  wqueue?: number;
  uid: number;
  inode: number;
}): Buffer {
  const b = Buffer.alloc(72);
  b[0] = o.family;
  b[1] = o.state;
  b.writeUInt16BE(o.sport, 4);
  b.writeUInt16BE(o.dport ?? 0, 6);
  Buffer.from(o.src).copy(b, 8);
  Buffer.from(o.dst ?? []).copy(b, 24);
  b.writeUInt32LE(o.rqueue ?? 0, 56);
  b.writeUInt32LE(o.wqueue ?? 0, 60);
  b.writeUInt32LE(o.uid, 64);
  b.writeUInt32LE(o.inode, 68);
  return message(20, b);
}

const done = message(3, Buffer.alloc(4));

describe('inetDiagRequest', () => {
  it('asks a dump of one family and protocol in the states given', () => {
    const b = Buffer.from(inetDiagRequest('tcp6', LISTENER_STATES.tcp6, 7));
    expect(b.length).toBe(72);
    expect(b.readUInt32LE(0)).toBe(72);
    expect(b.readUInt16LE(4)).toBe(20); // SOCK_DIAG_BY_FAMILY
    expect(b.readUInt16LE(6)).toBe(0x301); // NLM_F_REQUEST | NLM_F_DUMP
    expect(b.readUInt32LE(8)).toBe(7);
    expect([b[16], b[17]]).toEqual([10, 6]); // AF_INET6, IPPROTO_TCP
    expect(b.readUInt32LE(20)).toBe(1 << 10); // TCP_LISTEN
    expect([...Buffer.from(inetDiagRequest('udp', LISTENER_STATES.udp)).subarray(16, 24)]).toEqual([
      2,
      17,
      0,
      0,
      1 << 7,
      0,
      0,
      0,
    ]);
  });
});

describe('parseInetDiag', () => {
  it('gives the rows /proc/net/tcp shows, listeners with no send queue', () => {
    const bytes = Buffer.concat([
      diagMessage({
        family: 2,
        state: 10,
        sport: 45678,
        src: [127, 0, 0, 1],
        rqueue: 2,
        wqueue: 128,
        uid: 0,
        inode: 6749,
      }),
      diagMessage({ family: 2, state: 10, sport: 2024, src: [0, 0, 0, 0], uid: 1000, inode: 115 }),
      done,
    ]);
    const { sockets, done: ended } = parseInetDiag(bytes, 'tcp', 5);
    expect(ended).toBe(true);
    expect(sockets).toEqual([
      {
        sl: 5,
        localAddress: '127.0.0.1',
        localPort: 45678,
        remoteAddress: '0.0.0.0',
        remotePort: 0,
        localRaw: '0100007F:B26E',
        remoteRaw: '00000000:0000',
        state: 10,
        txQueue: 0,
        rxQueue: 2,
        uid: 0,
        inode: 6749,
      },
      expect.objectContaining({ sl: 6, localAddress: '0.0.0.0', localRaw: '00000000:07E8', uid: 1000, inode: 115 }),
    ]);
  });

  it('writes IPv6 as /proc/net/tcp6 does, and keeps UDP queues', () => {
    const loopback = [...Array(15).fill(0), 1];
    const mapped = [...Array(10).fill(0), 0xff, 0xff, 127, 0, 0, 1];
    const bytes = Buffer.concat([
      diagMessage({ family: 10, state: 7, sport: 45681, src: loopback, rqueue: 768, wqueue: 4, uid: 0, inode: 6753 }),
      diagMessage({ family: 10, state: 7, sport: 45680, src: mapped, dport: 53, dst: mapped, uid: 0, inode: 6751 }),
    ]);
    const { sockets, done: ended } = parseInetDiag(bytes, 'udp6');
    expect(ended).toBe(false); // the dump goes on in the next recv
    expect(sockets[0]).toMatchObject({
      localAddress: '::1',
      localRaw: '00000000000000000000000001000000:B271',
      txQueue: 4,
      rxQueue: 768,
    });
    expect(sockets[1]).toMatchObject({
      localAddress: '::ffff:127.0.0.1',
      localRaw: '0000000000000000FFFF00000100007F:B270',
      remoteAddress: '::ffff:127.0.0.1',
      remotePort: 53,
      remoteRaw: '0000000000000000FFFF00000100007F:0035',
    });
  });

  it("stops at the kernel's error, with its errno", () => {
    const error = Buffer.alloc(20);
    error.writeInt32LE(-2, 0); // -ENOENT: no such protocol handler
    const { sockets, done: ended, error: errno } = parseInetDiag(message(2, error), 'udp');
    expect({ sockets, ended, errno }).toEqual({ sockets: [], ended: true, errno: 2 });
  });

  it('ignores a truncated message', () => {
    const whole = diagMessage({ family: 2, state: 10, sport: 80, src: [10, 0, 0, 1], uid: 0, inode: 9 });
    expect(parseInetDiag(whole.subarray(0, 40), 'tcp')).toEqual({ sockets: [], done: false });
  });
});
