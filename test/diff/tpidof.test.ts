// Differential tests of tpidof against Debian's /usr/bin/pidof (sysvinit-utils 3.06). Each case runs in
// a fresh PID namespace holding only its own processes, so the pid lists are the same in both runs.
import { describe, it } from 'vitest';
import { expectSame } from '../zoo/compare.ts';
import { compareInPidNs } from '../zoo/pidns.ts';

/** sleeps, a cut long name, a renamed argv[0], an empty argv[0], a script, a zombie. */
const SETUP = `
victim sleep; victim sleep
victim averyveryverylongname
victim Sleepy
cp /usr/bin/sleep ./abcdefghijklmnopqrst
printf '#!/usr/bin/perl\\nsleep 100000;\\n' > ./averyverylongscript.pl; chmod +x ./averyverylongscript.pl
setsid bash -c 'exec -a foo ./abcdefghijklmnopqrst 100000' & renamed=$!
setsid bash -c 'exec -a "" ./Sleepy 100000' & unnamed=$!
setsid ./averyverylongscript.pl & script=$!
sh -c 'sleep 0 & exec sleep 100000' &
# Every process is started before the waits below, whose forks vary in number, so pids repeat.
until [ "$(tr '\\0' ' ' < /proc/$renamed/cmdline 2>/dev/null)" = 'foo 100000 ' ]; do :; done
until [ "$(tr '\\0' ' ' < /proc/$unnamed/cmdline 2>/dev/null)" = ' 100000 ' ]; do :; done
until [ "$(cat /proc/$script/comm 2>/dev/null)" = averyverylongsc ]; do :; done
until [ -n "$(grep -l '^State:.Z' /proc/[0-9]*/status 2>/dev/null)" ]; do :; done
"$@"; echo "status $?"
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
  ['-h'],
  ['-hx'],
  ['-k', 'sleep'],
  ['--help'],
  ['-V'],
  ['-d'],
  ['-o'],
  ['--', 'sleep'],
  [''],
];

describe('tpidof vs pidof (sysvinit-utils 3.06), in fresh PID namespaces', () => {
  for (const args of CASES) {
    it.concurrent(`pidof ${args.map((a) => JSON.stringify(a)).join(' ')}`, async () => {
      expectSame(await compareInPidNs(SETUP, ['pidof', ...args], ['tpidof', ...args]));
    });
  }
});
