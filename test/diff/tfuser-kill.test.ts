// Differential tests of tfuser -k against psmisc 23.6 fuser -k. Each side runs every case in turn
// in a fresh PID namespace of its own (one after the other, in the same directory, so that labels
// hold the same paths), each case on fresh victims; after the command, how each victim ended is
// reported. Output, exit status and which victims died of which signal must agree. Victim pids
// (and the port) are shown by label: node's threads take pids too. No case signals a victim twice
// with a signal that ends it: whether the second finds a zombie or nothing depends on when the
// shell reaps (fuser then says `Could not kill process N: No such process`, or not).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir } from '../zoo/cleanup.ts';
import { renameProgram, repoRoot } from '../zoo/compare.ts';
import { lineDiff } from '../zoo/diff.ts';
import { runInPidNamespace } from '../zoo/pidns.ts';
import { shellQuote } from './signal-batch.ts';

interface KillCase {
  args: string[];
  /** The -i answers. */
  input?: string;
}

/** Made once per namespace: the files the victims hold. */
const PREPARE = `
echo data > r.txt; echo data > w.txt; echo data > h.txt; echo data > unused.txt; mkdir sub
printf '%s\\n' 'use POSIX; $SIG{HUP} = $SIG{TERM} = sub {}; POSIX::sigaction(35, POSIX::SigAction->new(sub { $n++;' \\
  'open(my $o, ">", "count.tmp"); print $o "$n\\n"; close $o; rename("count.tmp", "count") }));' \\
  'open(my $r, "<", "r.txt") or die; open(my $w, ">>", "w.txt") or die; open(my $h, "<", "h.txt") or die;' \\
  'open(my $k, ">", "ready.h") or die; close $k; sleep 1 while 1;' > hup.pl
printf '%s\\n' 'use Socket; socket(my $s, AF_INET, SOCK_STREAM, 0) or die; setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1);' \\
  'bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die; listen($s, 1) or die;' \\
  'open(my $o, ">", "port.tmp") or die; print $o +(unpack_sockaddr_in(getsockname($s)))[0], "\\n"; close $o; rename("port.tmp", "port");' \\
  'sleep 100000;' > listen.pl
`;

/**
 * Fresh victims for every case: R reads r.txt, W appends to w.txt, C has its cwd in sub/, H (perl)
 * reads r.txt and h.txt, appends to w.txt, survives SIGHUP and SIGTERM and counts the signals 35 (SIGRTMIN+1) it gets
 * (real-time signals queue, so two sent are two received, where two SIGHUPs sent close together
 * may arrive as one), P (perl) listens on TCP $PORT.
 */
const SETUP = `
victims=''
rm -f count ready.h port
setsid sleep 100000 < r.txt & R=$!; victims="$victims $R"; eval "victim_$R=reader"
setsid sleep 100000 >> w.txt & W=$!; victims="$victims $W"; eval "victim_$W=writer"
(cd sub && exec setsid sleep 100000) & C=$!; victims="$victims $C"; eval "victim_$C=cwd"
setsid perl hup.pl & H=$!; victims="$victims $H"; eval "victim_$H=counter"
setsid perl listen.pl & P=$!; victims="$victims $P"; eval "victim_$P=listener"
spin has_comm $R sleep; spin has_comm $W sleep; spin has_comm $C sleep
spin test -e ready.h; spin test -e port
IFS= read -r PORT < port
`;
const LABELS = ['R', 'W', 'C', 'H', 'P', 'PORT'];

const k = (...args: string[]): KillCase => ({ args });
const ask = (input: string, ...args: string[]): KillCase => ({ args, input });

const CASES: KillCase[] = [
  k('-k', 'r.txt'),
  k('-k', '-HUP', 'r.txt', 'w.txt'),
  k('-k', '-w', 'r.txt', 'w.txt'),
  k('-k', '-w', '-v', 'sub'),
  k('-k', '-TERM', '-v', 'r.txt', 'w.txt', 'sub'),
  k('-k', '-s', '-INT', 'r.txt'),
  k('-k', '-0', 'r.txt'),
  k('-k', '-99', 'r.txt'),
  k('-k', '-u', '-USR1', 'w.txt'),
  k('-k', '-m', '.'),
  k('-k', '-v', '-m', 'sub'),
  k('-k', 'nosuch'),
  k('-k', '-a', '-SIGKILL', 'r.txt', 'unused.txt'),
  k('-k', '-M', '.'),
  k('-k', '$PORT/tcp'),
  k('-k', '-v', '-HUP', '-n', 'tcp', '$PORT', 'w.txt'),
  k('-kHUP', 'r.txt'),
  k('-k', '-9', '-HUP', 'w.txt'),
  k('-k', '-35', 'r.txt', 'w.txt'),
  k('-k', '-35', '-v', 'h.txt', 'h.txt'),
  k('-HUP', 'r.txt'),
  ask('y\nn\n', '-k', '-i', 'r.txt'),
  ask('x\nyes\n', '-ki', 'sub'),
  ask('n\nY\nN\ny\n', '-k', '-i', '-HUP', 'r.txt', 'w.txt'),
  ask('y\ny\ny\ny\n', '-k', '-i', '-35', 'r.txt', 'w.txt'),
  ask('', '-k', '-i', 'r.txt'),
  ask('y\ny\ny\n', '-k', '-i', '-w', 'r.txt', 'w.txt'),
  ask('\ny\n', '-i', '-v', 'r.txt'),
];

/** The shell for one side: "$1" is the tool. Each case prints its marker, output, status, fates. */
function script(): string {
  const relabel = LABELS.map((l) => `s/\\b$${l}\\b/<${l}>/g`).join(';');
  const blocks = CASES.map((c, i) => {
    // $PORT is known only once the listener runs: the words are quoted but for that variable.
    const words = c.args.map((a) => (a.includes('$PORT') ? `"${a}"` : shellQuote(a))).join(' ');
    const stdin = c.input === undefined ? '< /dev/null' : `< input.${i}`;
    return `
printf '@@%s %s\\n' case ${i}
${SETUP}
${c.input === undefined ? '' : `printf %s ${shellQuote(c.input)} > input.${i}`}
"$TOOL" ${words} ${stdin} > out 2> err; status=$?
report > fates
[ -e count ] && echo "signals 35 received: $(cat count)" >> fates
for f in out err fates; do sed "${relabel}" $f > $f.l; mv $f.l $f; done
echo '--- stdout'; cat out; echo; echo '--- stderr'; cat err; echo "--- status $status"; cat fates
for v in $victims; do kill -9 $v 2>/dev/null; wait $v 2>/dev/null; done
`;
  });
  return `TOOL=$1\nskip_low_pids\n${PREPARE}\n${blocks.join('')}`;
}

function cases(text: string): string[] {
  return text.split('@@case ').slice(1);
}

describe('tfuser -k', () => {
  it('signals what fuser signals, and says the same', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tproc-fuser-kill-'));
    const cwd = join(base, 'ns');
    const side = async (tool: string) => {
      mkdirSync(cwd);
      try {
        return await runInPidNamespace(script(), [tool], { cwd, timeoutMs: 300_000 });
      } finally {
        removeDir(cwd);
      }
    };
    try {
      const ours = join(repoRoot, 'bin/tfuser');
      const reference = await side('fuser');
      const mine = await side(ours);
      const ref = cases(renameProgram(reference.stdout, 'fuser', 'tfuser'));
      const our = cases(mine.stdout.replaceAll(ours, 'tfuser'));
      const failures = CASES.map((c, i) => ({ c, r: ref[i] ?? '(missing)', o: our[i] ?? '(missing)' }))
        .filter(({ r, o }) => r !== o)
        .map(({ c, r, o }) => `tfuser ${JSON.stringify(c.args)}\n${lineDiff(r, o)}`);
      expect(ref.length).toBe(CASES.length);
      expect(failures).toEqual([]);
    } finally {
      removeDir(base);
    }
  }, 600_000);
});
