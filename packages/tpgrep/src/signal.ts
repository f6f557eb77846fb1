// pkill's half: signal every match, re-checking each one's identity first.
import type { CommandIo, ProcFs } from '@tproc/core';
import { errorCode, errorMessage, kill, SyscallError, sigqueue } from '@tproc/syscalls';
import type { Options } from './options.ts';
import type { Match } from './select.ts';
import { shownName } from './shown.ts';

export async function signalMatches(
  matches: Match[],
  opts: Options,
  io: CommandIo,
  fs: ProcFs,
  name: string,
  utf8: boolean,
): Promise<number> {
  let signalled = 0;
  for (const m of matches) {
    // The pid may have been reused since it matched: (pid, start time) must still agree.
    if (!fs.isSameProcess({ pid: m.proc.pid, startTime: m.startTime })) continue;
    try {
      if (opts.queue === undefined) kill(m.proc.pid, opts.signal);
      else await sigqueue(m.proc.pid, opts.signal, opts.queue);
      signalled++;
      if (opts.echo) {
        // observed: without a pattern the name is left out (` killed (pid N)`).
        const shown = opts.pattern === undefined ? '' : shownName(m.proc, utf8);
        io.stdout.write(Buffer.from(`${shown} killed (pid ${m.proc.pid})\n`, 'latin1'));
      }
    } catch (err) {
      if (!(err instanceof SyscallError)) throw err;
      io.stderr.write(`${name}: killing pid ${m.proc.pid} failed: ${errorMessage(errorCode(err))}\n`);
    }
  }
  if (opts.count) io.stdout.write(`${matches.length}\n`);
  return signalled > 0 ? 0 : 1;
}
