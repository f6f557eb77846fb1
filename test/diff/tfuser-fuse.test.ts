// A dead FUSE server must not hang tfuser. In a PID and mount namespace of its own, a tiny FUSE
// filesystem (perl on /dev/fuse) answers the kernel while a sleeper makes its root its cwd, then
// never answers again: a plain stat of that cwd now waits forever (checked: `timeout 3 stat -L`
// ends by timeout), as it would on a dead NFS server. fuser asks statx not to sync
// (AT_STATX_DONT_SYNC), so the kernel answers from its cache; tfuser must do the same and print
// what fuser prints, both for the mount itself and for a search that merely meets the process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir } from '../zoo/cleanup.ts';
import { renameProgram, repoRoot } from '../zoo/compare.ts';
import { lineDiff } from '../zoo/diff.ts';
import { runInPidNamespace } from '../zoo/pidns.ts';

/** argv: mount point. Prints `mounted` once the kernel has its INIT answer; goes silent on SIGUSR1. */
const DAEMON = `use strict; use warnings;
$^F = 100;  # /dev/fuse stays open across exec: mount(8) hands its number to the kernel
open(my $dev, '+<', '/dev/fuse') or die "/dev/fuse: $!";
my $fd = fileno($dev);
system('mount', '-i', '-t', 'fuse', '-o', "fd=$fd,rootmode=40000,user_id=0,group_id=0,allow_other", 'tfuser-dead', $ARGV[0]) == 0
  or die "mount failed";
my $silent = 0;
$SIG{USR1} = sub { $silent = 1 };
$| = 1;
my $buf;
while (!$silent) {
  my $n = sysread($dev, $buf, 1 << 20);
  next unless defined $n && $n >= 40;
  my ($len, $op, $unique) = unpack('L L Q', $buf);
  my $reply = sub { my ($err, $body) = @_; $body //= '';
    syswrite($dev, pack('L l Q', 16 + length($body), $err, $unique) . $body) };
  if ($op == 26) {  # INIT: protocol 7.31, nothing optional
    $reply->(0, pack('L L L L S S L L S S L L L6', 7, 31, 65536, 0, 0, 0, 4096, 1, 0, 0, 0, 0, (0) x 6));
    print "mounted\\n";
  } elsif ($op == 3) {  # GETATTR of the root: a directory whose attributes stay valid for no time
    $reply->(0, pack('Q L L', 0, 0, 0) . pack('Q6 L10', 1, 0, 0, 0, 0, 0, 0, 0, 0, 040755, 2, 0, 0, 0, 4096, 0));
  } elsif ($op != 2 && $op != 42) {  # FORGET and BATCH_FORGET get no answer
    $reply->(-38);  # ENOSYS (for ACCESS too: the kernel then stops asking)
  }
}
sleep 1 while 1;
`;

const SCRIPT = `
mkdir mnt; echo data > other.txt
perl daemon.pl "$PWD/mnt" > daemon.out & DAEMON=$!
spin grep -q mounted daemon.out
(cd mnt && exec sleep 100000) & S=$!
spin has_comm $S sleep
kill -USR1 $DAEMON
timeout 3 stat -L /proc/$S/cwd > /dev/null 2>&1; echo "plain stat: $?"
for tool in fuser "$1"; do
  for args in "-v -m $PWD/mnt" "-v $PWD/mnt" "-v $PWD/other.txt" "-m $PWD/mnt"; do
    echo "@@ $args"
    timeout -s KILL 20 "$tool" $args > out 2> err; echo "status $?"; cat out; echo; cat err
  done
done
kill -9 $S; umount -l mnt; kill -9 $DAEMON
`;

describe('tfuser and a dead FUSE server', () => {
  it('answers from the cache as fuser does, without waiting', async () => {
    const ours = join(repoRoot, 'bin/tfuser');
    const cwd = mkdtempSync(join(tmpdir(), 'tproc-fuser-fuse-'));
    writeFileSync(join(cwd, 'daemon.pl'), DAEMON);
    let out: string;
    try {
      const r = await runInPidNamespace(SCRIPT, [ours], { cwd, timeoutMs: 180_000 });
      out = r.stdout.replaceAll(ours, 'tfuser');
    } finally {
      removeDir(cwd);
    }
    expect(out).toContain('plain stat: 124');
    const sections = out.split('@@ ').slice(1);
    expect(sections.length).toBe(8);
    const half = sections.length / 2;
    for (let i = 0; i < half; i++) {
      const reference = renameProgram(sections[i] as string, 'fuser', 'tfuser');
      const mine = sections[i + half] as string;
      expect(mine, lineDiff(reference, mine)).toBe(reference);
      expect(mine).not.toContain('status 137');
    }
  }, 240_000);
});
