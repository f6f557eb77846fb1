// Runs tproc's main in-process on a fixture proc root, for tests.
import { type CommandIo, ProcFs, StringOutput } from '@tproc/core';
import type { TprocDeps } from '../deps.ts';
import { main } from '../main.ts';

export interface MainRun {
  stdout: string;
  stderr: string;
  status: number;
}

export interface MainOptions {
  procRoot?: string;
  etcRoot?: string;
  env?: Record<string, string>;
  /** A terminal of this width (colour on unless disabled); undefined: a pipe. */
  columns?: number;
  now?: number;
  deps?: Partial<TprocDeps>;
}

export async function runMain(argv: string[], options: MainOptions = {}): Promise<MainRun> {
  const stdout = new StringOutput();
  const stderr = new StringOutput();
  const io: CommandIo = {
    argv0: 'tproc',
    env: options.env ?? {},
    stdout,
    stderr,
    stdoutIsTty: options.columns !== undefined,
  };
  const fs = new ProcFs({
    ...(options.procRoot !== undefined && { procRoot: options.procRoot }),
    ...(options.etcRoot !== undefined && { etcRoot: options.etcRoot }),
    host: { clockTicks: 100, pageSize: 4096, bootTime: 1_700_000_000 },
  });
  const deps: TprocDeps = {
    fs,
    now: () => (options.now ?? 1_700_000_100_000) / 1000,
    terminal: () => (options.columns === undefined ? undefined : { cols: options.columns, rows: 24 }),
    euid: 0,
    kill: () => {},
    sleep: async () => {},
    ...options.deps,
  };
  const status = await main(argv, io, deps);
  return { stdout: stdout.text(), stderr: stderr.text(), status };
}
