// The start of every Node bundle (dist/tproc/node/<command>.cjs, see build.mjs), before the
// command's own module runs: the name the command was run under, and that name on every thread.
import { readdirSync, writeFileSync } from 'node:fs';

export function startOnNode(command: string): void {
  // Set by the multi-call executable when TPROC_RUNTIME=node made it hand over to Node.
  const invoked = process.env.TPROC_ARGV0;
  delete process.env.TPROC_ARGV0;
  // Commands take their name for messages from argv[1] (core's runCommand).
  process.argv[1] = invoked ?? command;
  // Node names its process and threads `node` (from the executable); ps, pstree and top show this
  // name instead (/proc/PID/task/TID/comm, writable by the process itself: man 5 proc).
  const name = Buffer.from((invoked ?? command).slice((invoked ?? command).lastIndexOf('/') + 1)).subarray(0, 15);
  try {
    for (const tid of readdirSync('/proc/self/task')) writeFileSync(`/proc/self/task/${tid}/comm`, name);
  } catch {}
}
