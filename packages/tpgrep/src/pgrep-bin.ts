import { OUTPUT_POLICIES, runCommand } from '@tproc/core';
import { main } from './main.ts';

void runCommand((argv, io) => main(argv, io, 'pgrep'), OUTPUT_POLICIES.pgrep);
