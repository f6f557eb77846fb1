// tfuser's command line against fuser's, for command lines that end before any search (errors,
// -l, -h, names that resolve to nothing): fuser is spawned, ours runs in this process through
// main(), as bin/tfuser runs it.
import { describe, expect, it } from 'vitest';
import { main } from '@tproc/tfuser';
import { compareWithMain } from './signal-batch.ts';

const CASES: string[][] = [
  [],
  ['-l'],
  ['--list-signals'],
  ['-vl'],
  ['/nonexistent-tfuser', '-l'],
  ['-h'],
  ['-vh'],
  ['-x'],
  ['-kx', '-v'],
  ['-k-'],
  ['--foo'],
  ['--verb', '/'],
  ['--v'],
  ['---'],
  ['--verbose=1', '/'],
  ['--namespace=tcp', '1'],
  ['-n'],
  ['--namespace'],
  ['-n', 'foo', '1'],
  ['-n', 'TCP', '1'],
  ['-ntcp', '1'],
  ['-n', 'tcp'],
  ['-4', '-6'],
  ['-46', '/nonexistent-tfuser'],
  ['-a', '-s', '/nonexistent-tfuser'],
  ['-4', '-6', '-a', '-s', '/nonexistent-tfuser'],
  ['-M', '-a', '-s'],
  ['--'],
  ['--', '/'],
  ['-'],
  // Names and options mixed, as core's getopt scans them in order.
  ['-a', '/nonexistent-tfuser', '--', '/nonexistent-tfuser2'],
  ['-a', '-', '/nonexistent-tfuser', '-v'],
  ['-nv', 'tcp', '1'],
  ['-a', '-n', 'udp', '1', '-n', 'tcp', '2', '-v'],
  ['-ILL', '-a', '/nonexistent-tfuser'],
  ['-a', '/nonexistent-tfuser', '-HUP', '--verb'],
  ['-k'],
  ['-kHUP', '/'],
  ['-HUPk', '/'],
  ['-vHUP', '/'],
  ['-SIG9', '/'],
  ['-SIGkill', '/'],
  ['-SIG', '/'],
  ['-IO', '/'],
  ['-RTMIN', '/'],
  ['-CLD', '/'],
  ['-k0', '/'],
  ['-s9', '/'],
  ['-Hx', '/'],
  ['-x9', '/'],
  ['/nonexistent-tfuser'],
  ['-a', '/nonexistent-tfuser', 'nosuch/dir/'],
  ['-s', '/nonexistent-tfuser'],
  ['/etc/passwd/x'],
  ['-a', '/etc/passwd/x'],
  ['-m', '1/tcp'],
  ['-c', '-n', 'udp', '1'],
  ['-M', '1/tcp'],
  ['-M', '/nonexistent-tfuser', '1/tcp'],
  ['-M', '/nonexistent-tfuser', '/nonexistent-tfuser2'],
  ['-n', 'tcp', 'nosuchservice'],
  ['-n', 'udp', '1x', '2 '],
  ['nosuchservice/udp', '-a'],
  ['-a', '-n', 'tcp', ',,nosuchservice'],
  ['-6', '-a', '-n', 'tcp', ',127.0.0.1'],
  ['-4', '-a', '-n', 'udp', ',::1,53'],
];

describe('tfuser command line', () => {
  it('ends as fuser ends', async () => {
    const { failures } = await compareWithMain('fuser', 'tfuser', main, CASES);
    expect(failures).toEqual([]);
  }, 120_000);
});
