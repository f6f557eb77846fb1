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

/** Three threads in all. Prints `ready` once the two extra threads exist. */
export const threaded = `use threads; $| = 1;
threads->create(sub { sleep 100000 }) for 1 .. 2;
print "ready\\n";
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
 * Rewrites its argument area as setproctitle does: perl's `$0 = ...` (argv: a title and how many
 * times to repeat it, so that it can be longer than the argument area it replaces). Prints `ready`.
 */
export const retitled = `$| = 1;
$0 = $ARGV[0] x $ARGV[1];
print "ready\\n";
sleep 100000;`;
