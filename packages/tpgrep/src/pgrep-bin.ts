import { OUTPUT_POLICIES, runCommand } from '@tproc/core';
import { pgrep } from './main.ts';

void runCommand(pgrep, OUTPUT_POLICIES.pgrep);
