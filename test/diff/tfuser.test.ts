// Differential tests of tfuser against psmisc 23.6 fuser on the same processes: the zoo's holders
// and tfuser's scene (tfuser-scene.ts), each case as root and as nobody (ours from a world-readable
// copy). Nothing here signals: the -k cases are in tfuser-kill.test.ts.
import { chmodSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoo, type Zoo } from '../zoo/zoo.ts';
import { compareFuserCases, type FuserCase, tfuserCopy } from './tfuser-harness.ts';
import { type Scene, startScene } from './tfuser-scene.ts';

let zoo: Zoo;
let scene: Scene;
beforeAll(async () => {
  [zoo, scene] = await Promise.all([startZoo(), startScene()]);
  // The zoo's directory is ours: open it to nobody, so that nobody's runs can name its files.
  chmodSync(zoo.dir, 0o755);
  chmodSync(zoo.files.cwd, 0o755);
}, 90_000);
afterAll(async () => {
  await Promise.all([zoo?.stop(), scene?.stop()]);
});
const ours = tfuserCopy();

/**
 * The cases also run as nobody (who sees only nobody's processes, and cannot stat what root's
 * private directory holds); the others run as root alone, to keep the file's time down.
 */
const AS_NOBODY_TOO = new Set([
  'reader',
  'reader -v',
  'letters',
  'table -vu',
  '-va with unused and missing',
  'missing',
  'symbolic link',
  'hostile names -v',
  'nobody holders -v',
  '-M on a file',
  'unix socket path, nobody',
  'relative name',
  'a file nobody may not stat',
  'hostile file name',
  'zoo cwd -v',
  'tcp4 listener -v',
  'udp4 -v',
  'established v4 client',
  'nobody listener -v',
  'mixed names',
  '-mv',
  '-mvu',
  '-M on the mount point',
  'short labels -v',
  'map and executable -v',
]);
const runners = (cases: FuserCase[]): FuserCase[] =>
  cases.map((k) => (AS_NOBODY_TOO.has(k.name) ? k : { ...k, only: 'root' }));

/** A case in the root PID namespace (the zoo's). */
const z = (name: string, ...args: string[]): FuserCase => ({ name, args });
/** A case in the scene's namespaces. */
const c = (name: string, ...args: string[]): FuserCase => ({ name, args, enter: scene.enter() });

describe('tfuser on files', () => {
  it('matches fuser', async () => {
    const d = (p: string) => `${scene.dir}/${p}`;
    const cases: FuserCase[] = [
      c('reader', d('r.txt')),
      c('reader -v', '-v', d('r.txt')),
      c('writer -v', '-v', d('w.txt')),
      c('read-write -v', '-v', d('rw.txt')),
      c('read and write fds -v', '-v', d('both.txt')),
      c('cwd -v', '-v', d('cwd')),
      c('executable -v', '-v', d('mysleep')),
      c('map -v', '-v', d('mapped.txt')),
      c('root -v', '-v', d('chroot')),
      c('fifo -v', '-v', d('fifo')),
      c('letters', d('r.txt'), d('w.txt'), d('cwd'), d('mysleep'), d('mapped.txt'), d('chroot')),
      c('letters -u', '-u', d('cwd'), d('mysleep'), d('mapped.txt'), d('chroot')),
      c('table -vu', '-vu', d('r.txt'), d('w.txt'), d('cwd'), d('mysleep'), d('mapped.txt'), d('chroot')),
      c('unused', d('unused.txt')),
      c('unused -v', '-v', d('unused.txt')),
      c('-a with unused and missing', '-a', d('r.txt'), d('unused.txt'), d('nonexistent')),
      c('-va with unused and missing', '-va', d('nonexistent'), d('unused.txt'), d('r.txt')),
      c('missing', d('nonexistent')),
      c('missing then found', d('nonexistent'), d('r.txt')),
      c('-s found', '-s', d('r.txt')),
      c('-s unused', '-s', d('unused.txt')),
      c('symbolic link', d('link')),
      c('link to a directory, slash', '-v', `${d('dirlink')}/`),
      c('dot segments', '-v', `${scene.dir}//rel/../cwd/.`),
      c('long label', d('long-directory-name-to-pass-twenty/held.txt')),
      c('long label -v', '-v', d('long-directory-name-to-pass-twenty/held.txt')),
      c('hostile names -v', '-v', d('hostile.txt')),
      c('hostile names -vu', '-vu', d('hostile.txt')),
      c('nobody holders -v', '-v', d('n.txt'), d('ncwd')),
      c('same name twice', d('r.txt'), d('r.txt')),
      c('-M on a file', '-M', d('r.txt')),
      c('-m with -M on a file', '-m', d('r.txt'), '-M', d('w.txt')),
      c('unix socket path -v', '-v', d('u.sock')),
      c('unix socket path, nobody', '-v', d('nobody/u.sock')),
      z('zoo cwd -v', '-v', zoo.dir),
      // The course notes' command lines (/work/shared/seed-notes.md), the glob as the shell gives it.
      z('course notes: a log', '/var/log/syslog'),
      z(
        'course notes: every log',
        ...readdirSync('/var/log')
          .sort()
          .map((f) => `/var/log/${f}`),
      ),
      z('course notes: nginx logs', '/var/log/nginx/*'),
      z('zoo files', zoo.files.read, zoo.files.write, zoo.files.cwd, zoo.files.fifo),
      z('zoo open files -v', '-v', zoo.openFiles.dir, `${zoo.openFiles.dir}/mapped.txt`),
      c('options after names', d('r.txt'), '-v', d('w.txt'), '-u'),
      c('-f and -I', '-f', '-I', d('r.txt')),
      c('-w without -k', '-w', '-v', d('r.txt')),
      c('a file nobody may not stat', '-v', d('private/p.txt')),
      c('hostile file name', '-v', d('odd\x01 name é\x1b[1m.txt')),
      c('hostile file name, missing', '-a', d('odd\x01 name é\x1b[1m.gone')),
      c('hostile file name, -M', '-M', d('odd\x01 name é\x1b[1m.txt')),
      { ...c('one pipe', d('r.txt'), d('cwd'), d('mapped.txt'), d('unused.txt')), merged: true },
      { ...c('one pipe -v', '-v', d('r.txt'), d('long-directory-name-to-pass-twenty/held.txt')), merged: true },
      { ...c('one pipe -u -a', '-u', '-a', d('nonexistent'), d('r.txt')), merged: true },
      { name: 'relative name', args: ['../r.txt'], enter: scene.enter(d('rel')) },
      { name: 'relative missing name', args: ['-a', 'nosuch'], enter: scene.enter(d('rel')) },
    ];
    // One at a time, as on /mnt below: the tools of another case, running meanwhile, show in
    // this one's listings when they sit in the scene's directories (the relative names).
    const { failures } = await compareFuserCases(runners(cases), ours, { concurrency: 1 });
    expect(failures).toEqual([]);
  }, 240_000);
});

describe('tfuser on sockets', () => {
  it('matches fuser', async () => {
    const p = scene.ports;
    const cases: FuserCase[] = [
      c('tcp4 listener', `${p.tcp4}/tcp`),
      c('tcp4 listener -v', '-v', `${p.tcp4}/tcp`),
      c('tcp6 listener', `${p.tcp6}/tcp`),
      c('tcp6 listener -4', '-4', `${p.tcp6}/tcp`),
      c('tcp6 listener -6', '-6', `${p.tcp6}/tcp`),
      c('-4 after the name', `${p.tcp6}/tcp`, '-4'),
      c('udp4 -v', '-v', `${p.udp4}/udp`),
      c('udp6 -6', '-6', `${p.udp6}/udp`),
      c('udp port as tcp', `${p.udp4}/tcp`),
      c('-n tcp', '-n', 'tcp', String(p.tcp4)),
      c('--namespace udp', '--namespace', 'udp', String(p.udp4)),
      c('established v4 client', '-v', '-n', 'tcp', `,127.0.0.1,${p.pair4}`),
      c('established v4 server', '-v', '-n', 'tcp', `${p.pair4},127.0.0.1,${p.pair4client}`),
      c('established v4 by local port', '-v', `${p.pair4client}/tcp`),
      c('established v4, host name', '-n', 'tcp', `,localhost,${p.pair4}`),
      c('established v4, short address', '-n', 'tcp', `,127.1,${p.pair4}`),
      c('established v4 as v6', '-6', '-n', 'tcp', `,127.0.0.1,${p.pair4}`),
      c('established v6 client', '-v', '-n', 'tcp', `,::1,${p.pair6}`),
      c('established v6 server', '-n', 'tcp', `${p.pair6},[::1],${p.pair6client}`),
      c('established v6 server, plain', '-n', 'tcp', `${p.pair6},::1,${p.pair6client}`),
      c('remote port only', '-n', 'tcp', `,,${p.pair4}`),
      c('remote host only', '-n', 'tcp', ',0:0:0:0:0:0:0:1'),
      c('service name', `${scene.service}/tcp`),
      c('service name -v', '-v', '-n', 'tcp', scene.service),
      c('unknown service', '-n', 'tcp', 'nosuchservice'),
      c('unknown service -a', '-a', 'nosuchservice/tcp'),
      c('port past 65535', '-n', 'tcp', '99999'),
      c('port with blanks', `  ${p.tcp4}/tcp`),
      c('unknown host', '-n', 'tcp', `,nosuchhost.invalid,${p.pair4}`),
      c('nobody listener -v', '-v', `${p.nobodyTcp}/tcp`),
      c('mixed names', '-v', `${p.tcp4}/tcp`, `${scene.dir}/r.txt`, `${p.udp6}/udp`),
      c('tcp then file space', '-n', 'tcp', String(p.tcp4), '-n', 'file', `${scene.dir}/r.txt`),
      c('sctp is a file name', `${p.tcp4}/sctp`),
      z('zoo sockets', `${zoo.sockets.tcpPort}/tcp`, `${zoo.sockets.tcp6Port}/tcp`, `${zoo.sockets.udpPort}/udp`),
      z('zoo connected udp', '-v', '-n', 'udp', `${zoo.moreSockets.udpPort},127.0.0.1,53`),
      z('zoo tcp pair', '-n', 'tcp', `${zoo.tcpPair.serverPort},,${zoo.tcpPair.clientPort}`),
    ];
    const { failures } = await compareFuserCases(runners(cases), ours);
    expect(failures).toEqual([]);
  }, 240_000);
});

describe('tfuser on a tmpfs of its own (/mnt)', () => {
  it('matches fuser', async () => {
    const n = c;
    const cases: FuserCase[] = [
      n('short label', '/mnt/r.txt'),
      n('short labels -v', '-v', '/mnt/r.txt', '/mnt/w.txt'),
      n('label of 20', '/mnt/abcdefghijklmn'),
      n('label of 20 -v', '-v', '/mnt/abcdefghijklmn'),
      n('label of 21', '/mnt/abcdefghijklmno'),
      n('label of 21 -v', '-v', '/mnt/abcdefghijklmno'),
      n('mount point -v', '-v', '/mnt'),
      n('mount point', '/mnt'),
      n('-m', '-m', '/mnt'),
      n('-mv', '-mv', '/mnt'),
      n('-mvu', '-mvu', '/mnt'),
      n('-c', '-c', '/mnt/sub'),
      n('-m on a file', '-mv', '/mnt/sub/s.txt'),
      n('-M on the mount point', '-Mv', '/mnt'),
      n('-M on a file', '-M', '/mnt/r.txt', '/mnt'),
      n('-M with a missing name', '-M', '/mnt/nosuch', '/mnt'),
      n('-a -M', '-a', '-M', '/mnt/nosuch', '/mnt/unused.txt', '/mnt'),
      n('map and executable -v', '-v', '/mnt/m.txt', '/mnt/myperl', '/mnt/mysleep'),
      n('-m after a name', '/mnt/r.txt', '-m', '/mnt/d'),
      n('a block device node', '-v', '/dev/vda'),
      n('-m on a character device', '-m', '-s', '/dev/null'),
    ];
    // One at a time: the tools of another case, running meanwhile, may show in this one's
    // listings (seen once: fuser -mvu /mnt listed `nobody f.... (nobody)tfuser`, another case's).
    const { failures } = await compareFuserCases(runners(cases), ours, { concurrency: 1 });
    expect(failures).toEqual([]);
  }, 240_000);
});
