// Listings of over a thousand processes, where ours read ahead on a second thread (core's
// read-ahead.ts) and run with the JIT (core's pacing.ts): ps, pstree, pgrep and pidof against
// ours, all in turn in one PID namespace holding the zoo below and 1,100 sleepers, so that both
// sides list the same processes. Each listing's own line (the command itself) is left out.
import { describe, expect, it } from 'vitest';
import { dropOwnLines, resolveOurs, sameLayoutWithin } from '../zoo/compare.ts';
import { lineDiff } from '../zoo/diff.ts';
import { runInPidNamespace } from '../zoo/pidns.ts';
import { countCompared } from '../zoo/tally.ts';

const SLEEPERS = 1100;

// Awkward shapes among the sleepers: arguments longer than a read-ahead slot (4096 bytes), a
// retitled argv, a stopped process, threads, a zombie, a name with spaces and a parenthesis.
// All of it in a subshell, whose processes then belong to pid 1: the shell that lists them spends
// no cpu of its own, so that its %CPU and C read the same to both sides.
const SCRIPT = `
(
cp /usr/bin/sleep './odd) name'
victim 'odd) name'
long=$(printf '/%05000d/long' 0); setsid bash -c "exec -a $long sleep 100000" & longargs=$!
perl -e '$0 = "zoo: retitled  x"; sleep 100000' & retitled=$!
perl -e 'use threads; threads->create(sub { sleep 100000 }) for 1..3; sleep 100000' & threaded=$!
victim stopped; kill -STOP $last
echo held > held.txt; sleep 100000 < held.txt &
mkfifo fifo; sleep 100000 3<>fifo &
perl -e 'syscall(290, 0, 0) >= 0 or die; sleep 100000' &
i=0
while [ $i -lt ${SLEEPERS} ]; do sleep 100000 & i=$((i + 1)); done
sh -c 'sleep 0 & exec sleep 100000' &
sleeping() {
  n=0
  for f in /proc/[0-9]*/cmdline; do IFS= read -r c < $f; [ "$c" = sleep100000 ] && n=$((n + 1)); done
  [ $n -ge ${SLEEPERS} ]
} 2>/dev/null
four_threads() { set -- /proc/$threaded/task/*; [ $# -eq 4 ]; }
spin -n 2000 sleeping
spin has_args $retitled 'zoo: retitled  x'
spin has_args $longargs "\${long}100000"
spin four_threads
spin has_zombie
)
sleep 0.2
for args in '-ef' 'aux' '-eo pid,ppid,user,stat,nlwp,wchan,args --sort=-pid' '-eLf'; do
  echo "=== ps $args"; ps $args; echo "=== ours"; "$1" $args
done
echo "=== pstree -p"; pstree -p; echo "=== ours"; "$2" -p
echo "=== pgrep -l sleep"; pgrep -l sleep; echo "=== ours"; "$3" -l sleep
echo "=== pidof sleep"; pidof sleep; echo "=== ours"; "$4" sleep
echo "=== fuser -v held.txt"; fuser -v held.txt 2>&1; echo "=== ours"; "$5" -v held.txt 2>&1
echo "=== fuser -m ."; fuser -m . 2>&1; echo "=== ours"; "$5" -m . 2>&1
echo "=== lsof -nP -c sleep"; lsof -nP -c sleep 2>&1; echo "=== ours"; "$6" -nP -c sleep 2>&1
echo "=== lsof -nP"; lsof -nP 2>&1; echo "=== ours"; "$6" -nP 2>&1
# The executable loads its reader thread from the library the build put beside it; a copy of it
# alone compiles that C itself (TinyCC). A long walk starts tlsof again without JSC's FTL tier
# (core's restart.ts), under its own name.
mkdir alone; cp "$(readlink -f "$6")" alone/multicall; ln -s multicall alone/tlsof
echo "=== lsof -nP -c sleep (alone)"; lsof -nP -c sleep 2>&1; echo "=== ours"; alone/tlsof -nP -c sleep 2>&1
# Names alone, at over 500 processes: the kernel tells which processes may hold them (BPF
# iterators over programs, mappings and descriptors), and only those are asked.
echo "=== lsof held.txt"; lsof held.txt 2>&1; echo "=== ours"; "$6" held.txt 2>&1
echo "=== lsof -nP libc"; lsof -nP /usr/lib/x86_64-linux-gnu/libc.so.6 2>&1; echo "=== ours"; "$6" -nP /usr/lib/x86_64-linux-gnu/libc.so.6 2>&1
maps_library() {
  while IFS= read -r line; do case $line in */reader-thread-*.so) return 0 ;; esac; done < /proc/$1/maps
  return 1
} 2>/dev/null
restarted() { grep -qa BUN_JSC_useFTLJIT=0 /proc/$1/environ; } 2>/dev/null
"$6" -c sleep -r 1 > /dev/null & repeating=$!
spin -n 2000 restarted $repeating
spin -n 2000 maps_library $repeating
echo "=== library mapped"
cat /proc/$repeating/comm
kill $repeating
`;

/**
 * The tool's own lines: its command line, ps's or ours, its branch in a tree (ours has threads),
 * lsof's processes (it lists itself and its child; ours leaves itself out, as lsof -c does).
 */
const ownLine = (line: string): boolean =>
  /(^|\/| )t?ps (-ef|aux|-eo |-eLf)/.test(line) ||
  /-t?pstree\(\d+\)|\{tpstree\}/.test(line) ||
  /^lsof +\d+ /.test(line);

describe(`listings of ${SLEEPERS} processes and more, read ahead`, () => {
  it('print what the references print', async () => {
    const ours = ['tps', 'tpstree', 'tpgrep', 'tpidof', 'tfuser', 'tlsof'].map((name) => resolveOurs(name));
    const r = await runInPidNamespace(SCRIPT, ours, { timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    const sections = r.stdout.split(/^=== /m).slice(1);
    expect(sections.map((s) => s.slice(0, s.indexOf('\n')))).toHaveLength(29);
    expect(sections[28]).toBe('library mapped\ntlsof\n');
    const differences: string[] = [];
    for (let i = 0; i < 28; i += 2) {
      const [title = '', ...reference] = (sections[i] ?? '').split('\n');
      const ourText = (sections[i + 1] ?? '').replace(/^ours\n/, '');
      const theirs = dropOwnLines(reference.join('\n'), ownLine);
      const mine = dropOwnLines(ourText, ownLine);
      const lines = theirs.split('\n').length;
      expect(lines, title).toBeGreaterThan(/^(pidof|fuser|lsof held)/.test(title) ? 0 : SLEEPERS);
      // The threaded perl spent ~20 ms of cpu starting, ~1% of its life: its %CPU falls a tenth
      // between two runs, and C (whole percents) may fall from 1 to 0.
      if (!sameLayoutWithin(theirs, mine, { '%CPU': 1, C: 1 }))
        differences.push(`${title}:\n${lineDiff(theirs, mine)}`);
      countCompared(`t${title.split(' ')[0]}`);
    }
    expect(differences).toEqual([]);
    // pidof prints every sleeper on one line, fuser -m every process (all on one file system).
    expect(sections[13]?.split(' ').length).toBeGreaterThan(SLEEPERS);
    expect(sections[17]?.split(/ +/).length).toBeGreaterThan(SLEEPERS);
    expect(sections[15]).toMatch(/held\.txt:\n +root +\d+ f\.\.\.\. sleep\n/);
    expect(sections[25]).toMatch(/^ours\nCOMMAND .*\nsleep +\d+ root +0r +REG .* held\.txt\n$/);
  }, 180_000);
});
