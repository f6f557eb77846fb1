// `tproc completion bash`, sourced in a real bash: the completion function asks tproc for the
// words (yargs' --get-yargs-completions) and offers those that fit.
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../zoo/compare.ts';
import { run } from '../zoo/run.ts';

const complete = (words: string[], cword: number) =>
  run(
    [
      'bash',
      '-c',
      `source <(tproc completion bash); COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${cword}; _tproc_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { env: { PATH: `${repoRoot}/bin:${process.env.PATH}`, SHELL: '/usr/bin/zsh' } },
  );

describe('bash completion', () => {
  it('completes commands and their options', async () => {
    expect((await complete(['tproc', 'k'], 1)).stdout).toBe('kill\n');
    expect((await complete(['tproc', 'p'], 1)).stdout).toBe('ps\nports\n');
    expect((await complete(['tproc', 'kill', '--ti'], 2)).stdout).toBe('--timeout\n');
  });
});
