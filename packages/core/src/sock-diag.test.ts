// sock_diag against /proc/net on sockets of our own: the listeners it gives are the rows the
// tables show, field for field (other processes' sockets may come and go between the two reads).
import { createSocket, type Socket } from 'node:dgram';
import { openSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNetInet } from './parse/net.ts';
import { type DiagTable, LISTENER_STATES } from './parse/sock-diag.ts';
import { dumperByCalls, inetSocketsByDiag } from './sock-diag.ts';

const TABLES: DiagTable[] = ['tcp', 'tcp6', 'udp', 'udp6'];
const servers: Server[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  for (const host of ['127.0.0.1', '::1', '::']) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    servers.push(server);
  }
  for (const [type, host] of [
    ['udp4', '127.0.0.1'],
    ['udp6', '::1'],
  ] as const) {
    const socket = createSocket(type);
    await new Promise<void>((resolve) => socket.bind(0, host, resolve));
    sockets.push(socket);
  }
});

afterAll(() => {
  for (const s of servers) s.close();
  for (const s of sockets) s.close();
});

/** A row without the fields only one source has (the table's line number, reference count, drops). */
const comparable = ({ sl: _sl, refCount: _r, drops: _d, ...rest }: ReturnType<typeof parseNetInet>[number]) => rest;
const byInode = (a: { inode: number }, b: { inode: number }) => a.inode - b.inode;

describe('inetSocketsByDiag', () => {
  it("gives the listeners /proc/net's tables show", () => {
    const diag = inetSocketsByDiag(new Map(TABLES.map((t) => [t, LISTENER_STATES[t]])));
    expect(diag).toBeDefined();
    const ports = new Set([
      ...servers.map((s) => (s.address() as { port: number }).port),
      ...sockets.map((s) => s.address().port),
    ]);
    let seen = 0;
    for (const table of TABLES) {
      const listener = table.startsWith('tcp') ? 10 : 7;
      const ours = (s: { localPort: number }) => ports.has(s.localPort);
      const file = parseNetInet(readFileSync(`/proc/net/${table}`, 'latin1'), table.endsWith('6') ? 6 : 4)
        .filter((s) => s.state === listener && ours(s))
        .map(comparable)
        .sort(byInode);
      const asked = diag!.get(table)!.filter(ours).map(comparable).sort(byInode);
      expect(asked).toEqual(file);
      seen += asked.length;
    }
    expect(seen).toBe(5);
  });

  it('leaves connected sockets out of a listeners-only dump', async () => {
    const server = servers[0]!;
    const { port } = server.address() as { port: number };
    const client = createSocket('udp4');
    await new Promise<void>((resolve) => client.connect(port, '127.0.0.1', resolve));
    try {
      const { port: clientPort } = client.address();
      const udp = inetSocketsByDiag(new Map([['udp', LISTENER_STATES.udp]]))!.get('udp')!;
      expect(udp.some((s) => s.localPort === sockets[0]!.address().port)).toBe(true);
      expect(udp.some((s) => s.localPort === clientPort)).toBe(false);
    } finally {
      client.close();
    }
  });

  it('answers undefined when the calls fail, for the caller to read /proc/net', () => {
    const failing = {
      netlinkSocket: () => {
        throw new Error('EAFNOSUPPORT');
      },
      send: () => {},
      recv: () => 0,
    };
    expect(inetSocketsByDiag(new Map([['tcp', 1 << 10]]), dumperByCalls(failing))).toBeUndefined();
    const refused = { ...failing, netlinkSocket: () => openSync('/dev/null', 'r'), recv: () => 0 };
    expect(inetSocketsByDiag(new Map([['tcp', 1 << 10]]), dumperByCalls(refused))).toBeUndefined();
  });
});
