import { OUTPUT_POLICIES, runCommand } from '@tproc/core';
import { pkill } from './main.ts';

void runCommand(pkill, OUTPUT_POLICIES.pgrep);
