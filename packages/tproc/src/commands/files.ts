import type { CommandSpec } from './spec.ts';

export const files: CommandSpec = {
  command: 'files',
  describe: 'todo',
  builder: (y) => y,
  run: async () => 0,
};
