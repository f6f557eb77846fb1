// Processes for the tfuser differential tests, beside the zoo: holders of files in a directory
// anyone may read (so that nobody's runs can name them), each way fuser reports (read, write,
// cwd, root, executable, map), nobody's own holders, hostile command names, Unix, TCP and UDP
// sockets over IPv4 and IPv6 (listeners and established pairs), and a tmpfs on /mnt where the
// short labels and the -m cases live. All of it runs in a PID and mount namespace of its own, and
// both tools are run in it (Scene.enter): each search then walks some forty processes instead of
// the whole machine's, and nothing outside can show up in a listing.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keeper } from '../zoo/keeper.ts';
import { childrenOf } from '../zoo/proc.ts';

export interface Scene {
  /** The world-readable directory of the holders' files. */
  dir: string;
  /** Role -> pid, as the scene's PID namespace numbers them. */
  pids: Record<string, number>;
  /** tcp4, tcp6, udp4, udp6, pair4 (server port), pair4client, pair6, pair6client, nobodyTcp. */
  ports: Record<string, number>;
  /** The /etc/services name of the port `service` listens on. */
  service: string;
  /** `nsenter` words that run a command in the scene's namespaces, in `wd` (default /). */
  enter(wd?: string): string[];
  stop(): Promise<void>;
}

const FOREVER = '100000';

/** printf formats for the hostile names: control bytes, invalid UTF-8, `)`, backslash, runs. */
const HOSTILE = [
  'zq\\001\\303\\251',
  'a\\nb\\tc\\033d',
  'x\\177y\\377z',
  'x)y)z',
  'b\\\\sl%%s',
  'a\\377\\377\\377\\377\\377\\377',
  '\\377\\377\\377\\377\\377\\001aaaaaaaaa',
  'sp ace',
];

export const sockets = `use strict; use Socket qw(:all); $| = 1;
sub bound { my ($family, $type, $addr) = @_;
  socket(my $s, $family, $type, 0) or die "socket: $!";
  setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1);
  bind($s, $addr) or return undef;
  if ($type == SOCK_STREAM) { listen($s, 16) or die "listen: $!" }
  return $s }
sub port { my $s = shift; my $a = getsockname($s);
  return sockaddr_family($a) == AF_INET6 ? (unpack_sockaddr_in6($a))[0] : (unpack_sockaddr_in($a))[0] }
my $lo6 = inet_pton(AF_INET6, '::1');
my %s;
$s{tcp4} = bound(AF_INET, SOCK_STREAM, pack_sockaddr_in(0, inet_aton('127.0.0.1')));
$s{tcp6} = bound(AF_INET6, SOCK_STREAM, pack_sockaddr_in6(0, $lo6));
$s{udp4} = bound(AF_INET, SOCK_DGRAM, pack_sockaddr_in(0, inet_aton('127.0.0.1')));
$s{udp6} = bound(AF_INET6, SOCK_DGRAM, pack_sockaddr_in6(0, inet_pton(AF_INET6, '::')));
my $service = '';
for my $name (qw(finger gopher tcpmux rje echo discard)) {
  my $p = getservbyname($name, 'tcp') or next;
  my $l = bound(AF_INET, SOCK_STREAM, pack_sockaddr_in($p, INADDR_ANY)) or next;
  $s{service} = $l; $service = $name; last;
}
my $u = bound(AF_UNIX, SOCK_STREAM, pack_sockaddr_un($ARGV[0]));
open(my $out, '>', "$ARGV[1].tmp") or die;
print $out join(' ', map { "$_=" . port($s{$_}) } grep { defined $s{$_} } sort keys %s), " service=$service\\n";
close $out; rename("$ARGV[1].tmp", $ARGV[1]) or die;
sleep ${FOREVER};`;

/** A server and a client in two processes: argv family (4 or 6), file for `server client` ports. */
export const pair = `use strict; use Socket qw(:all); $| = 1;
my ($family, $file) = @ARGV;
my ($af, $addr) = $family == 6
  ? (AF_INET6, sub { pack_sockaddr_in6($_[0], inet_pton(AF_INET6, '::1')) })
  : (AF_INET, sub { pack_sockaddr_in($_[0], inet_aton('127.0.0.1')) });
sub port { my $a = getsockname($_[0]);
  return sockaddr_family($a) == AF_INET6 ? (unpack_sockaddr_in6($a))[0] : (unpack_sockaddr_in($a))[0] }
socket(my $l, $af, SOCK_STREAM, 0) or die; bind($l, $addr->(0)) or die; listen($l, 1) or die;
my $sp = port($l);
my $child = fork();
if ($child == 0) { socket(my $c, $af, SOCK_STREAM, 0) or die; connect($c, $addr->($sp)) or die;
  open(my $o, '>', "$file.client.tmp") or die; print $o port($c), "\\n"; close $o;
  rename("$file.client.tmp", "$file.client") or die; sleep ${FOREVER}; exit 0 }
accept(my $a, $l) or die; close($l);
open(my $o, '>', "$file.tmp") or die; print $o "$sp $child\\n"; close $o; rename("$file.tmp", $file) or die;
sleep ${FOREVER};`;

/** argv: file to map (then closed: only the map holds it). */
export const mapper = `my $f = $ARGV[0]; open(my $M, '<', $f) or die "$f: $!";
my $r = syscall(9, 0, 4096, 1, 1, fileno($M), 0); die "mmap: $!" if $r == -1; close $M;
open(my $R, '>', $ARGV[1]) or die; close $R; sleep ${FOREVER};`;

export const chrooter = `chroot($ARGV[0]) or die "chroot: $!"; chdir('/') or die; sleep ${FOREVER};`;

export const fifoHolder = `use Fcntl; sysopen(my $F, $ARGV[0], O_RDONLY | O_NONBLOCK) or die "$ARGV[0]: $!";
open(my $R, '>', $ARGV[1]) or die; close $R; sleep ${FOREVER};`;

/**
 * The main scene's shell: prints `role pid` lines, then `ready`. $1 is the directory. `g` and `nb`
 * are only run in the background and exec, so that $! is the holder itself, not a subshell.
 */
export function sceneScript(): string {
  const hostile = HOSTILE.map(
    (fmt, i) =>
      `n="./$(printf '${fmt}')"; cp /usr/bin/sleep "$n"; g "$n" ${FOREVER} < hostile.txt & echo "hostile${i} $!"`,
  ).join('\n');
  return `set -e
cd "$1"
g() { exec setpriv --pdeathsig KILL "$@"; }
nb() { exec setpriv --reuid=nobody --regid=nogroup --clear-groups setpriv --pdeathsig KILL "$@"; }
for f in r w rw unused mapped hostile n both; do echo data > $f.txt; done
mkdir cwd ncwd chroot rel nobody private long-directory-name-to-pass-twenty
chown nobody:nogroup nobody
echo data > private/p.txt; chmod 700 private
odd="$(printf 'odd\\001 name é\\033[1m.txt')"; echo data > "$odd"; chmod 644 "$odd"
echo data > long-directory-name-to-pass-twenty/held.txt
cp /usr/bin/sleep mysleep
ln -s r.txt link
ln -s cwd dirlink
mkfifo fifo
chmod 755 . cwd ncwd chroot rel long-directory-name-to-pass-twenty; chmod 644 *.txt
g sleep ${FOREVER} < r.txt & echo "reader $!"
g sleep ${FOREVER} > w.txt & echo "writer $!"
g sleep ${FOREVER} <> rw.txt & echo "readwriter $!"
(cd cwd && exec setpriv --pdeathsig KILL sleep ${FOREVER}) & echo "cwd $!"
g ./mysleep ${FOREVER} & echo "exe $!"
g perl mapper.pl mapped.txt ready.mapper & echo "mapper $!"
g perl chrooter.pl "$1/chroot" & C=$!; echo "chroot $C"
g perl fifo.pl fifo ready.fifo & echo "fifo $!"
g sleep ${FOREVER} < long-directory-name-to-pass-twenty/held.txt & echo "longname $!"
g sh -c 'exec sleep ${FOREVER} < r.txt 3> both.txt 4< both.txt' & echo "both $!"
${hostile}
(cd ncwd && exec setpriv --reuid=nobody --regid=nogroup --clear-groups setpriv --pdeathsig KILL sleep ${FOREVER} < ../n.txt) & echo "nobodycwd $!"
nb sleep ${FOREVER} < r.txt & echo "nobodyreader $!"
nb sleep ${FOREVER} 3>> n.txt & echo "nobodywriter $!"
(exec setpriv --reuid=12345 --regid=12345 --clear-groups setpriv --pdeathsig KILL sleep ${FOREVER} < r.txt) & echo "nouser $!"
g sleep ${FOREVER} < private/p.txt 3< "$odd" & echo "private $!"
g perl sockets.pl "$1/u.sock" "$1/ports" & echo "sockets $!"
g perl pair.pl 4 "$1/pair4" & echo "pair4 $!"
g perl pair.pl 6 "$1/pair6" & echo "pair6 $!"
nb perl sockets.pl "$1/nobody/u.sock" "$1/nobody/ports" & echo "nobodysockets $!"
# The tmpfs on /mnt, private to this mount namespace.
mount -t tmpfs -o mode=755 tfuser-scene /mnt
cd /mnt
for f in r w m abcdefghijklmn abcdefghijklmno unused; do echo data > $f.txt; done
mv abcdefghijklmn.txt abcdefghijklmn; mv abcdefghijklmno.txt abcdefghijklmno
mkdir d sub; echo data > sub/s.txt; chmod 755 d sub
cp /usr/bin/sleep mysleep; cp /usr/bin/perl myperl
g sleep ${FOREVER} < r.txt & echo "mnt.reader $!"
g sleep ${FOREVER} > w.txt & echo "mnt.writer $!"
(cd d && exec setpriv --pdeathsig KILL sleep ${FOREVER}) & echo "mnt.cwd $!"
g ./mysleep ${FOREVER} & echo "mnt.exe $!"
g perl "$1/mapper.pl" /mnt/m.txt "$1/ready.mnt.mapper" & echo "mnt.mapper $!"
g ./myperl "$1/mapper.pl" /mnt/m.txt "$1/ready.mnt.exemapper" & echo "mnt.exemapper $!"
g perl "$1/chrooter.pl" /mnt/d & D=$!; echo "mnt.chroot $D"
g sleep ${FOREVER} < abcdefghijklmn & echo "mnt.label20 $!"
g sleep ${FOREVER} < abcdefghijklmno & echo "mnt.label21 $!"
g sleep ${FOREVER} < sub/s.txt & echo "mnt.sub $!"
(exec setpriv --reuid=nobody --regid=nogroup --clear-groups setpriv --pdeathsig KILL sleep ${FOREVER} < r.txt) & echo "mnt.nobody $!"
cd "$1"
for f in ports pair4 pair6 pair4.client pair6.client nobody/ports ready.mapper ready.fifo ready.mnt.mapper ready.mnt.exemapper; do
  while [ ! -e $f ]; do sleep 0.05; done
done
while [ "$(readlink /proc/$C/root)" = / ] || [ "$(readlink /proc/$D/root)" = / ]; do sleep 0.05; done
# Every holder has exec'd (its files were opened by this shell before, or it said it was ready).
for p in $(jobs -p); do
  while c=$(cat /proc/$p/comm 2>/dev/null) && { [ "$c" = sh ] || [ "$c" = setpriv ]; }; do sleep 0.05; done
done
cd /
echo ready
wait
`;
}

async function readRoles(p: { nextLine(): Promise<string> }): Promise<Record<string, number>> {
  const roles: Record<string, number> = {};
  for (;;) {
    const line = await p.nextLine();
    if (line === 'ready') return roles;
    const [role, pid] = line.split(' ');
    roles[role as string] = Number(pid);
  }
}

export async function startScene(): Promise<Scene> {
  const keeper = new Keeper('tproc-fuser-');
  try {
    chmodSync(keeper.dir, 0o755);
    const programs = {
      'sockets.pl': sockets,
      'pair.pl': pair,
      'mapper.pl': mapper,
      'chrooter.pl': chrooter,
      'fifo.pl': fifoHolder,
    };
    for (const [name, text] of Object.entries(programs)) writeFileSync(join(keeper.dir, name), text);
    // --kill-child: when the keeper kills unshare, the namespace's pid 1 and with it every holder go.
    const ns = keeper.start([
      'unshare',
      '--pid',
      '--fork',
      '--kill-child',
      '--mount-proc',
      'sh',
      '-c',
      sceneScript(),
      'sh',
      keeper.dir,
    ]);
    const pids = await readRoles(ns);
    const init = childrenOf(ns.pid)[0];
    if (init === undefined) throw new Error('the scene namespace has no init');
    const ports: Record<string, number> = {};
    let service = '';
    for (const word of readFileSync(join(keeper.dir, 'ports'), 'utf8').trim().split(' ')) {
      const [key, value = ''] = word.split('=');
      if (key === 'service') service = value;
      else ports[key as string] = Number(value);
    }
    const nobodyPorts = readFileSync(join(keeper.dir, 'nobody/ports'), 'utf8').trim().split(' ');
    ports.nobodyTcp = Number(nobodyPorts.find((w) => w.startsWith('tcp4='))?.slice(5));
    for (const family of ['4', '6']) {
      const [server, child] = readFileSync(join(keeper.dir, `pair${family}`), 'utf8')
        .trim()
        .split(' ')
        .map(Number);
      ports[`pair${family}`] = server as number;
      ports[`pair${family}client`] = Number(readFileSync(join(keeper.dir, `pair${family}.client`), 'utf8').trim());
      pids[`pair${family}client`] = child as number;
    }
    return {
      dir: keeper.dir,
      pids,
      ports,
      service,
      enter: (wd = '/') => ['nsenter', `--target=${init}`, '--pid', '--mount', `--wd=${wd}`, '--'],
      stop: () => keeper.stop(),
    };
  } catch (err) {
    await keeper.stop();
    throw err;
  }
}
