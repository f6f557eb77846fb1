import { describe, expect, it } from 'vitest';
import { parseFdLink } from './fd-link.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('parseFdLink', () => {
  it('reads paths, with the deleted mark apart', () => {
    expect(parseFdLink(b('/tmp/a b'))).toEqual({ kind: 'path', path: b('/tmp/a b'), deleted: false });
    expect(parseFdLink(b('/tmp/x (deleted)'))).toEqual({ kind: 'path', path: b('/tmp/x'), deleted: true });
    expect(parseFdLink(b('/odd\xff\n'))).toMatchObject({ path: b('/odd\xff\n') });
  });
  it('reads sockets, pipes and other type:[inode] links', () => {
    expect(parseFdLink(b('socket:[205486]'))).toEqual({ kind: 'socket', inode: 205486 });
    expect(parseFdLink(b('pipe:[127549]'))).toEqual({ kind: 'pipe', inode: 127549 });
    expect(parseFdLink(b('net:[4026531840]'))).toEqual({ kind: 'typed', type: 'net', inode: 4026531840 });
  });
  it('reads anonymous inodes with and without brackets', () => {
    expect(parseFdLink(b('anon_inode:[eventfd]'))).toEqual({ kind: 'anon', name: 'eventfd', text: '[eventfd]' });
    expect(parseFdLink(b('anon_inode:inotify'))).toEqual({ kind: 'anon', name: 'inotify', text: 'inotify' });
    expect(parseFdLink(b('anon_inode:bpf-prog'))).toMatchObject({ name: 'bpf-prog' });
  });
  it('keeps anything else as text', () => {
    expect(parseFdLink(b('memfd:x'))).toEqual({ kind: 'other', text: b('memfd:x') });
  });
});
