// Differential tests of tpidof against Debian's /usr/bin/pidof (sysvinit-utils 3.06). All cases run in
// turn in one fresh PID namespace per side holding only the processes started below, before anything
// else forks, so their pids are the same in both runs.
import { describe, expect, it } from 'vitest';
import { compareNamespaceBatch, shellQuote } from './signal-batch.ts';

/** sleeps, a cut long name, a renamed argv[0], an empty argv[0], a script, a zombie. */
const SETUP = `
victim sleep; victim sleep
victim averyveryverylongname
victim Sleepy
cp /usr/bin/sleep ./abcdefghijklmnopqrst
printf '#!/usr/bin/perl\\nsleep 100000;\\n' > ./averyverylongscript.pl; chmod +x ./averyverylongscript.pl
setsid bash -c 'exec -a foo ./abcdefghijklmnopqrst 100000' & renamed=$!
setsid bash -c 'exec -a "" ./Sleepy 100000' & unnamed=$!
# argv[0] of 4096 and 4097 bytes: pidof reads 4096 bytes of the command line.
cp /usr/bin/sleep ./Longy
fitsargs=$(printf '/%04090d/fits' 0); setsid bash -c "exec -a $fitsargs ./Longy 100000" & fits=$!
cutargs=$(printf '/%04090d/cut_x' 0); setsid bash -c "exec -a $cutargs ./Longy 100000" & cut=$!
setsid ./averyverylongscript.pl & script=$!
# A rewritten argument area (setproctitle), and a name cut inside a character at 15 bytes.
perl -e '$0 = "zoo: retitled  x"; sleep 100000' & retitled=$!
cp /usr/bin/sleep ./abcdefghijklmné
victim abcdefghijklmné
spin has_args $retitled 'zoo: retitled  x'
# Last: its sh forks the zombie-to-be while we go on.
sh -c 'sleep 0 & exec sleep 100000' &
spin has_args $renamed foo100000
spin has_args $unnamed 100000
# Command lines, not comm alone: exec sets comm before the new argv is readable (see TITLES).
spin has_args $fits "\${fitsargs}100000"
spin has_args $cut "\${cutargs}100000"
spin has_args $script /usr/bin/perl./averyverylongscript.pl
spin has_zombie
`;

const CASES: string[][] = [
  ['sleep'],
  ['nosuch'],
  [],
  ['-s', 'sleep'],
  ['-s', 'sleep', 'sh'],
  ['sleep', 'sh'],
  ['sleep', 'sleep'],
  ['-z', 'sleep'],
  ['-sz', 'sleep'],
  ['-q', 'sleep'],
  ['-q', 'nosuch'],
  ['-c', 'sleep'],
  ['-n', 'sleep'],
  ['-d', ',', 'sleep'],
  ['-d:', 'sleep', 'sh'],
  ['-d', 'XYZ', 'sleep'],
  ['-d', '', 'sleep'],
  ['-o', '3', 'sleep'],
  ['-o', '3,5', 'sleep'],
  ['-o', '3', '-o', '5', 'sleep'],
  ['-o', '3x', 'sleep'],
  ['-o', 'abc', 'sleep'],
  ['-o', '%PPID', 'sh'],
  ['-o%PPID', 'sh'],
  ['averyveryverylongname'],
  ['fits'],
  ['cut_x'],
  ['cut_'],
  ['averyveryverylo'],
  ['abcdefghijklmnopqrst'],
  ['abcdefghijklmno'],
  ['foo'],
  ['Sleepy'],
  ['sleepy'],
  ['./Sleepy'],
  ['/usr/bin/sleep'],
  ['/bin/sleep'],
  ['/nonexistent/sleep'],
  ['averyverylongscript.pl'],
  ['-x', 'averyverylongscript.pl'],
  ['perl'],
  ['-x', 'perl'],
  // A script by the path it was started with; relative paths against argv[0].
  ['-x', './averyverylongscript.pl'],
  ['-sx', './averyverylongscript.pl', 'Sleepy'],
  ['-x', '/nonexistent/averyverylongscript.pl'],
  ['./averyverylongscript.pl'],
  ['x/Sleepy'],
  ['./abcdefghijklmnopqrst'],
  ['x/foo'],
  ['-z', 'x/sleep'],
  ['-z', '/x/sleep'],
  ['-h'],
  ['-hx'],
  ['-k', 'sleep'],
  ['--help'],
  ['-V'],
  ['-d'],
  ['-o'],
  ['--', 'sleep'],
  ['zoo: retitled  x'],
  ['zoo:'],
  ['-x', 'zoo: retitled  x'],
  ['abcdefghijklmné'],
  ['abcdefghijklmn'],
  ['./abcdefghijklmné'],
  [''],
];

describe('tpidof vs pidof (sysvinit-utils 3.06), in fresh PID namespaces', () => {
  it(`${CASES.length} command lines find what pidof finds`, async () => {
    const templates = CASES.map((args) => `"$TOOL" ${args.map(shellQuote).join(' ')}`);
    const { failures, results } = await compareNamespaceBatch('/usr/bin/pidof', 'tpidof', '', [], templates, {
      prepare: SETUP,
    });
    expect(failures).toEqual([]);
    // The processes really are found (not only "no match" everywhere).
    expect(results.filter((r) => /--- stdout\n\d+ \d+/.test(r.reference)).length).toBeGreaterThan(2);
    expect(results.filter((r) => /--- stdout\n\d/.test(r.reference)).length).toBeGreaterThan(20);
  }, 240_000);
});

/** argv[0] as a title (with a space, as sshd and nginx set theirs) or not, over copies of sleep. */
const TITLES = `
cp /usr/bin/sleep ./averyveryverylongname
# Nothing forks in the background before the last victim, so that pids are the same on both sides.
setsid bash -c 'exec -a "sshd: root@pts/0" sleep 100000' & a=$!
setsid bash -c 'exec -a "victim two" sleep 100000' & b=$!
setsid bash -c 'exec -a "/x/y z" sleep 100000' & c=$!
setsid bash -c 'exec -a " lead" sleep 100000' & d=$!
setsid bash -c 'exec -a "trail " sleep 100000' & e=$!
tab=$(printf 'x\\ty')
setsid bash -c 'exec -a "$1" sleep 100000' bash "$tab" & f=$!
setsid bash -c 'exec -a "sleep:" sleep 100000' & g=$!
setsid bash -c 'exec -a nospace sleep 100000' & h=$!
setsid bash -c 'exec -a "q r" ./averyveryverylongname 100000' & i=$!
# The command line, not comm: exec sets comm before the new argv is readable, and in between
# (cmdline empty) pidof matches the name on comm alone (a \`sleep:\` title listed for \`sleep\`).
spin has_args $a 'sshd: root@pts/0100000'
spin has_args $b 'victim two100000'
spin has_args $c '/x/y z100000'
spin has_args $d ' lead100000'
spin has_args $e 'trail 100000'
spin has_args $f "\${tab}100000"
spin has_args $g 'sleep:100000'
spin has_args $h 'nospace100000'
spin has_args $i 'q r100000'
`;

const TITLE_CASES: string[][] = [
  ['sleep'],
  ['sshd'],
  ['sshd:'],
  ['sshd: root@pts/0'],
  ['victim two'],
  ['victim'],
  ['y z'],
  ['/x/y z'],
  ['nospace'],
  ['sleep:'],
  ['averyveryverylo'],
  ['averyveryverylongname'],
  ['q r'],
  ['foo/sleep'],
  ['./sleep'],
  ['/nonexistent/sleep'],
  ['-x', 'sleep'],
  ['-s', 'sleep'],
];

describe('tpidof vs pidof on argv[0] titles, in fresh PID namespaces', () => {
  it('an argv[0] holding a space answers to comm too', async () => {
    const templates = TITLE_CASES.map((args) => `"$TOOL" ${args.map(shellQuote).join(' ')}`);
    const { failures, results } = await compareNamespaceBatch('/usr/bin/pidof', 'tpidof', '', [], templates, {
      prepare: TITLES,
    });
    expect(failures).toEqual([]);
    // observed: `pidof sleep` lists the five titled sleeps, not the tab, `sleep:` or nospace ones.
    expect(results[0]?.reference).toMatch(/--- stdout\n\d+ \d+ \d+ \d+ \d+\n/);
  }, 120_000);
});
