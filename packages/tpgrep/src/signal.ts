// pkill's half: every match is held (core's signaller: a pidfd, its identity checked) as soon as
// the matching is done, then signalled through it.
import { type CommandIo, openSignaller, type ProcFs, type Signaller } from '@tproc/core';
import { errorCode, errorMessage, SyscallError } from '@tproc/syscalls';
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
  signaller?: Signaller,
): Promise<number> {
  const through = signaller ?? (matches.length > 0 ? await openSignaller(fs) : undefined);
  // A match gone, or whose pid names another process, since it matched is not held: skipped.
  const held = matches.map((m) => ({ m, hold: through?.process({ pid: m.proc.pid, startTime: m.startTime }) }));
  let signalled = 0;
  for (const { m, hold } of held) {
    if (!hold) continue;
    try {
      hold.send(opts.signal, opts.queue);
      signalled++;
      if (opts.echo) {
        // observed: without a pattern the name is left out (` killed (pid N)`).
        const shown = opts.pattern === undefined ? '' : shownName(m.proc, utf8);
        io.stdout.write(Buffer.from(`${shown} killed (pid ${m.proc.pid})\n`, 'latin1'));
      }
    } catch (err) {
      if (!(err instanceof SyscallError)) throw err;
      io.stderr.write(`${name}: killing pid ${m.proc.pid} failed: ${errorMessage(errorCode(err))}\n`);
    } finally {
      hold.release();
    }
  }
  if (opts.count) io.stdout.write(`${matches.length}\n`);
  return signalled > 0 ? 0 : 1;
}
