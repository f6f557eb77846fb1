import { OUTPUT_POLICIES, runCommand } from '@tproc/core';
import { main } from './main.ts';

runCommand(main, OUTPUT_POLICIES.quiet);
