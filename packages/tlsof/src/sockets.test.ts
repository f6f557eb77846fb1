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
});
