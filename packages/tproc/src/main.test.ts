import { bytesFromText } from '@tproc/core';
import { fakeProcessFiles, procTree } from '@tproc/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from './testing/run-main.ts';

// A small machine: init, a shell, a sleeper under it, a kernel thread, and a process whose
// name and arguments hold an escape sequence and invalid UTF-8.
const tree = procTree({
  ...fakeProcessFiles({ pid: 1, comm: 'init', ppid: 0, cmdline: ['/sbin/init'], starttime: 10, utime: 500, rss: 1000 }),
  ...fakeProcessFiles({ pid: 2, comm: 'kthreadd', ppid: 0, starttime: 11 }),
  ...fakeProcessFiles({ pid: 40, comm: 'bash', ppid: 1, uid: 1000, cmdline: ['-bash'], starttime: 5000, rss: 300 }),
  ...fakeProcessFiles({
    pid: 41,
    comm: 'sleep',
    ppid: 40,
    uid: 1000,
    cmdline: ['sleep', '300'],
    starttime: 6000,
    state: 'T',
  }),
  ...fakeProcessFiles({ pid: 77, comm: 'evil\x1b[31m', ppid: 1, cmdline: ['evil', '\x1b[2J'], starttime: 7000 }),
  '77/cmdline': Buffer.concat([
    Buffer.from('evil\0'),
    Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe, 0]),
    Buffer.from('\0'),
  ]),
  stat: 'cpu 1 2 3 4\nbtime 1700000000\n',
  meminfo: 'MemTotal:       1000000 kB\n',
  uptime: '100.00 50.00\n',
});
const etc = procTree({
  passwd: 'root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n',
  group: 'root:x:0:\n',
});
afterAll(() => {
  tree.remove();
  etc.remove();
});

const run = (argv: string[], options: Parameters<typeof runMain>[1] = {}) =>
  runMain(argv, { procRoot: tree.root, etcRoot: etc.root, ...options });

describe('tproc ps', () => {
  it('prints every process as JSON with the contract keys', async () => {
    const r = await run(['ps', '--json']);
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(list.map((p) => p.pid)).toEqual([1, 2, 40, 41, 77]);
    const bash = list[2]!;
    expect(bash).toMatchObject({
      pid: 40,
      ppid: 1,
      uid: 1000,
      user: 'alice',
      state: 'S',
      command: '-bash',
      argv: ['-bash'],
      threads: 1,
      token: '40@5000',
      rss_bytes: 300 * 4096,
      vsz_bytes: 10_000_000,
      start_time: '2023-11-14T22:14:10.000Z',
      start_time_epoch_seconds: 1_700_000_050,
    });
    expect(list[1]).toMatchObject({ command: '[kthreadd]', argv: [] });
    // init: 5 s of cpu over 99.9 s of life.
    expect(list[0]!.cpu_percent).toBe(5);
  });

  it('keeps invalid UTF-8 recoverable and control bytes escaped in JSON', async () => {
    const r = await run(['ps', '--json', '77']);
    expect(r.stdout).not.toContain('\x1b');
    const [evil] = JSON.parse(r.stdout) as { argv: string[]; name: string }[];
    expect(bytesFromText(evil!.argv[1]!)).toEqual(Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe]));
    expect(r.stdout).toContain('\\udcff\\udcfe');
    expect(evil!.name).toBe('evil\x1b[31m');
  });

  it('indents JSON on a terminal and escapes DEL and C1 there', async () => {
    const tty = await run(['ps', '--json', '77'], { columns: 100 });
    expect(tty.stdout).toMatch(/^\[\n {2}\{\n {4}"pid": 77,/);
    const piped = await run(['ps', '--json', '77']);
    expect(piped.stdout).toMatch(/^\[\{"pid":77,/);
    expect(JSON.parse(tty.stdout)).toEqual(JSON.parse(piped.stdout));
  });

  it('escapes control bytes in the table', async () => {
    const r = await run(['ps', '77']);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).toContain('evil \\x1b[2J\\xff\\xfe');
  });

  it('matches keywords by pid, user or command line, any or all', async () => {
    const pids = async (argv: string[]) =>
      (JSON.parse((await run(['ps', '--json', ...argv])).stdout) as { pid: number }[]).map((p) => p.pid);
    expect(await pids(['41'])).toEqual([41]);
    expect(await pids(['alice'])).toEqual([40, 41]);
    expect(await pids(['SLEEP'])).toEqual([41]);
    expect(await pids(['alice', 'init'])).toEqual([1, 40, 41]);
    expect(await pids(['--and', 'alice', 'sleep'])).toEqual([41]);
    // A number is a pid, not any command line holding it.
    expect(await pids(['300'])).toEqual([]);
    expect(await pids(['1'])).toEqual([1]);
  });

  it('sorts, descending with a leading -', async () => {
    const r = await run(['ps', '--ndjson', '--sort=-rss']);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { pid: number });
    expect(lines[0]!.pid).toBe(1);
    expect(lines[1]!.pid).not.toBe(40);
  });

  it('takes keywords after --columns, and --columns repeated', async () => {
    const r = await run(['ps', '--columns', 'pid,token', '41', '--columns', 'name']);
    expect(r.stdout).toBe('PID  TOKEN    NAME\n 41  41@6000  sleep\n');
  });

  it('shows the tree order with --tree', async () => {
    const r = await run(['ps', '--tree', '--columns', 'pid,command']);
    expect(
      r.stdout
        .split('\n')
        .slice(1, 6)
        .map((l) => l.trim()),
    ).toEqual([
      '1  /sbin/init',
      '40  ├─ -bash',
      '41  │  └─ sleep 300',
      '77  └─ evil \\x1b[2J\\xff\\xfe',
      '2  [kthreadd]',
    ]);
  });

  it('fits the terminal width and colours only on a terminal', async () => {
    const wide = await run(['ps'], { columns: 200 });
    expect(wide.stdout).toContain('\x1b[');
    const narrow = await run(['ps', '--no-color'], { columns: 30 });
    expect(narrow.stdout).not.toContain('\x1b');
    for (const line of narrow.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(30);
    const noColor = await run(['ps'], { columns: 200, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\x1b');
    const piped = await run(['ps']);
    expect(piped.stdout).not.toContain('\x1b');
  });
});

describe('tproc tree', () => {
  it('nests children in JSON', async () => {
    const r = await run(['tree', '1', '--json']);
    const [root] = JSON.parse(r.stdout) as { pid: number; children: { pid: number; children: { pid: number }[] }[] }[];
    expect(root!.pid).toBe(1);
    expect(root!.children.map((c) => c.pid)).toEqual([40, 77]);
    expect(root!.children[0]!.children.map((c) => c.pid)).toEqual([41]);
  });
  it('draws branches', async () => {
    const r = await run(['tree', '40']);
    expect(r.stdout).toBe('40 bash\n└─ 41 sleep 300\n');
  });
  it('says when the pid is not there', async () => {
    const r = await run(['tree', '999']);
    expect(r).toMatchObject({ status: 1, stderr: 'tproc: no process with pid 999\n' });
  });
});

describe('arguments', () => {
  it('suggests a command for a typo, exit 2, one line', async () => {
    const r = await run(['pss']);
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: "tproc: unknown command 'pss'; did you mean 'ps'?\n" });
  });
  it('names a bad option, a bad value, a bad pid', async () => {
    expect(await run(['ps', '--bogus'])).toMatchObject({ status: 2, stderr: "tproc: unknown argument '--bogus'\n" });
    expect((await run(['ps', '--sort', 'nope'])).stderr).toMatch(/^tproc: invalid --sort key 'nope' \(one of pid, /);
    expect(await run(['tree', 'x1'])).toMatchObject({ status: 2, stderr: "tproc: invalid pid 'x1'\n" });
    expect(await run(['ps', '--json', '--ndjson'])).toMatchObject({ status: 2 });
    expect(await run(['ps', '--proc-root', '/nonexistent'])).toMatchObject({
      status: 2,
      stderr: "tproc: invalid --proc-root '/nonexistent': not a readable directory\n",
    });
    expect(await run([])).toMatchObject({
      status: 2,
      stderr: 'tproc: missing command (one of ps, tree, inspect, ports, kill, files, who, completion)\n',
    });
    expect(await run(['kill'])).toMatchObject({
      status: 2,
      stderr: "tproc: missing target for 'kill' (tproc kill --help)\n",
    });
  });
  it('prints help with examples and the version', async () => {
    const help = await run(['ps', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('--sort');
    expect((await run(['--version'])).stdout).toBe('tproc from tproc 0.1.0\n');
    expect(await run(['-V'])).toEqual({ stdout: 'tproc from tproc 0.1.0\n', stderr: '', status: 0 });
  });
  it('prints completion scripts for bash and zsh', async () => {
    expect((await run(['completion', 'bash'])).stdout).toContain(
      'complete -o bashdefault -o default -F _tproc_complete tproc',
    );
    expect((await run(['completion', 'zsh'])).stdout).toMatch(/^#compdef tproc\n/);
    expect((await run(['completion'], { env: { SHELL: '/usr/bin/zsh' } })).stdout).toMatch(/^#compdef tproc/);
    expect((await run(['completion', 'fish'])).status).toBe(2);
  });
});

describe('safeJson', () => {
  it('escapes DEL, C1 controls and line separators, and leaves the rest', async () => {
    const { safeJson } = await import('./context.ts');
    const text = JSON.stringify({ a: 'x\x7f\x9b[2J\u2028é' });
    expect(safeJson(text)).toBe('{"a":"x\\u007f\\u009b[2J\\u2028é"}');
    expect(JSON.parse(safeJson(text))).toEqual({ a: 'x\x7f\x9b[2J\u2028é' });
    expect(safeJson('{"b":"plain"}')).toBe('{"b":"plain"}');
  });
});

describe('tproc ports (fixture)', () => {
  // One listener held by pid 40, one whose holder is not visible (another user's, as non-root).
  const net = procTree({
    ...fakeProcessFiles({ pid: 40, comm: 'srv', ppid: 1, cmdline: ['srv'], starttime: 5 }),
    '40/fd/3': { link: 'socket:[111]' },
    '40/ns/net': { link: 'net:[4026531840]' },
    '40/net/tcp':
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
      '   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0\n' +
      '   1: 00000000:7531 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 222 1 0 100 0 0 10 0\n',
    '40/net/tcp6': '',
    '40/net/udp': '',
    '40/net/udp6': '',
    stat: 'cpu 1\nbtime 1700000000\n',
  });
  afterAll(() => net.remove());
  const ports = (argv: string[], euid: number) =>
    runMain(['ports', ...argv], { procRoot: net.root, etcRoot: etc.root, deps: { euid } });

  it('matches ports exactly and names the holder and the namespace', async () => {
    const r = await ports(['3000', '--json'], 0);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({
        protocol: 'tcp',
        local_address: '127.0.0.1',
        local_port: 3000,
        pid: 40,
        fd: 3,
        netns: 4026531840,
        command: 'srv',
        token: '40@5',
      }),
    ]);
    expect(JSON.parse((await ports(['300', '--json'], 0)).stdout)).toEqual([]);
    expect((await ports(['300'], 0)).status).toBe(1);
  });

  it('says why a listener has no pid, as non-root', async () => {
    const r = await ports([], 65534);
    expect(r.stdout).toMatch(/0\.0\.0\.0:30001 +- +LISTEN +- +alice/);
    expect(r.stderr).toBe("tproc: 1 socket without a pid: held by other users' processes (root sees them)\n");
    expect((await ports([], 0)).stderr).toBe('');
  });
});
