import type { CommandSpec } from './spec.ts';

export const kill: CommandSpec = {
  command: 'kill',
  describe: 'todo',
  builder: (y) => y,
  run: async () => 0,
};
