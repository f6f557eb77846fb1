import { OUTPUT_POLICIES, runCommand } from '@tproc/core';
import { main } from './main.ts';

void runCommand(main, OUTPUT_POLICIES.report);
