// Small perl programs that hold files and sockets open. Each prints what it bound, one line per
// step, then sleeps. Perl (with Socket and POSIX) is part of every Debian install and starts fast.

const prelude = `use strict; use Socket qw(:all); use Fcntl; $| = 1;
sub port4 { (unpack_sockaddr_in($_[0]))[0] }
sub lo4 { pack_sockaddr_in($_[0], inet_aton('127.0.0.1')) }
sub bound { my ($family, $type, $addr) = @_;
  socket(my $s, $family, $type, 0) or die "socket: $!";
  bind($s, $addr) or die "bind: $!";
  if ($type == SOCK_STREAM) { listen($s, 16) or die "listen: $!" }
  return $s }`;

/** argv: read-path write-path deleted-path fifo-path. Prints `ready`. */
export const filesHolder = `${prelude}
my ($r, $w, $d, $f) = @ARGV;
open(my $R, '<', $r) or die "$r: $!";
open(my $W, '>', $w) or die "$w: $!";
open(my $D, '+>', $d) or die "$d: $!";
unlink($d) or die "unlink $d: $!";
require POSIX; POSIX::mkfifo($f, 0600) or die "mkfifo $f: $!";
sysopen(my $F, $f, O_RDONLY | O_NONBLOCK) or die "$f: $!";
print "ready\\n";
sleep 100000;`;

/** argv: unix-socket-path. Prints `<tcp port> <tcp6 port> <udp port>`. */
export const socketsHolder = `${prelude}
my $tcp = bound(AF_INET, SOCK_STREAM, lo4(0));
my $tcp6 = bound(AF_INET6, SOCK_STREAM, pack_sockaddr_in6(0, inet_pton(AF_INET6, '::1')));
my $udp = bound(AF_INET, SOCK_DGRAM, lo4(0));
my $unix = bound(AF_UNIX, SOCK_STREAM, pack_sockaddr_un($ARGV[0]));
my $port6 = (unpack_sockaddr_in6(getsockname($tcp6)))[0];
print join(' ', port4(getsockname($tcp)), $port6, port4(getsockname($udp))), "\\n";
sleep 100000;`;

/** Listens on 127.0.0.1, prints its port, accepts one connection, closes the listener, prints `ready`. */
export const tcpServer = `${prelude}
my $l = bound(AF_INET, SOCK_STREAM, lo4(0));
print port4(getsockname($l)), "\\n";
accept(my $c, $l) or die "accept: $!";
close($l);
print "ready\\n";
sleep 100000;`;

/** argv: port. Connects to 127.0.0.1:port and prints its own port. */
export const tcpClient = `${prelude}
socket(my $s, AF_INET, SOCK_STREAM, 0) or die "socket: $!";
connect($s, lo4($ARGV[0])) or die "connect: $!";
print port4(getsockname($s)), "\\n";
sleep 100000;`;

/**
 * Three threads in all. Prints `ready` once the two extra threads exist and it has been charged
 * 30 ms of user time (times(2), in clock ticks): a perl that only starts may be charged no tick at
 * all, and then every share of CPU in a young zoo is 0.
 */
export const threaded = `use threads; $| = 1;
1 while (times)[0] < 0.03;
threads->create(sub { sleep 100000 }) for 1 .. 2;
print "ready\\n";
sleep 100000;`;

// x86_64 system call numbers (asm/unistd_64.h): perl's syscall() reaches what it has no words for.
const linuxCalls = `my %SYS = (mmap => 9, epoll_ctl => 233, inotify_add_watch => 254, timerfd_create => 283,
  signalfd4 => 289, eventfd2 => 290, epoll_create1 => 291, inotify_init1 => 294, memfd_create => 319,
  pidfd_open => 434);
sub sys { my $n = shift; my $r = syscall($SYS{$n}, @_); die "$n: $!" if $r < 0; $r }`;

/**
 * argv: dir. For lsof: a file read at an offset, memory maps (one of a file since deleted), the
 * anonymous-inode kinds, flock and fcntl locks, a directory, a memfd and a file whose name holds
 * control bytes, a space and invalid UTF-8. Prints `ready`.
 */
export const openFilesHolder = `${prelude}
${linuxCalls}
use Fcntl qw(:flock SEEK_SET);
my $d = $ARGV[0];
sub put { my ($p, $t) = @_; open(my $f, '>', $p) or die "$p: $!"; print $f $t; close $f }
put("$d/offset.txt", "0123456789" x 100);
open(my $OFF, '<', "$d/offset.txt") or die; sysseek($OFF, 1234, SEEK_SET); sysseek($OFF, 777, SEEK_SET);
put("$d/mapped.txt", "mapped\\n");
open(my $M, '<', "$d/mapped.txt") or die; sys('mmap', 0, 4096, 1, 1, fileno($M), 0); close $M;
put("$d/mapgone.txt", "gone\\n");
open(my $G, '<', "$d/mapgone.txt") or die; sys('mmap', 0, 4096, 1, 1, fileno($G), 0); close $G; unlink "$d/mapgone.txt";
my $ev = sys('eventfd2', 3, 0);
my $ep = sys('epoll_create1', 0);
my $event = pack('LQ', 1, 0); sys('epoll_ctl', $ep, 1, $ev, $event);
my $in = sys('inotify_init1', 0);
my $watched = $d; sys('inotify_add_watch', $in, $watched, 0x100);
my $tf = sys('timerfd_create', 1, 0);
my $mask = pack('Q', 1 << 9); my $sf = sys('signalfd4', -1, $mask, 8, 0);
my $pf = sys('pidfd_open', 0 + $$, 0);
my $mname = 'zoo-memfd'; my $mf = sys('memfd_create', $mname, 0);
put("$d/flock.txt", ''); open(my $FL, '<', "$d/flock.txt") or die; flock($FL, LOCK_EX) or die "flock: $!";
put("$d/fcntl-w.txt", ''); open(my $FW, '+<', "$d/fcntl-w.txt") or die;
my $wl = pack('s s x4 q q l x4', F_WRLCK, SEEK_SET, 0, 0, 0); fcntl($FW, F_SETLK, $wl) or die "fcntl: $!";
put("$d/fcntl-r.txt", 'x' x 100); open(my $FR, '<', "$d/fcntl-r.txt") or die;
my $rl = pack('s s x4 q q l x4', F_RDLCK, SEEK_SET, 10, 20, 0); fcntl($FR, F_SETLK, $rl) or die "fcntl: $!";
opendir(my $DIR, $d) or die;
my $odd = "$d/odd\\x01name \\xc3\\xa9\\xff\\n\\x1b[1m.txt";
open(my $ODD, '>', $odd) or die "odd: $!";
open(my $APP, '>>', "$d/append.txt") or die;
print "ready\n";
sleep 100000;`;

/**
 * Threads named by themselves (each writes its name to /proc/thread-self/comm, i.e.
 * prctl(PR_SET_NAME)); argv: the names, as bytes. Prints `ready` once every thread has its name.
 */
export const namedThreads = `use threads; $| = 1;
my @names = @ARGV;
for my $n (@names) {
  threads->create(sub {
    open(my $f, '>', '/proc/thread-self/comm') or die "comm: $!"; print $f $_[0]; close $f;
    sleep 100000 }, $n)->detach;
}
for (1 .. 2000) {
  my $named = 0;
  for my $c (glob '/proc/self/task/*/comm') { open(my $f, '<', $c) or next; my $x = <$f>; $named++ if $x ne "perl\\n" }
  last if $named == @names;
  select(undef, undef, undef, 0.005);
}
print "ready\\n";
sleep 100000;`;

/**
 * argv: dir. Sockets beyond socketsHolder's: UDP6 on :: and ::1, a connected UDP socket, a Unix
 * socket pair, an abstract listener with a client, a datagram socket bound to a path with odd
 * bytes, netlink, raw and packet sockets, and TCP sockets that no table lists (unbound, bound
 * only). Prints `<udp6 port> <udp6 loopback port> <connected udp port>`.
 */
export const moreSocketsHolder = `${prelude}
my $d = $ARGV[0];
my $u6 = bound(AF_INET6, SOCK_DGRAM, pack_sockaddr_in6(0, inet_pton(AF_INET6, '::')));
my $u6l = bound(AF_INET6, SOCK_DGRAM, pack_sockaddr_in6(0, inet_pton(AF_INET6, '::1')));
socket(my $uc, AF_INET, SOCK_DGRAM, 0) or die; connect($uc, pack_sockaddr_in(53, inet_aton('127.0.0.1'))) or die "udp: $!";
socketpair(my $pa, my $pb, AF_UNIX, SOCK_STREAM, 0) or die "socketpair: $!";
# Named after the zoo's directory, not the pid: pids repeat in the vitest workers' namespaces.
my $abs = bound(AF_UNIX, SOCK_STREAM, pack_sockaddr_un("\\0zoo-abstract:$d"));
socket(my $ac, AF_UNIX, SOCK_STREAM, 0) or die; connect($ac, pack_sockaddr_un("\\0zoo-abstract:$d")) or die "abstract: $!";
my $dg = bound(AF_UNIX, SOCK_DGRAM, pack_sockaddr_un("$d/dgram \\x01\\xff.sock"));
socket(my $nl, 16, SOCK_RAW, 0) or die "netlink: $!"; bind($nl, pack('S S L L', 16, 0, 0, 0)) or die "netlink bind: $!";
socket(my $raw, AF_INET, SOCK_RAW, 1) or die "raw: $!";
socket(my $pk, 17, SOCK_DGRAM, 0x0008) or die "packet: $!";
socket(my $tu, AF_INET, SOCK_STREAM, 0) or die;
my $tb = bound(AF_INET6, SOCK_DGRAM, pack_sockaddr_in6(0, inet_pton(AF_INET6, '::ffff:127.0.0.1')));
socket(my $t6, AF_INET6, SOCK_STREAM, 0) or die; bind($t6, pack_sockaddr_in6(0, inet_pton(AF_INET6, '::1'))) or die;
my $p6 = (unpack_sockaddr_in6(getsockname($u6)))[0];
my $p6l = (unpack_sockaddr_in6(getsockname($u6l)))[0];
print join(' ', $p6, $p6l, port4(getsockname($uc))), "\\n";
sleep 100000;`;

/** Listens on 0.0.0.0 (TCP) in a network namespace of its own; prints its port. */
export const netnsListener = `${prelude}
my $l = bound(AF_INET, SOCK_STREAM, pack_sockaddr_in(0, INADDR_ANY));
print port4(getsockname($l)), "\\n";
sleep 100000;`;

/**
 * Rewrites its argument area as setproctitle does: perl's `$0 = ...` (argv: a title and how many
 * times to repeat it, so that it can be longer than the argument area it replaces). Prints `ready`.
 */
export const retitled = `$| = 1;
$0 = $ARGV[0] x $ARGV[1];
print "ready\\n";
sleep 100000;`;
