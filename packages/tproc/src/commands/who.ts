import type { CommandSpec } from './spec.ts';

export const who: CommandSpec = {
  command: 'who',
  describe: 'todo',
  builder: (y) => y,
  run: async () => 0,
};
