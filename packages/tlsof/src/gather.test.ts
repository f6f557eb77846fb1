import { ProcError, ProcFs } from '@tproc/core';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { describe, expect, it } from 'vitest';
import { Inspector } from './gather.ts';
import { NetNames } from './net-names.ts';
import { SocketTables } from './sockets.ts';

describe('Inspector.gather', () => {
  it('asks fd/ once when its links are refused: the whole directory is under one check', () => {
    const files = { ...fakeProcessFiles({ pid: 100 }), '100/cwd': { link: '/' }, '100/maps': '' };
    for (const fd of [0, 1, 2, 7]) Object.assign(files, { [`100/fd/${fd}`]: { link: '/dev/null' } });
    const tree = procTree(files);
    try {
      const fs = new ProcFs({ procRoot: tree.root, readAhead: false });
      const inspector = new Inspector(
        fs,
        new SocketTables(fs),
        new NetNames(fs, { numericHosts: true, numericPorts: true }),
      );
      const proc = fs.process(100);
      const asked: number[] = [];
      proc.fdTarget = (fd: number) => {
        asked.push(fd);
        throw new ProcError('denied', `${tree.root}/100/fd/${fd}`, {
          cause: Object.assign(new Error('refused'), { code: 'EACCES' }),
        });
      };
      const lines = inspector.gather(proc).files.filter((f) => /^\d+$/.test(f.fd));
      expect(lines.map((f) => [f.fd, f.name.toString(), f.nameSuffix])).toEqual(
        [0, 1, 2, 7].map((fd) => [String(fd), `${tree.root}/100/fd/${fd}`, ' (readlink: Permission denied)']),
      );
      expect(asked).toEqual([0]);
    } finally {
      tree.remove();
    }
  });
});
