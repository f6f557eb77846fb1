// tproc kill on real processes, each case in a PID namespace of its own (we are root), so that a
// wrong signal cannot reach anything outside: pid 1 there is the case's shell.
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../zoo/compare.ts';
import { runInPidNamespace } from '../zoo/pidns.ts';

const TPROC = `${repoRoot}/bin/tproc`;

// A TCP listener on 127.0.0.1 (a port the kernel picks, written to ./port) that ignores SIGTERM
// when its first argument is `stubborn`.
const LISTENER = `
perl -MIO::Socket::INET -e '
  $SIG{TERM} = "IGNORE" if $ARGV[0] eq "stubborn";
  my $s = IO::Socket::INET->new(Listen => 5, LocalAddr => "127.0.0.1", LocalPort => 0, ReuseAddr => 1) or die;
  open my $f, ">", "port.tmp" or die; print $f $s->sockport; close $f; rename "port.tmp", "port";
  sleep 100000' "$1" &
listener=$!
# test is a builtin (no fork): the prelude's full budget, ~25 s, not 20,000 tries (~0.3 s), which
# perl's start outlasted on a loaded machine.
spin test -s port
port=$(cat port)
`;

const run = (script: string) => runInPidNamespace(script, [TPROC], { timeoutMs: 30_000 });

describe.concurrent('tproc kill', () => {
  it('refuses pid 1 and signals nothing', async () => {
    // JSON: pid 1's command line here is the whole namespace script.
    const r = await run(`"$1" kill 1 --json > out.json; echo "status $?"; echo alive; cat out.json`);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['status 1', 'alive']);
    const results = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as Record<string, unknown>[];
    expect(results).toEqual([
      expect.objectContaining({
        pid: 1,
        outcome: 'refused',
        signal: null,
        message: 'pid 1 (init) (--force to signal it)',
      }),
    ]);
  });

  it('--dry-run :PORT names the listener and signals nothing', async () => {
    const r = await run(`${LISTENER}
"$1" kill --dry-run ":$port" --json > out.json; echo "status $?"
[ -e /proc/$listener/stat ] && echo "listener alive"
cat out.json`);
    const [status, listener] = r.stdout.split('\n');
    expect(status).toBe('status 0');
    expect(listener).toBe('listener alive');
    const results = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as Record<string, unknown>[];
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      pid: 2,
      outcome: 'would_signal',
      signal: 'TERM',
      command: expect.stringMatching(/^perl /),
    });
    expect(String(results[0]!.reason)).toMatch(/^listens on tcp 127\.0\.0\.1:\d+$/);
  });

  it('--timeout 1 :PORT ends a listener that ignores SIGTERM', async () => {
    const r = await run(`${LISTENER.replace('"$1" &', 'stubborn &')}
start=$(date +%s%N)
"$1" kill --timeout 1 ":$port"; echo "status $?"
end=$(date +%s%N)
wait $listener; echo "listener $?"
echo "waited $(( (end - start) / 1000000 ))"`);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^killed: 2 perl -MIO::Socket::INET -e .* \(listens on tcp 127\.0\.0\.1:\d+\) SIGTERM then SIGKILL$/,
    );
    expect(lines[1]).toBe('status 0');
    expect(lines[2]).toBe('listener 137');
    // It waited out the timeout before the KILL.
    expect(Number(lines[3]!.split(' ')[1])).toBeGreaterThanOrEqual(1000);
  });

  it('ends a listener by port, by name and by token, and reports the exit', async () => {
    const r = await run(`${LISTENER}
"$1" kill ":$port"; echo "status $?"
victim sleepy; a=$last
token="$a@$(cut -d' ' -f22 /proc/$a/stat)"
"$1" kill "$token"; echo "status $?"
victim dozy
"$1" kill dozy; echo "status $?"
report`);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ended: 2 perl .* SIGTERM$/);
    expect(lines.slice(1)).toEqual([
      'status 0',
      expect.stringMatching(/^ended: \d+ \.\/sleepy 100000 \(token\) SIGTERM$/),
      'status 0',
      expect.stringMatching(/^ended: \d+ \.\/dozy 100000 \(named dozy\) SIGTERM$/),
      'status 0',
      expect.stringMatching(/ sleepy signal 15$/),
      expect.stringMatching(/ dozy signal 15$/),
    ]);
  });

  it('never signals a token whose pid names another process', async () => {
    const r = await run(`victim sleepy; a=$last
ticks=$(cut -d' ' -f22 /proc/$a/stat)
"$1" kill "$a@$((ticks + 1))"; echo "status $?"
"$1" kill "$((a + 1000))@5"; echo "status $?"
report`);
    expect(r.stdout).toMatch(/^status 1\nstatus 1\n\d+ sleepy alive\n$/);
    expect(r.stderr).toMatch(
      /^tproc: not signalled: \d+@\d+: pid \d+ now names another process \(started at tick \d+\)\n/,
    );
    expect(r.stderr).toMatch(/\ntproc: not signalled: \d+@5: process \d+@5 has exited\n$/);
  });

  it('--tree signals the descendants first, then the target', async () => {
    const r = await run(`sh -c 'sleep 100000 & sleep 100000 & wait' & parent=$!
spin -n 20000 test "$(ls /proc/*/comm | wc -l)" -ge 5
sleep 0.2
"$1" kill --tree --json $parent > out.json; echo "status $?"
cat out.json`);
    expect(r.stdout.split('\n')[0]).toBe('status 0');
    const results = JSON.parse(r.stdout.slice(r.stdout.indexOf('\n') + 1)) as {
      pid: number;
      reason: string;
      outcome: string;
    }[];
    expect(results.map((x) => x.reason)).toEqual(['descendant of 2', 'descendant of 2', 'pid']);
    expect(results.every((x) => x.outcome === 'gone')).toBe(true);
    expect(results[2]!.pid).toBe(2);
  });

  it('exits 2 on a malformed target and signals nothing', async () => {
    const r = await run(`victim sleepy
"$1" kill sleepy 12@x; echo "status $?"
report`);
    expect(r.stdout).toMatch(/^status 2\n\d+ sleepy alive\n$/);
    expect(r.stderr).toBe("tproc: invalid token '12@x' (PID@STARTTICKS, as tproc ps --json gives it)\n");
  });
});
