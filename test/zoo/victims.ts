// Fresh processes for tests that signal things: each victim is our direct child, so node reaps it
// and reports how it ended, and runs in its own session (setsid) like a daemon would.
import { Keeper } from './keeper.ts';
import type { Ended } from './launch.ts';
import { hasComm, waitFor } from './proc.ts';
import { SLEEP } from './zoo.ts';

export type { Ended };

export interface Victim {
  pid: number;
  /** Path of the copied binary, named as asked. */
  exe: string;
  ended: Promise<Ended>;
}

export interface Victims {
  dir: string;
  list: Victim[];
  pids: number[];
  /** How each victim ended within ms (undefined: still running), in list order. */
  outcomes(ms?: number): Promise<Array<Ended | undefined>>;
  /** Kills the survivors and removes dir; safe to call more than once. */
  stop(): Promise<void>;
}

export interface VictimOptions {
  /** Name of the copy of sleep they run, hence their comm (first 15 bytes). Default 'victim'. */
  name?: string;
  /** Arguments; default ['100000']. */
  args?: string[];
}

export async function startVictims(n: number, opts: VictimOptions = {}): Promise<Victims> {
  const keeper = new Keeper('tproc-victims-');
  const name = opts.name ?? 'victim';
  try {
    const exe = keeper.copyBinary(SLEEP, name);
    const list = Array.from({ length: n }, () => {
      const p = keeper.start([exe, ...(opts.args ?? ['100000'])], { detached: true });
      return { pid: p.pid, exe, ended: p.exited };
    });
    await waitFor(() => list.every((v) => hasComm(v.pid, name)), 'victims to start');
    return {
      dir: keeper.dir,
      list,
      pids: list.map((v) => v.pid),
      outcomes: (ms = 200) => {
        const timer = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));
        return Promise.all(list.map((v) => Promise.race([v.ended, timer])));
      },
      stop: () => keeper.stop(),
    };
  } catch (err) {
    await keeper.stop();
    throw err;
  }
}
