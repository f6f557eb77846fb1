import { runCommand } from '@tproc/core';
import { pgrep } from './main.ts';

void runCommand(pgrep);
