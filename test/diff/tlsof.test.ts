// Differential tests of tlsof against lsof 4.95 on the zoo: listings, selections and output
// forms, each case as root and as nobody. Cases that could see processes outside the zoo are
// ANDed with -p <zoo> or name things only the zoo holds (its ports, its files).
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keeper } from '../zoo/keeper.ts';
import { hasComm, waitFor } from '../zoo/proc.ts';
import { SLEEP, startZoo, type Zoo } from '../zoo/zoo.ts';
import { compareLsofCases, type LsofCase, tlsofCopy } from './tlsof-harness.ts';

let zoo: Zoo;
beforeAll(async () => {
  zoo = await startZoo();
}, 60_000);
afterAll(() => zoo?.stop());
const ours = tlsofCopy();

type CaseSpec = Omit<LsofCase, 'args' | 'cwd'> & { args: (z: Zoo) => string[]; cwdOf?: (z: Zoo) => string };

/** Every zoo pid, as one -p list. */
const all = (z: Zoo): string => z.pids.join(',');
/** args, ANDed with the zoo's pids. */
const zooAnd =
  (...args: string[]) =>
  (z: Zoo): string[] => [...args, '-a', '-p', all(z)];
/** Up to the first repeat marker, for endless -r stopped by a timeout. */
const firstCycle = (text: string): string => text.slice(0, text.indexOf('=======\n') + 8);
/** -V messages name the program on stdout. */
const programOnStdout = (text: string): string => text.replace(/^t?lsof: /gm, 'PROGRAM: ');

async function check(specs: CaseSpec[], concurrency?: number): Promise<void> {
  const cases = specs.map(
    ({ cwdOf, ...s }): LsofCase => ({
      ...s,
      args: s.args(zoo),
      ...(cwdOf && { cwd: cwdOf(zoo) }),
    }),
  );
  const { failures } = await compareLsofCases(cases, ours, { concurrency });
  expect(failures).toEqual([]);
}

describe('tlsof listing', () => {
  it('matches lsof on the zoo', async () => {
    const one = (pick: (z: Zoo) => number) => (z: Zoo) => ['-p', String(pick(z))];
    await check([
      { name: 'default', args: (z) => ['-p', all(z)] },
      { name: 'open files', args: one((z) => z.openFiles.pid) },
      { name: 'more sockets', args: one((z) => z.moreSockets.pid) },
      { name: 'netns', args: one((z) => z.netns.pid) },
      { name: 'hostile name alone', args: one((z) => z.hostileName.pid) },
      { name: 'nobody-owned', args: one((z) => z.nobody) },
      { name: 'C locale', args: (z) => ['-p', all(z)], env: { LANG: 'C' } },
      ...[
        ['-o'],
        ['-s'],
        ['-R'],
        ['-g'],
        ['-l'],
        ['-n'],
        ['-P'],
        ['-nP'],
        ['+c', '0'],
        ['+c', '12'],
        ['+c3'],
        ['+L'],
        ['-o', '2'],
        ['-oo2'],
        ['-Rgl'],
        ['+fg'],
        ['+fG'],
        ['-T'],
        ['-Tqs'],
        ['-Tq'],
        ['-Tf'],
        ['-Ts'],
      ].map((opts): CaseSpec => ({ name: opts.join(' '), args: (z) => [...opts, '-p', all(z)] })),
    ]);
  }, 180_000);
});

describe('tlsof field output', () => {
  it('matches lsof -F on the zoo', async () => {
    await check(
      [
        ['-F'],
        ['-F0'],
        ['-Fpcfn'],
        ['-F', 'pfn0'],
        ['-F', 'fos'],
        ['-F', 'fs'],
        ['-F', 'Lucgpf'],
        ['-FfDrtdi'],
        ['-F', 'fT', '-Tq'],
        ['-T', '-F', 'T'],
        ['-F', 'T', '-T'],
        ['-F', 'fG', '+fg'],
        ['+fg', '-F', 'fG'],
        ['-F', 'pR'],
        ['-F', 'k'],
        ['-F', 'NSKMm'],
        ['-F', 'fn', '-o'],
        ['-F', 'fsn', '-s'],
      ].map((opts): CaseSpec => ({ name: opts.join(' '), args: (z) => [...opts, '-p', all(z)] })),
    );
  }, 180_000);
});

describe('tlsof selections', () => {
  it('selects as lsof does', async () => {
    const pidOf = (pick: (z: Zoo) => number) => (z: Zoo) => String(pick(z));
    const open = pidOf((z) => z.openFiles.pid);
    await check([
      { name: '-i', args: zooAnd('-i') },
      { name: '-i4', args: zooAnd('-i4') },
      { name: '-i6', args: zooAnd('-i6') },
      { name: '-i TCP', args: zooAnd('-i', 'TCP') },
      { name: '-iUDP', args: zooAnd('-iUDP') },
      { name: '-i :tcp', args: (z) => ['-i', `:${z.sockets.tcpPort}`] },
      { name: '-i TCP:tcp', args: (z) => ['-i', `TCP:${z.sockets.tcpPort}`] },
      { name: '-i UDP:tcp', args: (z) => ['-i', `UDP:${z.sockets.tcpPort}`] },
      { name: '-i @127.0.0.1:tcp', args: (z) => ['-i', `@127.0.0.1:${z.sockets.tcpPort}`] },
      { name: '-i @[::1]:tcp6', args: (z) => ['-i', `@[::1]:${z.sockets.tcp6Port}`] },
      { name: '-i 6TCP:tcp6', args: (z) => ['-i', `6TCP:${z.sockets.tcp6Port}`] },
      { name: '-i 4TCP:tcp6', args: (z) => ['-i', `4TCP:${z.sockets.tcp6Port}`] },
      { name: '-i TCP:server', args: (z) => ['-i', `TCP:${z.tcpPair.serverPort}`] },
      { name: '-i two', args: (z) => ['-i', `:${z.sockets.tcpPort}`, '-i', `:${z.sockets.udpPort}`] },
      { name: '-i list', args: (z) => ['-i', `:${z.sockets.tcpPort},${z.sockets.udpPort}`] },
      { name: '-i range', args: (z) => ['-i', `:${z.tcpPair.serverPort}-${z.tcpPair.serverPort + 1}`] },
      { name: '-i :domain', args: zooAnd('-i', ':domain') },
      { name: '-iUDP:domain', args: zooAnd('-iUDP:domain') },
      { name: '-i @127.0.0.1', args: zooAnd('-i', '@127.0.0.1') },
      { name: '-i @[::1]', args: zooAnd('-i', '@[::1]') },
      { name: '-i4 -i6', args: zooAnd('-i', '4', '-i', '6') },
      { name: '-i :0', args: zooAnd('-i', ':0') },
      // A bare -i4/-i6 is a selection of its own beside the addresses, and restricts only the
      // addresses after it.
      { name: '-i6 -i :tcp6 -a', args: (z) => zooAnd('-i6', '-i', `:${z.sockets.tcp6Port}`)(z) },
      { name: '-i6 -i :tcp -a', args: (z) => zooAnd('-i6', '-i', `:${z.sockets.tcpPort}`)(z) },
      { name: '-i :tcp -i4 -a', args: (z) => zooAnd('-i', `:${z.sockets.tcp6Port}`, '-i4')(z) },
      { name: '-t -i :tcp -i6', args: (z) => ['-t', '-i', `:${z.sockets.tcpPort}`, '-i6'] },
      { name: '-U', args: zooAnd('-U') },
      { name: '-U -F', args: zooAnd('-U', '-F', 'pfnT') },
      { name: '-d cwd', args: zooAnd('-d', 'cwd') },
      { name: '-d 0-2', args: zooAnd('-d', '0-2') },
      { name: '-d ^0-2', args: zooAnd('-d', '^0-2') },
      { name: '-d mem', args: zooAnd('-d', 'mem') },
      { name: '-d txt,rtd', args: zooAnd('-d', 'txt,rtd') },
      { name: '-d DEL', args: zooAnd('-d', 'DEL') },
      { name: '-d fd', args: zooAnd('-d', 'fd') },
      { name: '-d ^mem,^txt', args: zooAnd('-d', '^mem,^txt') },
      { name: '-d OR -p', args: (z) => ['-p', open(z), '-d', '999'] },
      { name: '-c perl', args: zooAnd('-c', 'perl') },
      { name: '-c ^perl', args: zooAnd('-c', '^perl') },
      { name: '-c /^pe/', args: zooAnd('-c', '/^pe/') },
      { name: '-c /^PE/i', args: zooAnd('-c', '/^PE/i') },
      { name: '-c /e.l$/', args: zooAnd('-c', '/e.l$/') },
      { name: '-c sl -c pe', args: zooAnd('-c', 'sl', '-c', 'pe') },
      { name: '-c ^sleep -c ^sh', args: zooAnd('-c', '^sleep', '-c', '^sh') },
      { name: '-c zq', args: zooAnd('-c', 'zq') },
      { name: '-c averyveryverylo', args: zooAnd('-c', 'averyveryverylo') },
      { name: '-c /long/x', args: zooAnd('-c', '/long/x') },
      { name: '-c basic', args: zooAnd('-c', '/^[a-c]/b') },
      { name: '-c basic interval', args: zooAnd('-c', '/l\\{2\\}/b') },
      { name: '-c bix', args: zooAnd('-c', '/a/bix') },
      { name: '-u root', args: zooAnd('-u', 'root') },
      { name: '-u nobody', args: zooAnd('-u', 'nobody') },
      { name: '-u ^root', args: zooAnd('-u', '^root') },
      { name: '-u 65534', args: zooAnd('-u', '65534') },
      { name: '-g', args: zooAnd('-g') },
      { name: '-t', args: (z) => ['-t', '-p', all(z)] },
      { name: '-t -i', args: zooAnd('-t', '-i') },
      { name: '-p ^', args: (z) => ['-p', `^${open(z)}`, '-a', '-p', all(z)] },
      { name: '-u ^nobody', args: (z) => ['-p', all(z), '-a', '-d', '0', '-u', '^nobody'] },
      { name: '-sTCP:LISTEN', args: zooAnd('-sTCP:LISTEN', '-i') },
      { name: '-sTCP:^LISTEN', args: zooAnd('-sTCP:^LISTEN', '-i') },
      { name: '-sTCP:ESTABLISHED,LISTEN', args: zooAnd('-sTCP:ESTABLISHED,LISTEN') },
      { name: '-s tcp:listen', args: zooAnd('-s', 'tcp:listen', '-i') },
      { name: '-sTCP:^CLOSE', args: zooAnd('-sTCP:^CLOSE') },
      { name: '-sTCP:LISTEN,^CLOSED', args: zooAnd('-sTCP:LISTEN,^CLOSED') },
      { name: '-X', args: zooAnd('-X') },
      { name: '-X -i', args: zooAnd('-X', '-i') },
      { name: '+L1', args: zooAnd('+L1') },
      { name: '+L2', args: zooAnd('+L2') },
      { name: '+L -L', args: zooAnd('+L', '-L') },
      { name: '-w', args: zooAnd('-w') },
      { name: '+w -l', args: zooAnd('+w', '-l') },
      { name: '-S 3', args: zooAnd('-S', '3') },
      { name: '-S1', args: zooAnd('-S1') },
      { name: '-O -M', args: zooAnd('-O', '-M') },
      { name: '-Q -p missing', args: () => ['-Q', '-p', '999999'] },
      {
        name: '-V',
        args: (z) => ['-V', '-p', `${open(z)},999998`, '-c', 'nosuch1', '-c', 'nosuch2', '-g', '999997', '-i', ':1'],
        normalise: programOnStdout,
      },
      {
        name: '-V -i :1 -a -p',
        args: (z) => ['-V', '-i', ':1', '-a', '-p', String(open(z))],
        normalise: programOnStdout,
      },
      { name: '-V -i4 -a -p', args: (z) => ['-V', '-i4', '-a', '-p', String(open(z))], normalise: programOnStdout },
      // -i alone, and no socket of the tables matches it (nothing listens on port 1, nothing has
      // 192.0.2.1, TEST-NET-1): no process is read at all, and the same answer comes.
      {
        name: '-V -i none in the tables',
        args: () => ['-V', '-i', 'TCP:1', '-i', '@192.0.2.1', '-i', 'UDP:1-2'],
        normalise: programOnStdout,
      },
      { name: '-i none in the tables -t', args: () => ['-t', '-i6', '-i', ':1'] },
      {
        name: '-V -c ^ regex',
        args: zooAnd('-V', '-c', '^perl', '-c', '/nosuch/', '-d', '0'),
        normalise: programOnStdout,
      },
      { name: '-V -c -u -a', args: zooAnd('-V', '-c', 'perl', '-u', '4242'), normalise: programOnStdout },
      {
        name: '-V +d empty',
        args: (z) => ['-V', '+d', `${z.dir}/sockdir`, '-a', '-p', '1'],
        normalise: programOnStdout,
      },
    ]);
  }, 240_000);
});

describe('tlsof tasks and repeat mode', () => {
  it('lists tasks and repeats as lsof does', async () => {
    const th = (z: Zoo) => String(z.threaded.pid);
    const open = (z: Zoo) => String(z.openFiles.pid);
    await check(
      [
        { name: '-K -a', args: (z) => ['-K', '-a', '-p', th(z)] },
        { name: '-K -a single-threaded', args: (z) => ['-K', '-a', '-p', open(z)] },
        { name: '-Ki', args: (z) => ['-Ki', '-p', th(z)] },
        { name: '-K -F', args: (z) => ['-K', '-a', '-p', th(z), '-F'] },
        { name: '-K -F Mcgp', args: (z) => ['-K', '-a', '-p', th(z), '-F', 'Mcgp', '-d', 'cwd'] },
        { name: '-K +c 0 -l -R', args: (z) => ['-K', '-a', '-p', th(z), '-d', 'cwd', '+c', '0', '-l', '-R'] },
        { name: '-K -a zoo cwd', args: zooAnd('-K', '-d', 'cwd') },
        { name: '-K -a -V', args: (z) => ['-K', '-a', '-p', `${open(z)},${th(z)}`, '-V'], normalise: programOnStdout },
        { name: '-K -V none', args: (z) => ['-K', '-a', '-p', open(z), '-V'], normalise: programOnStdout },
        { name: '-i -V none', args: (z) => ['-p', open(z), '-a', '-i', '-V'], normalise: programOnStdout },
        { name: '-i4 -i :1 -V', args: zooAnd('-i4', '-i', ':1', '-V'), normalise: programOnStdout },
        { name: '-i -i :1', args: zooAnd('-i', '-i', ':1') },
        { name: '-i4 -i6', args: zooAnd('-i4', '-i6') },
        { name: '-i -i6', args: zooAnd('-i', '-i6') },
        { name: '-i6 -i', args: zooAnd('-i6', '-i') },
        { name: '-r1c2 missing', args: () => ['-r1c2', '-p', '999999'] },
        { name: '+r1c2 missing', args: () => ['+r1c2', '-p', '999999'] },
        { name: '+r1c3', args: (z) => ['+r1c3', '-p', open(z), '-a', '-d', '3'] },
        { name: '-r1c1 -t', args: (z) => ['-r1c1', '-t', '-p', open(z)] },
        { name: '-r1c2 -a', args: (z) => ['-r1c2', '-p', open(z), '-a', '-d', '3'] },
        { name: '-r1c2 marker -F', args: (z) => ['-r1c2m%%Y-marker', '-p', open(z), '-a', '-d', '3', '-F', 'pf'] },
        { name: '-r1c1 -F', args: (z) => ['-r1c1', '-p', open(z), '-F', 'pf'] },
        // Endless: stopped by the harness's timeout; the first listing and its marker are compared.
        { name: '-r 1 endless', args: (z) => ['-r', '1', '-p', open(z)], timeoutMs: 3000, normalise: firstCycle },
        {
          name: '-r 1c2 is -r 1 -c 2',
          args: (z) => ['-r', '1c2', '-p', open(z), '-a'],
          timeoutMs: 3000,
          normalise: firstCycle,
        },
      ],
      // The repeat cases mostly sleep between cycles: all at once.
      18,
    );
  }, 240_000);
});

describe('tlsof names', () => {
  it('finds named files as lsof does', async () => {
    const inZoo = (z: Zoo) => z.dir;
    const specs: CaseSpec[] = [
      { name: 'relative', args: () => ['files/read.txt'], cwdOf: inZoo },
      { name: 'dot relative', args: () => ['./files/read.txt'], cwdOf: inZoo },
      { name: 'two', args: () => ['files//read.txt', 'files/fifo'], cwdOf: inZoo },
      { name: 'same dir thrice', args: (z) => [`${z.dir}/files`, `${z.dir}/files/`, `${z.dir}/files/.`] },
      { name: 'missing', args: () => ['nosuch'], cwdOf: inZoo },
      { name: 'found and missing', args: () => ['files/read.txt', 'nosuch', 'files/write.txt'], cwdOf: inZoo },
      { name: '-Q missing', args: () => ['-Q', 'nosuch'], cwdOf: inZoo },
      { name: 'file system /', args: (z) => ['-a', '-p', all(z), '/'] },
      { name: 'block device', args: (z) => ['-a', '-p', all(z), '/dev/vda'] },
      { name: '-f /', args: (z) => ['-a', '-p', all(z), '-f', '--', '/'] },
      { name: '+f not a file system', args: (z) => ['-a', '-p', all(z), '+f', '--', z.dir] },
      { name: 'char device', args: (z) => ['-a', '-p', all(z), '/dev/null'] },
      { name: '-V +D', args: (z) => ['-V', '+D', z.dir, '-a', '-p', '1'], normalise: programOnStdout },
      { name: '-V +d', args: (z) => ['-V', '+d', z.dir, '-a', '-p', '1'], normalise: programOnStdout },
      { name: 'socket relative', args: (z) => ['-a', '-p', all(z), 'zoo.sock'], cwdOf: inZoo },
      { name: 'socket absolute', args: (z) => [`${z.dir}/zoo.sock`] },
      { name: '+d', args: (z) => ['+d', z.dir, '-a', '-p', all(z)] },
      { name: '+D', args: (z) => ['+D', z.dir, '-a', '-p', all(z)] },
      { name: '+d missing', args: () => ['+d', '/nonexistent'] },
      { name: '+D file', args: (z) => ['+D', `${z.dir}/open/offset.txt`] },
      { name: '+d files', args: (z) => ['+d', `${z.dir}/files`] },
      { name: '+D sockdir', args: (z) => ['+D', `${z.dir}/sockdir`] },
      { name: 'map and dir', args: (z) => ['-a', '-p', all(z), `${z.dir}/open/mapped.txt`, `${z.dir}/open`] },
      // Names alone: every process is looked at, first by stat alone (Inspector.mayHold).
      { name: 'mapped file alone', args: (z) => [`${z.dir}/open/mapped.txt`] },
      {
        name: 'cwd alone',
        args: (z) => ['-V', `${z.dir}/open`, `${z.dir}/open/offset.txt`],
        normalise: programOnStdout,
      },
      { name: 'locked files alone', args: (z) => [`${z.dir}/open/flock.txt`, `${z.dir}/open/fcntl-r.txt`] },
      // A directory alone is looked for among cwds, roots and descriptors only (Selection.namedKinds).
      { name: 'directory alone', args: (z) => [`${z.dir}/open`] },
      { name: '-x +d', args: (z) => ['-x', '+d', `${z.dir}/open`] },
      { name: '-x f +D', args: (z) => ['-x', 'f', '+D', z.dir, '-a', '-p', all(z)] },
      { name: '-x l +D', args: (z) => ['-x', 'l', '+D', z.dir, '-a', '-p', all(z)] },
      {
        name: '-V names',
        args: (z) => ['-V', `${z.dir}/files/read.txt`, '/etc/services', '-a', '-p', all(z)],
        normalise: programOnStdout,
      },
    ];
    // A case not ANDed with -p lists every process holding what it names, the lsof and tlsof of
    // other cases too (+d and +D hold each directory open while they read it; seen: `-x +d open`
    // listed an lsof walking the zoo): those run one at a time, after the rest.
    const seesOthers = (s: CaseSpec) => !s.args(zoo).includes('-p');
    await check(specs.filter((s) => !seesOthers(s)));
    await check(specs.filter(seesOthers), 1);
  }, 240_000);
});

describe('tlsof errors and help', () => {
  it('fails, warns and helps in lsof 4.95 words', async () => {
    const lines: string[][] = [
      ['-h'],
      ['-?'],
      ['+h'],
      ['-v'],
      ['-h', '-v'],
      ['-F?'],
      ['-y'],
      ['-p'],
      ['-p', 'abc'],
      ['-p', '1,abc'],
      ['-p', '1 2'],
      ['-p', '+1'],
      ['-p', '-5'],
      ['-p', '^1,1'],
      ['-pa'],
      ['-c'],
      ['-c', 'averyveryverylongprocessname'],
      ['-c', '^averyveryverylong'],
      ['-c', '/a/q'],
      ['-c', '/(/'],
      ['-c', '/a/bx'],
      ['-c', 'perl', '-c', '^perl'],
      ['-d'],
      ['-d', '^1,2'],
      ['-d', '1,^2'],
      ['-d', '1-x'],
      ['-d', '5-3'],
      ['+d'],
      ['+d', '/nonexistent'],
      ['-u', 'nosuchuserxyz'],
      ['-u', '^nosuchuserxyz'],
      ['-i', 'foo'],
      ['-i', '/etc/passwd'],
      ['-i', '@'],
      ['-i', 'TCP:'],
      ['-i', ':80-70'],
      ['-i', ':nosuchservice'],
      ['-i', 'TCP:1-nosuch'],
      ['-i', '7'],
      ['-F', 'q'],
      ['-F', 'abc'],
      ['-T', 'abc'],
      ['-s', 'abc'],
      ['-s', 'TCP'],
      ['-s', 'TCP:'],
      ['-s', 'ICMP:x'],
      ['-s', 'TCP:bogus'],
      ['-sUDP:Idle'],
      ['-s', 'TCP:LISTEN', '-s', 'TCP:^LISTEN'],
      ['-x', '-p', '1'],
      ['-x', 'abc', '+d', '/tmp'],
      ['-K', 'abc'],
      ['-L', '1'],
      ['-Z'],
      ['-D'],
      ['-m'],
      ['+c', 'x'],
      ['+c', '99'],
      ['-f', 'abc'],
      ['--foo'],
      ['-S', '3x'],
      ['-o', '-s'],
      ['-X', '-i'],
      ['-r1c2m'],
      ['-g', 'abc'],
      ['-g', '-1'],
    ];
    await check(lines.map((args): CaseSpec => ({ name: args.join(' '), args: () => args })));
  }, 240_000);
});

describe('tlsof names alone, a process named )', () => {
  // observed: lsof shows a process named ')' (its stat reads as an empty command, parseStatLsof)
  // with the command of the process it read before. Names alone read no stat of a process that
  // holds nothing named, so the one before is read back for it.
  let keeper: Keeper | undefined;
  let named = '';
  beforeAll(async () => {
    keeper = new Keeper('tproc-paren-');
    chmodSync(keeper.dir, 0o755);
    const before = keeper.start([keeper.copyBinary(SLEEP, 'tproc-before'), '100000'], { cwd: '/' });
    named = keeper.copyBinary(SLEEP, ')');
    const paren = keeper.start([named, '100000'], { cwd: '/' });
    await waitFor(() => hasComm(before.pid, 'tproc-before') && hasComm(paren.pid, ')'), 'the copies to exec');
  }, 30_000);
  afterAll(() => keeper?.stop());

  it('shows the command of the process before it', async () => {
    const { failures, outcomes } = await compareLsofCases([{ name: 'empty command', args: [named] }], ours);
    expect(failures).toEqual([]);
    expect(outcomes[0]?.reference).toMatch(/^tproc-bef .* txt .*\/\)\n/m);
  }, 60_000);

  it('is found by -c as that command (-c reads comm first, stat where it holds a parenthesis)', async () => {
    const cases = [
      { name: '-c tproc-bef', args: ['-c', 'tproc-bef'] },
      { name: '-c )', args: ['-c', ')'] },
    ];
    const { failures, outcomes } = await compareLsofCases(cases, ours);
    expect(failures).toEqual([]);
    expect(outcomes[0]?.reference).toMatch(/^tproc-bef .* txt .*\/\)\n/m);
  }, 60_000);
});

describe('tlsof Unix socket paths', () => {
  // observed: lsof finds a Unix socket by the path it was bound at (its /proc/net/unix path, cut
  // at the first blank), whatever the file there is now: a regular file put at that path names
  // the socket; the socket file renamed away does not.
  let dir: string;
  let holder: ChildProcess | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tproc-unixpath-'));
    chmodSync(dir, 0o755);
    const script = `use Socket;
socket(my $g, AF_UNIX, SOCK_DGRAM, 0) or die; bind($g, pack_sockaddr_un("$ARGV[0]/bound")) or die "bind: $!";
socket(my $b, AF_UNIX, SOCK_DGRAM, 0) or die; bind($b, pack_sockaddr_un("$ARGV[0]/cut here.sock")) or die "bind: $!";
rename("$ARGV[0]/bound", "$ARGV[0]/moved") or die; open(my $x, '>', "$ARGV[0]/bound") or die; close $x;
open($x, '>', "$ARGV[0]/cut") or die; close $x;
$| = 1; print "ready\\n"; sleep 100000;`;
    const child = spawn('perl', ['-e', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    holder = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout?.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`socket holder exited (${code})`)));
    });
  }, 30_000);
  afterAll(() => {
    holder?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds a socket by its bound path, not by the file there', async () => {
    const pid = String(holder?.pid);
    const { failures, outcomes } = await compareLsofCases(
      [
        { name: 'bound path, now a regular file', args: ['-a', '-p', pid, `${dir}/bound`] },
        { name: 'socket file renamed', args: ['-a', '-p', pid, `${dir}/moved`] },
        { name: 'path cut at the blank', args: ['-a', '-p', pid, `${dir}/cut`] },
        { name: '+d', args: ['+d', dir, '-a', '-p', pid] },
      ],
      ours,
    );
    expect(failures).toEqual([]);
    // Something was found: the regular file at the bound path names the socket.
    expect(outcomes[0]?.reference).toContain('type=DGRAM');
  }, 60_000);
});
