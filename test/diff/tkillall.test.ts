// Differential tests of tkillall against psmisc 23.6 killall. Every case runs twice (reference, ours),
// each time in a fresh PID namespace with fresh victims (own sessions, see nsPrelude), then reports
// how each victim ended: the output, the exit status AND which victims died of which signal must agree.
// Nothing here can reach a process outside its namespace (`killall -u root` included).
import { describe, it } from 'vitest';
import { expectSame } from '../zoo/compare.ts';
import { compareInPidNs } from '../zoo/pidns.ts';

interface Case {
  name: string;
  args: string[];
  /** Shell lines run before the command (victims); default: the standard set. */
  setup?: string;
  input?: string;
}

/** Two `sleep`s, a cut long name, a name with capitals, a script, a renamed argv[0]. */
const STANDARD = `
victim sleep; victim sleep
victim averyveryverylongname
victim Sleepy
printf '#!/usr/bin/perl\\nsleep 100000;\\n' > ./averyverylongscript.pl; chmod +x ./averyverylongscript.pl
setsid ./averyverylongscript.pl & victims="$victims $!"; eval "victim_$!=script"
cp /usr/bin/sleep ./abcdefghijklmnopqrst
setsid bash -c 'exec -a foo ./abcdefghijklmnopqrst 100000' & victims="$victims $!"; eval "victim_$!=renamed"
until [ "$(cat /proc/$!/comm 2>/dev/null)" = abcdefghijklmno ] && [ "$(cat /proc/$!/cmdline | tr '\\0' ' ')" = 'foo 100000 ' ]; do :; done
until [ "$(cat /proc/$(echo $victims | awk '{print $5}')/comm 2>/dev/null)" = averyverylongsc ]; do :; done
`;

const run = (c: Case): string => `${c.setup ?? STANDARD}
"$@"; echo "status $?"
report
`;

const k = (name: string, ...args: string[]): Case => ({ name, args });

const CASES: Case[] = [
  // Selecting by name.
  k('plain name', 'sleep'),
  k('verbose', '-v', 'sleep'),
  k('two names', '-v', 'sleep', 'Sleepy'),
  k('same name twice', '-v', 'sleep', 'sleep'),
  k('no such name', 'nosuch'),
  k('no such name quiet', '-q', 'nosuch'),
  k('one of two missing', '-v', 'nosuch', 'sleep'),
  k('long name in full', '-v', 'averyveryverylongname'),
  k('long name cut at 15', '-v', 'averyveryverylo'),
  k('long name -e', '-v', '-e', 'averyveryverylongname'),
  k('renamed argv0 full', '-v', 'abcdefghijklmnopqrst'),
  k('renamed argv0 -e', '-ve', 'abcdefghijklmnopqrst'),
  k('renamed argv0 prefix', '-v', 'abcdefghijklmnoXYZ'),
  k('script by name', '-v', 'averyverylongscript.pl'),
  k('script cut name', '-v', 'averyverylongsc'),
  k('interpreter name', '-v', 'perl'),
  k('interpreter path', '-v', '/usr/bin/perl'),
  k('executable path', '-v', './Sleepy'),
  k('missing path', '-v', './nosuch/sleep', 'sleep'),
  k('ignore case', '-v', '-I', 'SLEEPY'),
  k('ignore case long name', '-v', '--ignore-case', 'AVERYVERYVERYLONGNAME'),
  k('case matters', '-v', 'SLEEP'),
  k('regexp', '-v', '-r', 'sl.*p'),
  k('regexp anchored', '-v', '-r', '^S'),
  k('regexp ignore case', '-v', '-r', '-I', '^S'),
  k('regexp long names', '-v', '-r', 'long'),
  k('regexp -e', '-v', '-r', '-e', 'abc'),
  k('bad regexp', '-r', '['),
  k('regexp with slash', '-v', '-r', '/usr/bin/sleep'),
  // Signals.
  k('-9', '-v', '-9', 'sleep'),
  k('-KILL', '-KILL', 'sleep'),
  k('-SIGHUP', '-v', '-SIGHUP', 'Sleepy'),
  k('-s INT', '-v', '-s', 'INT', 'sleep'),
  k('--signal=USR1', '-v', '--signal=USR1', 'sleep'),
  k('-sSTOP', '-v', '-sSTOP', 'sleep'),
  k('-s 0', '-v', '-s', '0', 'sleep'),
  k('-s 1x', '-v', '-s', '1x', 'sleep'),
  k('-s 010', '-v', '-s', '010', 'sleep'),
  k('-s sighup', '-s', 'sighup', 'sleep'),
  k('-s SIGhup', '-s', 'SIGhup', 'sleep'),
  k('-99 invalid', '-99', 'sleep'),
  k('-FOO', '-FOO', 'sleep'),
  k('-IOT', '-IOT', 'sleep'),
  k('-ILL', '-v', '-ILL', 'sleep'),
  k('-VTALRM', '-v', '-VTALRM', 'sleep'),
  k('-SEGV', '-v', '-SEGV', 'sleep'),
  k('-vI bundle', '-vI', 'sleep'),
  k('-Iv bundle', '-Iv', 'sleep'),
  k('-vHUP bundle', '-vHUP', 'sleep'),
  k('-sigkill', '-sigkill', 'sleep'),
  k('-verbose long_only', '-verbose', 'sleep'),
  k('-ex long_only', '-ex', '-v', 'sleep'),
  k('ambiguous --v', '--v', 'sleep'),
  // Options and their errors.
  k('no arguments'),
  k('--help'),
  k('-V'),
  k('--version'),
  k('-l'),
  k('--list then names', '--list', 'sleep'),
  k('unknown option', '-x', 'sleep'),
  k('-s missing value', '-s'),
  k('-Z missing value', '-Z'),
  k('-Z context', '-Z', 'foo', '-v', '-s', '0'),
  k('-u root', '-v', '-s', 'CONT', '-u', 'root'),
  k('-u root with name', '-v', '-u', 'root', 'Sleepy'),
  k('-u nobody', '-u', 'nobody', 'sleep'),
  k('-u unknown', '-u', 'nosuchuser', 'sleep'),
  k('-y 1h', '-v', '-y', '1h', 'sleep'),
  k('-o 1h', '-v', '-o', '1h', 'sleep'),
  k('-o 1.5m', '-o', '1.5m', 'sleep'),
  k('-y 0s', '-y', '0s', 'sleep'),
  k('-y 10', '-y', '10', 'sleep'),
  k('-y 1ss', '-v', '-y', '1ss', 'sleep'),
  k('-y 2w -o 1s', '-v', '-y', '2w', '-o', '1s', 'sleep'),
  k('-n 1', '-v', '-n', '1', 'sleep'),
  k('-n bad', '-n', 'abc', 'sleep'),
  k('-g', '-v', '-g', 'sleep'),
  k('-g -s 0 two names', '-v', '-g', '-s0', 'sleep', 'nosuch'),
  k('-w', '-w', '-v', 'sleep', 'Sleepy'),
  k('-- ends options', '-v', '--', '-x'),
  // -i reads the answers from stdin.
  { name: '-i yes no', args: ['-i', '-v', 'sleep'], input: 'y\nn\n' },
  { name: '-i retry then yes', args: ['-i', '-v', 'sleep', 'Sleepy'], input: 'x\nY\n\nyes\n' },
  { name: '-i end of input', args: ['-i', 'sleep'], input: '' },
  { name: '-i -g', args: ['-i', '-g', '-v', 'sleep'], input: 'n\ny\n' },
];

describe('tkillall vs killall (psmisc 23.6), in fresh PID namespaces', () => {
  for (const c of CASES) {
    it.concurrent(c.name, async () => {
      const cmp = await compareInPidNs(run(c), ['killall', ...c.args], ['tkillall', ...c.args], {
        ...(c.input !== undefined && { input: c.input }),
      });
      expectSame(cmp);
    });
  }
});
