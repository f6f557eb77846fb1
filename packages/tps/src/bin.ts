import { OUTPUT_POLICIES, runCommand } from '@tproc/core';
import { main } from './main.ts';

runCommand(
  (argv, io) =>
    main(argv, io, { terminal: () => ({ cols: process.stdout.columns ?? 0, rows: process.stdout.rows ?? 0 }) }),
  OUTPUT_POLICIES.ps,
);
