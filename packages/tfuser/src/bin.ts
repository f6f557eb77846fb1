import { OUTPUT_POLICIES, runCommand } from '@tproc/core';
import { main } from './main.ts';

// observed (psmisc 23.6): `fuser FILE >/dev/full` and `>&-` exit as they would, in silence.
void runCommand(main, OUTPUT_POLICIES.quiet);
