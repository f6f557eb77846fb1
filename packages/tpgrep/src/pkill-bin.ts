import { runCommand } from '@tproc/core';
import { pkill } from './main.ts';

void runCommand(pkill);
