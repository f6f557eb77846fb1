// tpgrep/tpkill against procps-ng 4.0.2 pgrep/pkill: lookups on the zoo (restricted to its
// processes by -P/-s/-g or by keeping the zoo's lines), errors side by side, and every pkill case
// inside its own PID namespace with fresh victims, comparing who died of what.
import { spawn } from 'node:child_process';
import { ProcFs, StringOutput } from '@tproc/core';
import { pgrep, pkill } from '@tproc/tpgrep';
import type { Options } from '@tproc/tpgrep/options';
import { signalMatches } from '@tproc/tpgrep/signal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSame, keepZooLines } from '../zoo/compare.ts';
import { compareInPidNs } from '../zoo/pidns.ts';
import { startZoo, type Zoo } from '../zoo/zoo.ts';
import {
  compareCommandBatch,
  compareNamespaceBatch,
  compareWithMain,
  mapStdout,
  queueReceiver,
} from './signal-batch.ts';

describe('tpgrep errors', () => {
  const cases: string[][] = [
    [],
    ['a', 'b'],
    ['-x'],
    ['averyveryverylongname'],
    ['-u', 'nosuchuser', 'x'],
    ['-U', 'nosuchuser', 'x'],
    ['-G', 'nosuchgroup', 'x'],
    ['-g', 'abc', 'x'],
    ['-P', 'abc', 'x'],
    ['-s', 'abc', 'x'],
    ['-P', ''],
    ['-t', '', 'x'],
    ['-F', '/nonexistent/pidfile'],
    ['-F', '/dev/null'],
    ['-L', 'x'],
    ['-L', '-F', '/etc/passwd', 'x'],
    ['--nslist', 'foo', 'x'],
    ['--nslist', 'net'],
    ['--cgroup'],
    ['-n', '-o', 'x'],
    ['-v', '-n', 'x'],
    ['-d'],
    ['--bogus'],
    ['--list'],
    ['-q', '1', 'x'],
    ['-e', 'x'],
    ['-9', 'x'],
    ['-h'],
    ['--help'],
    ['-V'],
    ['-c', 'no such process here'],
    ['-t', 'pts/9999'],
    // A second -i is help; a second -v, -n or -o a usage error; the first one counts.
    ['-i', '-i', 'x'],
    ['--ignore-case', '-i', 'x'],
    ['-v', '-v', 'x'],
    ['-n', '--newest', 'x'],
    ['-o', '-o', 'x'],
    ['-i', '-i', '-n', '-n', 'x'],
    ['-n', '-n', '-i', '-i', 'x'],
    ['-i', '-i', '--bogus'],
    ['-F', '/nonexistent', '('],
    ['--ns', '-1', 'x'],
    ['--ns', '-1', '-c', '('],
    ['--ns', '-1', '-F', '/nonexistent'],
    // observed: option conflicts, then -L, then the pidfile, then the pattern count and criteria.
    ['-F', '/nonexistent', 'a', 'b'],
    ['-F', '/dev/null', 'a', 'b'],
    ['-L', '-F', '/etc/passwd', 'a', 'b'],
    ['-L', '-n', '-o', 'x'],
    ['-n', '-o', 'a', 'b'],
    ['-F', '/nonexistent', '-n', '-o', 'x'],
    ['-v', '-n'],
    ['-c', '-n', '-o'],
  ];
  it(`${cases.length} command lines fail as pgrep's do`, async () => {
    const { failures } = await compareWithMain('/usr/bin/pgrep', 'tpgrep', pgrep, cases);
    expect(failures).toEqual([]);
  }, 120_000);
  const pkillCases = [
    [],
    ['-h'],
    ['-V'],
    ['-v', 'x'],
    ['-l', 'x'],
    ['-94', 'x'],
    ['-9', '-15', 'x'],
    ['-RTMAX', 'x'],
    ['-i', '-i', 'x'],
    ['-n', '-n', 'x'],
  ];
  it(`${pkillCases.length} command lines fail as pkill's do`, async () => {
    const { failures } = await compareWithMain('/usr/bin/pkill', 'tpkill', pkill, pkillCases);
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('tpgrep numbers read as atoi reads them, and namespaces that cannot be read', () => {
  // Processes whose parent is 0 (pid 1, kthreadd) are old and stay put while both sides run.
  // Where pid 1's namespaces cannot be read (a sandbox), they count as 0, as a missing pid's do.
  const cases: string[][] = [
    ['-O', '4294967297', '-P', '0'],
    ['-O', '2147483648', '-P', '0'],
    ['-O', '99999999999999999999', '-P', '0'],
    ['-O', '-2147483649', '-P', '0'],
    ['-O', '1x', '-P', '0'],
    ['--ns', '1', '-P', '0'],
    ['--ns', '4294967297', '-P', '0'],
    ['--ns', '999999', '-P', '0'],
    ['--ns', '999999', '--nslist', 'net', '-P', '0'],
    ['--ns', '0', '-P', '0'],
    ['--ns', 'abc', '-P', '0'],
  ];
  it(`${cases.length} command lines match pgrep`, async () => {
    const { failures } = await compareWithMain('/usr/bin/pgrep', 'tpgrep', pgrep, cases);
    expect(failures).toEqual([]);
  });
});

describe('tpgrep --ns on zombies (own PID namespace)', () => {
  // A zombie's ipc/mnt/net/uts links cannot be read (they count as 0); its pid and user links can.
  const setup =
    'victim sleepy; A=$last\nsetsid sh -c "./zchild 0 & exec ./zparent 100000" & Z=$!; ZC=$((Z + 1))\nvictims="$victims $Z"; eval "victim_$Z=zparent"\nspin has_comm $Z zparent\nspin has_zombie';
  const templates = [
    '--ns $ZC --nslist net -l',
    '--ns $ZC -l',
    '--ns $ZC --nslist pid,user -c',
    '--ns $A --nslist net,uts -l',
    '--ns 99999 -l',
    '--ns 99999 --nslist net -l',
    // -f sees a zombie as -a shows it.
    "-f '^\\[zchild\\] <defunct>$'",
    "-f -c '.{16}' -P $Z",
  ];
  it(`${templates.length} command lines match pgrep`, async () => {
    const cases = templates.map((t) => `"$TOOL" ${t}`);
    const { failures, results } = await compareNamespaceBatch(
      '/usr/bin/pgrep',
      'tpgrep',
      setup,
      ['A', 'Z', 'ZC'],
      cases,
      {
        prepare: 'cp /usr/bin/sleep ./zchild; cp /usr/bin/sleep ./zparent',
      },
    );
    expect(failures).toEqual([]);
    expect(results[0]?.reference).toContain('<ZC> zchild');
  }, 120_000);
});

describe('tpgrep regular expressions', () => {
  // Every pattern is compiled by both (and matched against no process: -P 99999999 selects none),
  // so what differs is only the verdict on the expression.
  const patterns = [
    'a[',
    '[a',
    '[',
    '[]',
    '[^',
    '[^]',
    '[a-',
    '[z-a]',
    '[a-z',
    '[[:alpha:]',
    '[[.ab.]]',
    '[[:foo:]]',
    'a)',
    '(',
    '((a)',
    'a{',
    'a{1',
    'a{,2}',
    'a{x}',
    '{',
    '^*',
    '(*a)',
    '(+)',
    'a**',
    '\\',
    'a\\',
    '\\1',
    '(a)\\1',
    'a{1,2,3}',
    'a{32767}',
    'a{32768}',
    '[[:digit:]-z]',
    '[a-[:digit:]]',
    'a|*b',
  ];
  const cases = patterns.flatMap((pattern) => [
    ['-P', '99999999', '--', pattern],
    ['-P', '99999999', '-x', '--', pattern],
  ]);
  it(`${cases.length} patterns get the same verdict`, async () => {
    const { failures } = await compareWithMain('/usr/bin/pgrep', 'tpgrep', pgrep, cases);
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('tpgrep on the zoo', () => {
  let zoo: Zoo;
  let longArg: { pid: number; marker: string; ended: Promise<unknown> };
  beforeAll(async () => {
    zoo = await startZoo();
    // A 100 KB command line whose end only -f can see.
    const marker = `tail${process.pid}marker`;
    const child = spawn('perl', ['-e', 'sleep 100000', `${'x'.repeat(100_000)}${marker}`], { stdio: 'ignore' });
    longArg = { pid: child.pid as number, marker, ended: new Promise((r) => child.on('exit', r)) };
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(async () => {
    process.kill(longArg.pid, 'SIGKILL');
    await longArg.ended;
    await zoo?.stop();
  });

  const cases = (z: Zoo): string[][] => {
    const p = String(z.family.parent);
    return [
      ['-P', p],
      ['-P', p, '-l'],
      ['-P', p, '-a'],
      ['-P', p, '-x', 'sleep'],
      ['-P', p, '-x', 'sh'],
      ['-P', p, '-f', 'sh -c'],
      ['-P', p, '-v', 'sleep'],
      ['-P', p, '-i', 'SLEEP'],
      ['-P', p, '-n'],
      ['-P', p, '-o'],
      ['-P', p, '--cgroup', '/'],
      ['-P', p, '--cgroup', '/nonexistent,/'],
      ['-P', p, '-O', '0'],
      ['-P', p, '-O', '100000'],
      ['-s', String(z.pty.child), '-l'],
      ['-t', z.pty.tty],
      ['-t', z.pty.tty, '-a'],
      ['-P', String(z.zombie.parent), '-a'],
      ['-P', String(z.zombie.parent), '-r', 'Z', '-l'],
      ['-f', '-a', `${z.dir}/threads.pl`],
      ['-w', '-f', `${z.dir}/threads.pl`],
      ['-w', '-l', '-f', `${z.dir}/threads.pl`],
      ['-w', '-n', '-f', `${z.dir}/threads.pl`],
      ['-w', '-o', '-a', '-f', `${z.dir}/threads.pl`],
      ['-f', '-a', 'sleep 100000 .*31m'],
      ['-f', '-l', 'perl -e sleep 100000 '],
      ['-x', 'odd \\(name\\) x'],
      ['-l', '^averyveryverylo$'],
      ['-a', '-x', 'averyveryverylo'],
      ['-x', 'averyveryverylongprocessname'],
      ['-f', 'averyveryverylongprocessname'],
      ['-l', 'zq'],
      // Names cut inside a character, threads named by themselves, rewritten argument areas.
      ['-l', '^abcdefghijklm'],
      ['-l', '-x', 'abcdefghijklmn.'],
      ['-a', '-x', 'abcdefghijklm..'],
      ['-x', 'abcdefghijklmné'],
      ['-f', '-a', '^zoo: retitled  x'],
      ['-f', '-l', '^zoo: long title zoo'],
      ['-a', '-f', 'zoo: (long title ){24}$'],
      ['-w', '-l', '-f', `${z.dir}/named-threads.pl`],
      ['-w', '-a', '-f', `${z.dir}/named-threads.pl`],
      ['-l', '-x', 'zoo worker 1'],
      ['-a', 'zq.é'],
      ['-u', 'nobody', '-l', '-x', 'sleep'],
      ['-U', '65534', '-x', 'sleep'],
      ['-G', 'nogroup', '-a'],
      ['--ns', String(z.nobody), '--nslist', 'pid', '-P', p],
      ['-f', `x{99999}${longArg.marker}$`],
      ['-f', '-a', `^perl -e sleep 100000 x+${longArg.marker}$`],
      // Past 131071 bytes of arguments pgrep neither matches nor shows.
      ['-f', '-a', '^sh -c setpriv --pdeathsig KILL sleep 100000; : a+ b c d a+ é'],
    ];
  };

  it('matches the reference on every case', async () => {
    const all = cases(zoo);
    const mine = [...zoo.pids, longArg.pid];
    // Other zoos may run at once: drop other processes' lines (pgrep's first field is the pid,
    // see DROP_RULES). Counts and delimited lists are not pids: those cases run unfiltered, in a
    // namespace of their own (below).
    const keep = (caseText: string) => mapStdout(caseText, (stdout) => keepZooLines(stdout, mine));
    const { failures } = await compareCommandBatch('/usr/bin/pgrep', 'tpgrep', all, keep);
    expect(failures).toEqual([]);
  }, 180_000);
});

describe('tpgrep counts and delimited lists, unfiltered (own PID namespace)', () => {
  // Their output holds no pid per line to filter by, so every line is compared: the namespace
  // holds only these processes (and its sh, pid 1), started before anything else forks, so their
  // pids are the same on both sides. $fam: setsid sh, 3 sleepy + sh -> sleepy; $mid: that sh;
  // $thr: perl with 3 threads; $arg: perl with a 100 KB argument; $long: sh with 148 KB of
  // arguments, of which pgrep reads 131071 bytes.
  const prepare = `
cp /usr/bin/sleep ./sleepy
printf 'use threads; threads->create(sub { sleep 100000 }) for 1 .. 2; sleep 100000;\\n' > threads.pl
e=$(printf '%040000d' 0 | sed 's/0/é/g')
setsid sh -c './sleepy 100000 & ./sleepy 100000 & ./sleepy 100000 & sh -c "./sleepy 100000; :" & wait' & fam=$!
# A children file ends without a newline: read sets the variable but fails.
family() {
  kids=; read -r kids < /proc/$fam/task/$fam/children
  set -- $kids; [ $# -eq 4 ] || return 1
  for k; do IFS= read -r c < /proc/$k/comm; case $c in sleepy) ;; sh) mid=$k ;; *) return 1 ;; esac; done
  g=; read -r g < /proc/$mid/task/$mid/children; [ -n "$g" ] && has_comm $g sleepy
} 2>/dev/null
spin family
perl ./threads.pl & thr=$!
three_threads() { set -- /proc/$thr/task/*; [ $# -eq 3 ]; }
spin three_threads
perl -e 'sleep 100000' "$(printf '%0100000d' 0)tail" & arg=$!
spin has_comm $arg perl
sh -c 'sleep 100000; :' sh "$(printf '%08100d' 0)" b c d "$(printf '%060000d' 0)" "$e" & long=$!
long_started() { k=; read -r k < /proc/$long/task/$long/children; [ -n "$k" ] && has_comm $k sleep; } 2>/dev/null
spin long_started
`;
  const templates = [
    '-P $fam -c',
    '-P $fam -d ,',
    "-P $fam -d ''",
    '-P $fam -l -d :',
    '-P $fam,$mid -c',
    '-P $fam -A -c',
    '-P $fam -r S,T -c',
    '-g $fam -c',
    '-s $fam -d " " -l',
    '-w -c -f threads.pl',
    '-f -c 0tail',
    "-f -c 'b c d 0+ é'",
    '-c sleepy',
    '-c -v sleepy',
    '-d , -x sleepy',
    '-d "" -n sleepy',
    '-c nomatch',
    '-d , nomatch',
    '-c -u root',
    '-c -U 65534',
    // The whole namespace: sh (pid 1) and every process above (-a would show pid 1's command
    // line, which names each side's own tool and temp files).
    '-l -d "|" .',
    '-a -d "|" sleepy',
    '-a -d "" -f -P 1 tail',
  ];
  it(`${templates.length} command lines match pgrep`, async () => {
    const cases = templates.map((t) => `"$TOOL" ${t}`);
    const { failures, results } = await compareNamespaceBatch('/usr/bin/pgrep', 'tpgrep', '', [], cases, {
      prepare,
    });
    expect(failures).toEqual([]);
    // Counts were made of something: -P $fam -c finds the four children.
    expect(results[0]?.reference).toMatch(/^--- stdout\n4\n/m);
  }, 120_000);
});

describe('tpkill signals (own PID namespace, fresh victims for each case)', () => {
  // A and B run a copy of sleep named sleepy, C one named dozer, D one with a 21-byte name.
  const setup =
    'victim sleepy; A=$last; victim sleepy; B=$last; victim dozer; C=$last; victim averyveryverylongname; D=$last; echo $B > pidfile';
  const templates = [
    'sleepy',
    '-x sleepy',
    '-9 dozer',
    '--signal KILL sleep',
    '-s 0 -STOP sleepy',
    '-e sleepy',
    '-e -c dozer',
    '-c nothing',
    '-n sleepy',
    '-o -e sleepy',
    '-f "sleepy 100000"',
    '-i -e SLEEPY',
    '-x averyveryverylongname',
    '-e averyveryverylo',
    '--signal 65 dozer',
    '-HUP -P 1 -x dozer',
    'sleepy -INT',
    '-q 3 -USR1 dozer',
    '-g $C',
    '-F pidfile',
    '-r S -e -x dozer',
    // Without a pattern, -e leaves the name out.
    '-e -q 7 sleepy',
    '--echo --queue x -USR1 dozer',
    '-e -g $C',
    '-e -HUP -F pidfile',
    "-e -s $A ''",
    // --signal reads a leading number as atoi does.
    '--signal 9.5 dozer',
    '--signal 12abc -e dozer',
    '--signal 4294967305 dozer',
    '--signal 2147483649 dozer',
    '--signal " 9" dozer',
    '--signal " 9x" dozer',
    '--signal 0x9 -e dozer',
  ];
  it(`${templates.length} command lines signal as pkill does`, async () => {
    const cases = templates.map((t) => `"$TOOL" ${t}`);
    const { failures, results } = await compareNamespaceBatch(
      '/usr/bin/pkill',
      'tpkill',
      setup,
      ['A', 'B', 'C', 'D'],
      cases,
    );
    expect(failures).toEqual([]);
    expect(results.filter((r) => / signal 15\n/.test(r.reference)).length).toBeGreaterThan(5);
  }, 240_000);
});

describe('tpkill -q', () => {
  const receiver = queueReceiver('qreceiver');

  it('queues the value', async () => {
    const script = `
${receiver.start('received')}"$@" -USR2 -q 1234 -x qreceiver
echo "status $?"
wait $R
cat received
`;
    const cmp = await compareInPidNs(script, ['pkill'], ['tpkill']);
    expectSame(cmp);
    expect(cmp.ours.stdout).toContain('signal 12 code -1 value 1234');
  });
});

describe('tpkill and reused pids', () => {
  it('does not signal a process whose start time no longer matches', async () => {
    const child = spawn('sleep', ['100000'], { stdio: 'ignore' });
    const ended = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
    try {
      const fs = new ProcFs();
      const proc = fs.process(child.pid as number);
      const real = proc.stat().starttime;
      const io = {
        argv0: 'tpkill',
        env: {},
        stdout: new StringOutput(),
        stderr: new StringOutput(),
        stdoutIsTty: false,
      };
      const opts = { mode: 'pkill', signal: 15, echo: true, count: false, pattern: 'sleep' } as Options;
      // As if the pid had been reused since matching: the recorded start time is another one.
      const stale = await signalMatches([{ proc, startTime: real - 1 }], opts, io, fs, 'tpkill', true);
      expect(stale).toBe(1);
      expect(io.stdout.text()).toBe('');
      const race = await Promise.race([ended, new Promise((r) => setTimeout(() => r('alive'), 100))]);
      expect(race).toBe('alive');
      // The true identity is signalled.
      expect(await signalMatches([{ proc, startTime: real }], opts, io, fs, 'tpkill', true)).toBe(0);
      expect(await ended).toBe('SIGTERM');
      expect(io.stdout.text()).toBe(`sleep killed (pid ${child.pid})\n`);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
