import { OUTPUT_POLICIES, runCommand } from '@tproc/core';
import { main } from './main.ts';

// observed (lsof 4.95): `lsof | head -1` dies of SIGPIPE; `>/dev/full` and `>&-` exit 0, silent.
void runCommand(main, OUTPUT_POLICIES.quiet);
