import { type CommandIo, StringOutput } from '@tproc/core';
import { describe, expect, it } from 'vitest';
import { parseWithYargs } from './cli.ts';
import { COMMANDS } from './commands/index.ts';
import { GLOBAL_OPTIONS } from './context.ts';
import { quickArgs } from './quick-args.ts';

/** The command yargs runs for argv and the arguments it gives it (without `_` and `$0`). */
async function viaYargs(argv: string[]): Promise<{ command: string; args: Record<string, unknown> }> {
  const io: CommandIo = {
    argv0: 'tproc',
    env: {},
    stdout: new StringOutput(),
    stderr: new StringOutput(),
    stdoutIsTty: false,
  };
  let got: { command: string; args: Record<string, unknown> } | undefined;
  await parseWithYargs(argv, io, undefined, async (spec, { _, $0, ...args }) => {
    got = { command: spec.command, args };
  });
  if (got === undefined) throw new Error(`yargs ran no command for ${argv.join(' ')}`);
  return got;
}

const quick = (argv: string[]) => quickArgs(argv, COMMANDS, GLOBAL_OPTIONS);

describe('quickArgs', () => {
  const plain = [
    ['ps'],
    ['ps', '--json'],
    ['ps', 'nginx', '--and', 'bash'],
    ['ps', '--no-and', '--or', '123'],
    ['ps', '--sort=-cpu'],
    ['ps', '--sort', 'cpu', '--columns', 'pid,user', 'x', 'y'],
    ['ps', '--columns='],
    ['ps', '--no-color', '--proc-root', '/proc', '--tree', '--ndjson'],
    ['ps', '--proc-root=/x=y', 'a=b'],
    ['tree'],
    ['tree', '1', '--json'],
    ['inspect', '1'],
    ['ports', '3000', '80', '--all', '--tcp', '--no-udp'],
    ['kill', '1', '2@99', ':80', '--dry-run', '--signal', 'HUP', '--timeout', '1.5', '--tree', '--force'],
    ['kill', '--signal=9', 'nginx'],
    ['files', '/x y'],
    ['who', '/mnt', '--kill', '--dry-run', '--timeout', '3'],
  ];
  for (const argv of plain) {
    it(`parses \`${argv.join(' ')}\` as yargs does`, async () => {
      const ours = quick(argv);
      expect(ours).toBeDefined();
      const theirs = await viaYargs(argv);
      expect(ours?.spec.command).toBe(theirs.command);
      expect(ours?.args).toEqual(theirs.args);
    });
  }

  // Each left to yargs: help, version, completion, short options, `--`, repeats, unknown or
  // camelCase or abbreviated spellings, values that look like options, wrong counts of
  // positionals, typos.
  const declined = [
    [],
    ['--version'],
    ['-V'],
    ['ps', '--help'],
    ['ps', '-h'],
    ['completion', 'bash'],
    ['pss'],
    ['kill', '-s', 'HUP', '1'],
    ['kill', '-n', '1'],
    ['kill'],
    ['kill', '--signal'],
    ['inspect'],
    ['tree', '1', '2'],
    ['ps', '--json', '--json'],
    ['ps', '--columns', 'a', '--columns', 'b'],
    ['ps', '--bogus'],
    ['ps', '--no-sort'],
    ['ps', '--', 'x'],
    ['ps', '--sort', '-cpu'],
    ['ps', '-'],
    ['ps', '--json=true'],
    ['ps', '--js'],
    ['ps', '--sort', '--json'],
    ['ps', '--and', '--no-and'],
    ['ps', '-5'],
    ['ps', '--procRoot', '/x'],
    ['ports', '--kill'],
  ];
  for (const argv of declined) {
    it(`leaves \`${argv.join(' ')}\` to yargs`, () => {
      expect(quick(argv)).toBeUndefined();
    });
  }
});
