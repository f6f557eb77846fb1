import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ComparePairOptions, type Comparison, comparePair } from './compare.ts';
import { afterAll, beforeAll } from 'vitest';
import { inProcessAllowed, RUNNER_COMMAND, type RunOptions, Runner } from './run.ts';
import { startZoo, type Zoo } from './zoo.ts';

/**
 * The runner (runner.ts) in a mount namespace of its own where copies of /proc/uptime and
 * /proc/stat are bind-mounted over the real ones (ps takes elapsed time from uptime and start
 * dates from stat's btime, so both commands see one frozen clock, and a moved boot time shows
 * dates of other days and years): one namespace for a whole suite instead of a shell, unshare and
 * two mounts for every command.
 */
function frozenRunner(uptime: string, stat: string): Runner {
  return new Runner([
    'unshare',
    '--mount',
    'sh',
    '-c',
    'mount --bind "$0" /proc/uptime && mount --bind "$1" /proc/stat && exec "$2" "$3"',
    uptime,
    stat,
    ...RUNNER_COMMAND,
  ]);
}

/** Names for comparePair: the reference's, ours, and the path our stderr names us by. */
export interface FrozenNames {
  reference: string;
  ours: string;
  ourPath: string;
}

/**
 * The clock as read when made, frozen: each comparison runs both commands under copies of
 * /proc/uptime and /proc/stat, moved `back` seconds (uptime on, btime back).
 */
export class FrozenClock {
  readonly #dir = mkdtempSync(join(tmpdir(), 'tproc-clock-'));
  readonly #runners = new Map<number, Runner>();
  readonly #uptime: number;
  readonly #idle: number;
  readonly #stat = readFileSync('/proc/stat', 'utf8');
  readonly #made = new Map<string, [string, string]>();
  /** Seconds since the epoch when the clock was read. */
  readonly now = Date.now() / 1000;

  constructor(readonly names: FrozenNames) {
    const [up = 0, idle = 0] = readFileSync('/proc/uptime', 'utf8').trim().split(' ').map(Number);
    this.#uptime = up;
    this.#idle = idle;
  }

  /** The frozen uptime and stat files for `back` seconds (made once). */
  #files(back: number): [string, string] {
    const name = String(back);
    const known = this.#made.get(name);
    if (known) return known;
    const up = join(this.#dir, `uptime-${name}`);
    const st = join(this.#dir, `stat-${name}`);
    writeFileSync(up, `${(this.#uptime + back).toFixed(2)} ${this.#idle.toFixed(2)}\n`);
    writeFileSync(
      st,
      this.#stat.replace(/^btime (\d+)$/m, (_, bt: string) => `btime ${Number(bt) - back}`),
    );
    this.#made.set(name, [up, st]);
    return [up, st];
  }

  /**
   * Runs the reference then ours under the clock moved `back` seconds and compares them, once:
   * with the clock frozen nothing moves between the two runs, so any difference is a failure.
   * Ours runs in-process when it is plain `tps ARGS` (names.ourPath) and its output cannot show
   * its own process: `listsItself` for a listing that may hold the command's own line (the default
   * selection, `--info`), which then must be a tps process.
   */
  async compare(
    reference: string[],
    ours: string[],
    opts: ComparePairOptions & RunOptions & { listsItself?: boolean },
    back = 0,
  ): Promise<Comparison> {
    const inProcess =
      inProcessAllowed(opts) && this.names.ours === 'tps' && ours[0] === this.names.ourPath && !opts.listsItself;
    const ref = await this.#runner(back).run(reference, opts);
    const our = await this.#runner(back).run(ours, opts, inProcess ? 'tps' : undefined);
    return comparePair(ref, our, this.names.reference, this.names.ours, this.names.ourPath, opts);
  }

  /** The runner under the clock moved `back` seconds (started once). */
  #runner(back: number): Runner {
    let runner = this.#runners.get(back);
    if (!runner) {
      runner = frozenRunner(...this.#files(back));
      this.#runners.set(back, runner);
    }
    return runner;
  }

  remove(): void {
    for (const runner of this.#runners.values()) runner.stop();
    this.#runners.clear();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/**
 * For a suite comparing ps with tps: a zoo started before its tests and a clock frozen right
 * after, both removed after them. Call inside `describe`; read the fields inside tests.
 */
export function zooUnderFrozenClock(ourPath: string): { readonly zoo: Zoo; readonly clock: FrozenClock } {
  let zoo: Zoo | undefined;
  let clock: FrozenClock | undefined;
  beforeAll(async () => {
    zoo = await startZoo();
    clock = new FrozenClock({ reference: 'ps', ours: 'tps', ourPath });
  }, 60_000);
  afterAll(async () => {
    await zoo?.stop();
    clock?.remove();
  });
  return {
    get zoo() {
      if (!zoo) throw new Error('the zoo is read before the suite started it');
      return zoo;
    },
    get clock() {
      if (!clock) throw new Error('the clock is read before the suite froze it');
      return clock;
    },
  };
}
