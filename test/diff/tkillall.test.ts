// Differential tests of tkillall against psmisc 23.6 killall. All cases run in turn in one fresh PID
// namespace per side (see compareNamespaceBatch), each case with fresh victims (own sessions), then
// report how each victim ended: the output, the exit status AND which victims died of which signal
// must agree. Victim pids are shown as their labels (<S1>, <L>...): the tools' threads take pids too.
// Nothing here can reach a process outside its namespace (`killall -u root` included).
import { describe, expect, it } from 'vitest';
import { compareNamespaceBatch, shellQuote } from './signal-batch.ts';

interface Case {
  name: string;
  args: string[];
  /** Written to the command's stdin (the -i answers). */
  input?: string;
  /** Shell run between the setup and the command. */
  before?: string;
}

/** Made once: the script and the copy of sleep that the renamed victim runs. */
const PREPARE = `
printf '#!/usr/bin/perl\\nsleep 100000;\\n' > ./averyverylongscript.pl; chmod +x ./averyverylongscript.pl
cp /usr/bin/sleep ./abcdefghijklmnopqrst
`;

/** Two `sleep`s, a cut long name, a name with capitals, a script, a renamed argv[0]. */
const SETUP = `
victim sleep; S1=$last; victim sleep; S2=$last
victim averyveryverylongname; L=$last
victim Sleepy; C=$last
start ./averyverylongscript.pl; P=$last; victims="$victims $P"; eval "victim_$P=script"
start -a foo ./abcdefghijklmnopqrst 100000; R=$last; victims="$victims $R"; eval "victim_$R=renamed"
spin has_comm $R abcdefghijklmno
spin has_args $R foo100000
spin has_comm $P averyverylongsc
`;
const LABELS = ['S1', 'S2', 'L', 'C', 'P', 'R'];

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
  // Observed: the number is C's int of strtol's value, so 2^32 + 9 is SIGKILL (and 2^63 + 9, past
  // LONG_MAX, is LONG_MAX: -1, refused by kill(2)).
  k('-s 2^32+9', '-v', '-s', '4294967305', 'sleep'),
  k('-2^32+15', '-v', '-4294967311', 'sleep'),
  k('-s 2^63+9', '-v', '-s', '9223372036854775817', 'sleep'),
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
  // -u and -Z are checked as they are parsed, before what follows them.
  k('-u unknown then -eI', '-u', 'nosuchuser', '-eI', '--', 'sleep'),
  k('-u unknown then -l', '-u', 'nosuchuser', '-l'),
  k('-u unknown then -V', '-u', 'nosuchuser', '-V'),
  k('-u unknown then bad -n', '-u', 'nosuchuser', '-n', 'x'),
  k('-u unknown then bad -y', '-u', 'nosuchuser', '-y', 'x', 'sleep'),
  k('-u unknown twice', '-u', 'nosuchuser', '-u', 'root', 'sleep'),
  k('-Z bad then -u unknown', '-Z', '[', '-u', 'nosuchuser'),
  k('-u unknown then -Z bad', '-u', 'nosuchuser', '-Z', '['),
  k('-y 1h', '-v', '-y', '1h', 'sleep'),
  k('-o 1h', '-v', '-o', '1h', 'sleep'),
  k('-o 1.5m', '-o', '1.5m', 'sleep'),
  k('-y 0s', '-y', '0s', 'sleep'),
  k('-y 10', '-y', '10', 'sleep'),
  // Victims over a second old, whatever the load: a start that takes a second cannot flip these.
  { name: '-y 1ss', args: ['-v', '-y', '1ss', 'sleep'], before: 'sleep 1.1' },
  { name: '-y 2w -o 1s', args: ['-v', '-y', '2w', '-o', '1s', 'sleep'], before: 'sleep 1.1' },
  k('-y 1mm', '-v', '-y', '1mm', 'sleep'),
  k('-o 1d', '-v', '-o', '1d', 'sleep'),
  k('-y 1d', '-v', '-y', '1d', 'sleep'),
  k('-y 1M', '-v', '-y', '1M', 'sleep'),
  k('-o 1M', '-v', '-o', '1M', 'sleep'),
  k('-y 1y', '-v', '-y', '1y', 'sleep'),
  k('-o 1y', '-v', '-o', '1y', 'sleep'),
  k('-n 1', '-v', '-n', '1', 'sleep'),
  k('-n bad', '-n', 'abc', 'sleep'),
  k('-g', '-v', '-g', 'sleep'),
  k('-g -s 0 two names', '-v', '-g', '-s0', 'sleep', 'nosuch'),
  k('-w', '-w', '-v', 'sleep', 'Sleepy'),
  k('-- ends options', '-v', '--', '-x'),
  // getopt moves skipped operands behind the options after them: -I and -V then see an operand.
  k('operand before -I -Iv', '-v', 'sleep', '-I', '-Iv'),
  k('operand before -I', '-v', 'SLEEPY', '-I'),
  k('operands around -vI', '-s', '0', 'sleep', '-vI', 'Sleepy'),
  k('-I after two operands', '-v', 'sleep', 'Sleepy', '-I', '-Iv', 'x'),
  k('-V after an operand', 'sleep', '-V'),
  // -i reads the answers from stdin.
  { name: '-i yes no', args: ['-i', '-v', 'sleep'], input: 'y\nn\n' },
  { name: '-i retry then yes', args: ['-i', '-v', 'sleep', 'Sleepy'], input: 'x\nY\n\nyes\n' },
  { name: '-i end of input', args: ['-i', 'sleep'], input: '' },
  { name: '-i -g', args: ['-i', '-g', '-v', 'sleep'], input: 'n\ny\n' },
  // The question shows comm (cut at 15), -v the long name.
  { name: '-i long names', args: ['-i', '-v', 'averyveryverylongname', 'averyverylongscript.pl'], input: 'y\ny\n' },
  { name: '-i -g long name', args: ['-i', '-g', '-s', 'HUP', 'averyveryverylongname'], input: 'y\n' },
  { name: '-i -r', args: ['-i', '-v', '-r', '^avery'], input: 'n\ny\nn\n' },
];

describe('tkillall vs killall (psmisc 23.6), in fresh PID namespaces', () => {
  it(`${CASES.length} command lines signal as killall does`, async () => {
    const templates = CASES.map((c) => {
      const command = `"$TOOL" ${c.args.map(shellQuote).join(' ')}`;
      const fed = c.input === undefined ? command : `printf %s ${shellQuote(c.input)} | ${command}`;
      return c.before === undefined ? fed : `${c.before}\n${fed}`;
    });
    const { failures, results } = await compareNamespaceBatch(
      '/usr/bin/killall',
      'tkillall',
      SETUP,
      LABELS,
      templates,
      {
        prepare: PREPARE,
      },
    );
    expect(failures).toEqual([]);
    // The reports really show deaths (not only "alive").
    expect(results.filter((r) => / signal 15\n/.test(r.reference)).length).toBeGreaterThan(20);
  }, 420_000);
});
