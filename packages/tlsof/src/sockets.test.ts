import { ProcFs } from '@tproc/core';
import { procTree } from '@tproc/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { SocketTables } from './sockets.ts';

describe('SocketTables', () => {
  it('finds the Unix sockets bound at paths from the Unix table alone', () => {
    const tree = procTree({
      'net/tcp': '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n',
      'net/unix':
        'Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 4242 /run/x.sock\n',
    });
    try {
      const fs = new ProcFs({ procRoot: tree.root });
      const inet = vi.spyOn(fs, 'inetSockets');
      const unix = vi.spyOn(fs, 'unixSockets');
      const tables = new SocketTables(fs);
      expect(tables.unixBoundAt([])).toEqual(new Set());
      expect(inet).not.toHaveBeenCalled();
      expect(unix).not.toHaveBeenCalled();
      expect(tables.unixBoundAt([Buffer.from('/run/x.sock')])).toEqual(new Set([4242]));
      expect(unix).toHaveBeenCalledTimes(1);
      expect(inet).not.toHaveBeenCalled();
    } finally {
      tree.remove();
    }
  });

  it('reads the tables cheap first, each once, until the socket looked for is found', () => {
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    const tree = procTree({
      'net/tcp': `${header}   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77 1 0 100 0 0 10 0\n`,
      'net/tcp6': header,
      'net/unix':
        'Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 4242 /run/x.sock\n',
    });
    try {
      const fs = new ProcFs({ procRoot: tree.root });
      const inet = vi.spyOn(fs, 'inetSockets');
      const tables = new SocketTables(fs);
      expect(tables.find(4242)?.kind).toBe('unix');
      expect(inet).not.toHaveBeenCalled();
      expect(tables.find(77)).toMatchObject({ kind: 'inet', family: 4, protocol: 'TCP' });
      expect(inet.mock.calls.map(([table]) => table)).toEqual([
        'raw',
        'raw6',
        'udp',
        'udp6',
        'udplite',
        'udplite6',
        'tcp',
      ]);
      expect(tables.find(4242)?.kind).toBe('unix');
      expect(tables.find(5)).toBeUndefined();
      expect(inet.mock.calls.map(([table]) => table).slice(7)).toEqual(['tcp6']);
      expect(tables.find(6)).toBeUndefined();
      expect(inet).toHaveBeenCalledTimes(8);

      const withoutInet = new SocketTables(new ProcFs({ procRoot: tree.root }), true);
      expect(withoutInet.find(77)).toBeUndefined();
      expect(withoutInet.inetEntries()).toEqual([]);
    } finally {
      tree.remove();
    }
  });
});
