// tlsof -J and -j (lsof 4.99.7's JSON forms, which lsof 4.95 lacks) checked with a JSON parser
// against lsof 4.95's -F field output on the same zoo processes: every process and file lsof
// lists is there, with the same values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../zoo/run.ts';
import { startZoo, type Zoo } from '../zoo/zoo.ts';
import { AS_NOBODY, tlsofCopy } from './tlsof-harness.ts';

let zoo: Zoo;
beforeAll(async () => {
  zoo = await startZoo();
}, 60_000);
afterAll(() => zoo?.stop());
const ours = tlsofCopy();

type Fields = Record<string, string>;
interface Listed {
  process: Fields;
  files: Fields[];
}

/** lsof -F output (NL terminated) as process sets with their file sets. */
function parseFields(text: string): Listed[] {
  const out: Listed[] = [];
  let file: Fields | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [key, value] = [line[0]!, line.slice(1)];
    if (key === 'p') {
      out.push({ process: { p: value }, files: [] });
      file = undefined;
    } else if (key === 'f') {
      file = { f: value };
      out.at(-1)!.files.push(file);
    } else if (file) file[key] = key === 'T' ? `${file.T ?? ''}${value};` : value;
    else out.at(-1)!.process[key] = value;
  }
  return out;
}

/** What a JSON file object says, in -F's terms. */
function asFields(o: Record<string, unknown>): Fields {
  const f: Fields = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) f[key] = String(value);
  };
  put('f', o.fd);
  put('a', o.access ?? ' ');
  put('l', o.lock ?? ' ');
  put('t', o.type);
  put('s', o.size);
  if (o.offset !== undefined) f.o = `0t${o.offset}`;
  put('i', o.inode);
  put('k', o.nlink);
  put('P', o.protocol);
  put('n', o.name);
  const tcp = o.tcp_info as Record<string, unknown> | undefined;
  if (tcp) {
    let t = '';
    if (tcp.state !== undefined) t += `ST=${tcp.state};`;
    if (tcp.recv_queue !== undefined) t += `QR=${tcp.recv_queue};QS=${tcp.send_queue};`;
    f.T = t;
  }
  return f;
}

const LETTERS = 'pRgcuLfaltsikPnT';
const pick = (f: Fields, keys: string) => Object.fromEntries(Object.entries(f).filter(([k]) => keys.includes(k)));

describe('tlsof -J and -j', () => {
  for (const runner of ['root', 'nobody'] as const) {
    it(`matches lsof -F on the zoo (${runner})`, async () => {
      const prefix = runner === 'nobody' ? AS_NOBODY : [];
      const pids = zoo.pids.join(',');
      const ref = await run([...prefix, 'lsof', '-F', LETTERS, '-p', pids]);
      const json = await run([...prefix, ours().path('tlsof'), '-J', '-p', pids]);
      const lines = await run([...prefix, ours().path('tlsof'), '-j', '-p', pids]);
      const expected = parseFields(ref.stdout);
      const parsed = JSON.parse(json.stdout) as { lsof_version: string; processes: Record<string, unknown>[] };
      expect(parsed.lsof_version).toBe('4.95.0');
      expect(json.status).toBe(ref.status);
      const got: Listed[] = parsed.processes.map((p) => ({
        process: {
          p: String(p.pid),
          R: String(p.ppid),
          g: String(p.pgid),
          c: String(p.command),
          u: String(p.uid),
          ...(p.login !== undefined && { L: String(p.login) }),
        },
        files: (p.files as Record<string, unknown>[]).map(asFields),
      }));
      expect(got.map((p) => p.process)).toEqual(expected.map((p) => p.process));
      expect(got.flatMap((p) => p.files.map((f) => pick(f, LETTERS)))).toEqual(
        expected.flatMap((p) => p.files.map((f) => pick(f, LETTERS))),
      );
      // -j: the same files, one object each, with their process's pid.
      const flat = lines.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(flat.map((o) => `${o.pid} ${o.fd}`)).toEqual(
        expected.flatMap((p) => p.files.map((f) => `${p.process.p} ${f.f}`)),
      );
    }, 60_000);
  }

  it('prints an empty list, and rejects -t', async () => {
    const empty = await run([ours().path('tlsof'), '-J', '-p', '999999']);
    expect(JSON.parse(empty.stdout)).toEqual({ lsof_version: '4.95.0', processes: [] });
    expect(empty.status).toBe(1);
    const terse = await run([ours().path('tlsof'), '-J', '-t']);
    expect(terse.status).toBe(1);
    expect(terse.stderr).toMatch(/-J and -t are mutually exclusive/);
    const both = await run([ours().path('tlsof'), '-J', '-j']);
    expect(both.stderr).toMatch(/-J and -j are mutually exclusive/);
    const selected = await run([ours().path('tlsof'), '-J', '-F', 'pfn', '-p', String(zoo.files.pid), '-a', '-d', '3']);
    expect(JSON.parse(selected.stdout).processes).toEqual([
      { pid: zoo.files.pid, files: [{ fd: '3', name: zoo.files.read }] },
    ]);
  });
});
