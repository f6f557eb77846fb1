// Race policy: processes are born and die around a listing all the time. 100 runs of tlsof -nP,
// in a PID namespace of our own (its /proc lists only what we start), while a churn of short-lived
// processes opening files, pipes and sockets runs beside it: no run may crash or fail; a process
// or descriptor gone between listing and reading is skipped, as lsof skips it.
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../zoo/compare.ts';
import { runInPidNamespace } from '../zoo/pidns.ts';

const script = `
TLSOF=$1
# Short-lived processes holding files and a pipe, and one that opens and closes sockets and
# pipes without end.
churn() {
  while :; do
    (exec 3</etc/passwd 4>/dev/null; sleep 0.02) | sleep 0.01 &
    wait
  done
}
churn & C1=$!
perl -e 'while (1) { socket(my $s, 2, 1, 0); socket(my $u, 1, 1, 0); pipe(my $r, my $w); select(undef, undef, undef, 0.003) }' & C2=$!
fails=0
i=0
while [ $i -lt 100 ]; do
  "$TLSOF" -nP > out 2> err; st=$?
  if [ $st -ne 0 ] || [ -s err ] || ! head -1 out | grep -q '^COMMAND'; then
    fails=$((fails + 1)); echo "run $i: status $st"; head -3 err
  fi
  i=$((i + 1))
done
kill $C1 $C2
echo "fails $fails"
`;

describe('tlsof race policy', () => {
  it('lists 100 times while processes come and go, never failing', async () => {
    const r = await runInPidNamespace(script, [`${repoRoot}/bin/tlsof`], { timeoutMs: 230_000 });
    expect(r.stdout).toMatch(/fails 0\n$/);
  }, 240_000);
});
