// Every tproc command on the zoo, as root and as nobody: the JSON validates against the command's
// schema (packages/tproc/schemas), and the zoo's processes are found as they are.
import { readlinkSync } from 'node:fs';
import { bytesFromText } from '@tproc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from './json-schema.ts';
import { startZoo, type Zoo } from '../zoo/zoo.ts';
import { json, type Runner, runTproc, tprocCopy } from './harness.ts';

let zoo: Zoo;
beforeAll(async () => {
  zoo = await startZoo();
}, 60_000);
afterAll(() => zoo?.stop());
const tproc = tprocCopy();

type Obj = Record<string, unknown>;
const valid = (schema: string, value: unknown): void => {
  expect(validate(schema, value)).toEqual([]);
};
const netnsOf = (pid: number): number => Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/net`))![1]);

// Each case runs tproc several times: generous limits for a loaded machine.
describe.each(['root', 'nobody'] as Runner[])(
  'as %s',
  (runner) => {
    const t = (...args: string[]) => runTproc(tproc(), runner, args);

    it('ps --json, --ndjson and every extra column validate, and hold the zoo as it is', async () => {
      const r = await t('ps', '--json');
      expect(r.status).toBe(0);
      const list = json(r) as Obj[];
      valid('ps', list);
      const byPid = new Map(list.map((p) => [p.pid as number, p]));
      for (const pid of zoo.pids) expect(byPid.has(pid)).toBe(true);
      // Arguments with escapes, tabs, newlines and invalid UTF-8 come back byte for byte.
      const hostile = byPid.get(zoo.hostileArgs.pid)!;
      expect((hostile.argv as string[]).map((a) => bytesFromText(a))).toEqual(zoo.hostileArgs.argv);
      // Piped JSON is compact, one line; JSON.stringify escapes every C0 control.
      expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
      expect(r.stdout.split('\n')).toHaveLength(2);
      expect(byPid.get(zoo.nobody)).toMatchObject({ user: 'nobody', uid: 65534 });
      expect(byPid.get(zoo.zombie.zombie)).toMatchObject({ state: 'Z' });
      expect(byPid.get(zoo.threaded.pid)).toMatchObject({ threads: zoo.threaded.threads });

      const extra = await t(
        'ps',
        '--json',
        '--columns',
        'pid,ports,container,cwd,read_bytes,write_bytes',
        String(zoo.sockets.pid),
      );
      const [sockets] = json(extra) as Obj[];
      valid('ps', [sockets]);
      const ports = (sockets!.ports as Obj[]).map((p) => `${p.protocol}:${p.port}`);
      if (runner === 'root') {
        expect(ports).toEqual(
          expect.arrayContaining([
            `tcp:${zoo.sockets.tcpPort}`,
            `tcp6:${zoo.sockets.tcp6Port}`,
            `udp:${zoo.sockets.udpPort}`,
          ]),
        );
        expect(sockets!.cwd).toBe(zoo.dir);
      } else {
        // Another user's descriptors and cwd are closed to nobody.
        expect(ports).toEqual([]);
        expect(sockets!.cwd).toBeNull();
      }

      const nd = await t('ps', '--ndjson');
      const lines = nd.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Obj);
      valid('ps', lines);
      expect(lines.length).toBeGreaterThan(zoo.pids.length);
    });

    it('tree --json nests the family', async () => {
      const r = await t('tree', String(zoo.family.parent), '--json');
      const roots = json(r) as Obj[];
      valid('tree', roots);
      expect(roots).toHaveLength(1);
      const kids = (roots[0]!.children as Obj[]).map((c) => c.pid);
      expect(kids.sort()).toEqual([...zoo.family.children].sort());
      const whole = json(await t('tree', '--json')) as Obj[];
      valid('tree', whole);
    });

    it('inspect --json validates on every kind of zoo process', async () => {
      const pids = [
        zoo.hostileArgs.pid,
        zoo.threaded.pid,
        zoo.sockets.pid,
        zoo.tcpPair.client,
        zoo.zombie.zombie,
        zoo.nobody,
        zoo.openFiles.pid,
        zoo.netns.pid,
      ];
      for (const pid of pids) {
        const r = await t('inspect', String(pid), '--json');
        expect(r.status, r.stderr).toBe(0);
        const report = json(r) as Obj;
        valid('inspect', report);
        expect(report.pid).toBe(pid);
      }
      const client = json(await t('inspect', String(zoo.tcpPair.client), '--json')) as Obj;
      if (runner === 'root') {
        const connected = (client.sockets as Obj[]).find((s) => s.remote_port === zoo.tcpPair.serverPort)!;
        expect(connected).toMatchObject({
          family: 'inet',
          protocol: 'tcp',
          state: 'ESTABLISHED',
          local_port: zoo.tcpPair.clientPort,
        });
        expect((connected.peer as Obj[]).map((p) => p.pid)).toEqual([zoo.tcpPair.server]);
        expect((client.threads as Obj[]).length).toBe(1);
      } else {
        expect(client.sockets).toBeNull();
        expect(client.environ).toBeNull();
      }
      const threaded = json(await t('inspect', String(zoo.threaded.pid), '--json')) as Obj;
      expect((threaded.threads as Obj[]).length).toBe(zoo.threaded.threads);
    });

    it('ports --json finds listeners in every network namespace, ports matched exactly', async () => {
      const r = await t('ports', '--json');
      const rows = json(r) as Obj[];
      valid('ports', rows);
      const listener = rows.find((x) => x.local_port === zoo.sockets.tcpPort && x.protocol === 'tcp')!;
      expect(listener).toMatchObject({ state: 'LISTEN', local_address: '127.0.0.1', uid: 0, user: 'root' });
      if (runner === 'root') {
        expect(listener).toMatchObject({ pid: zoo.sockets.pid, command: expect.stringMatching(/^perl /) });
        // The listener inside a network namespace of its own (unshare --net), with that namespace.
        const inNs = rows.find((x) => x.pid === zoo.netns.pid && x.local_port === zoo.netns.port);
        expect(inNs).toMatchObject({ protocol: 'tcp', state: 'LISTEN', netns: netnsOf(zoo.netns.pid) });
        expect(inNs!.netns).not.toBe(netnsOf(process.pid));
      } else {
        expect(listener.pid).toBeNull();
      }
      const exact = json(await t('ports', String(zoo.sockets.tcpPort), '--json')) as Obj[];
      valid('ports', exact);
      expect(new Set(exact.map((x) => x.local_port))).toEqual(new Set([zoo.sockets.tcpPort]));
      const all = json(await t('ports', '--all', '--json')) as Obj[];
      valid('ports', all);
      expect(all.some((x) => x.state === 'ESTABLISHED' && x.local_port === zoo.tcpPair.serverPort)).toBe(true);
    });

    it('kill --dry-run --json validates and signals nothing', async () => {
      const r = await t('kill', '--dry-run', '--json', String(zoo.stopped), `${zoo.nobody}@1`, 'no-such-name-here');
      const results = json(r) as Obj[];
      valid('kill', results);
      expect(r.status).toBe(1);
      expect(results.map((x) => x.outcome).sort()).toEqual(['not_found', 'stale_token', 'would_signal']);
    });

    it('files --json is lsof -J, by pid and by path', async () => {
      const r = await t('files', String(zoo.openFiles.pid), '--json');
      const doc = json(r) as Obj;
      valid('files', doc);
      const [proc] = doc.processes as Obj[];
      expect(proc).toMatchObject({ pid: zoo.openFiles.pid, command: 'perl', uid: 0, login: 'root' });
      const files = proc!.files as Obj[];
      if (runner === 'root') {
        expect(files.some((f) => f.fd === '3')).toBe(true);
        const weird = files.find((f) => String(f.name).includes('odd'))!;
        expect(bytesFromText(String(weird.name)).toString('latin1')).toContain(
          'odd\x01name é\xff\n\x1b[1m.txt'.replace('é', '\xc3\xa9'),
        );
      } else {
        expect(files.map((f) => f.fd)).toEqual(['cwd', 'rtd', 'txt', 'NOFD']);
      }
      if (runner === 'root') {
        const byPath = json(await t('files', zoo.files.read, '--json')) as Obj;
        valid('files', byPath);
        expect((byPath.processes as Obj[]).map((p) => p.pid)).toEqual([zoo.files.pid]);
      } else {
        // The zoo's directory is open to nobody, its holder (root's) is not: nothing to show.
        const hidden = await t('files', zoo.files.read, '--json');
        expect(hidden).toMatchObject({ status: 1, stderr: '' });
        valid('files', json(hidden));
        expect((json(hidden) as Obj).processes).toEqual([]);
        // A path under a directory closed to nobody names nothing it may look up.
        const denied = await t('files', '/root/.profile', '--json');
        expect(denied).toMatchObject({
          status: 2,
          stdout: '',
          stderr: `tproc: cannot look up '/root/.profile': permission denied\n`,
        });
      }
      const lines = (await t('files', String(zoo.files.pid), '--ndjson')).stdout.trimEnd().split('\n');
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ pid: zoo.files.pid, fd: expect.any(String) });
    });

    it('who --json finds the holder of a file', async () => {
      if (runner === 'nobody') {
        // Root's holder is closed to nobody; a path under /root cannot even be looked up.
        const hidden = await t('who', zoo.files.read, '--json');
        expect(hidden).toMatchObject({ status: 1, stderr: '' });
        valid('who', json(hidden));
        expect((json(hidden) as Obj).processes).toEqual([]);
        const denied = await t('who', '/root/.profile', '--json');
        expect(denied).toMatchObject({
          status: 2,
          stderr: `tproc: cannot look up '/root/.profile': permission denied\n`,
        });
        const mine = json(await t('who', '/tmp', '--json')) as Obj;
        valid('who', mine);
        return;
      }
      const r = await t('who', zoo.files.read, '--json');
      const doc = json(r) as Obj;
      valid('who', doc);
      expect(doc).toMatchObject({ path: zoo.files.read, is_mount_point: false });
      if (runner === 'root') {
        expect((doc.processes as Obj[]).map((p) => p.pid)).toEqual([zoo.files.pid]);
        expect((doc.processes as Obj[])[0]).toMatchObject({ access: 'f' });
      }
      const refused = await t('who', '--kill', zoo.files.read);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/^tproc: refusing --kill on '.*': not a mount point/);
    });

    it('tables on a pipe hold no escape byte', async () => {
      for (const args of [
        ['ps'],
        ['tree'],
        ['inspect', String(zoo.hostileArgs.pid)],
        ['ports'],
        ['files', String(zoo.openFiles.pid)],
      ]) {
        const r = await t(...args);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      }
    });
  },
  180_000,
);
