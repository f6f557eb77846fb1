// Owns the processes of one zoo (or victim set): starts them, knows every pid, and ends them by pid.
import { chmodSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atExit, guarded, killAll, removeDir } from './cleanup.ts';
import { type Launched, type LaunchOptions, launch } from './launch.ts';
import { exists, readStat, waitFor } from './proc.ts';

const timeout = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Keeper {
  readonly dir: string;
  private readonly direct: Launched[] = [];
  /** Descendants that are not our children: killed first so their own parents can reap them. */
  private readonly indirect: number[] = [];
  private readonly others: number[] = [];
  /** Direct children that end on their own once stdin closes (a zombie's parent reaps it then). */
  private readonly closeToEnd = new Set<Launched>();
  private readonly unregister: () => void;
  private stopping: Promise<void> | undefined;

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.unregister = atExit(() => this.stopSync());
  }

  /** Starts argv under a parent-death guard, in the keeper's directory unless told otherwise. */
  start(argv: string[], opts: Partial<LaunchOptions> & { endOnStdinClose?: boolean } = {}): Launched {
    if (this.stopping) throw new Error('keeper already stopped');
    const launched = launch(guarded(argv), { cwd: this.dir, ...opts });
    this.direct.push(launched);
    if (opts.endOnStdinClose) this.closeToEnd.add(launched);
    return launched;
  }

  adopt(...pids: number[]): void {
    this.indirect.push(...pids);
  }

  /** Records pids that end along with their parent, such as a zombie. */
  record(...pids: number[]): void {
    this.others.push(...pids);
  }

  /** Copies a binary into the keeper's directory under a new name; returns its path. */
  copyBinary(source: string, name: string): string {
    const path = join(this.dir, name);
    copyFileSync(source, path);
    chmodSync(path, 0o755);
    return path;
  }

  pids(): number[] {
    return [...this.direct.map((p) => p.pid), ...this.indirect, ...this.others].sort((a, b) => a - b);
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopGently();
    return this.stopping;
  }

  private async stopGently(): Promise<void> {
    for (const generation of deepestFirst(this.indirect)) {
      killAll(generation);
      await waitFor(() => !generation.some(exists), 'descendants to be reaped', 1000).catch(() => {});
    }
    for (const p of this.direct) {
      if (this.closeToEnd.has(p)) p.child.stdin?.end();
      else killDirect(p);
    }
    const allEnded = Promise.all(this.direct.map((p) => p.exited));
    await Promise.race([allEnded, timeout(1000)]);
    for (const p of this.direct) killDirect(p);
    await allEnded;
    removeDir(this.dir);
    this.unregister();
  }

  private stopSync(): void {
    killAll(this.indirect);
    for (const p of this.direct) killDirect(p);
    removeDir(this.dir);
  }
}

/** Groups pids by their distance from us in the process tree, deepest first. */
function deepestFirst(pids: number[]): number[][] {
  const depth = (pid: number): number => {
    let d = 0;
    let parent = readStat(pid)?.ppid;
    while (parent !== undefined && parent > 1 && parent !== process.pid && d < 64) {
      parent = readStat(parent)?.ppid;
      d++;
    }
    return d;
  };
  const byDepth = new Map<number, number[]>();
  for (const pid of pids) {
    const d = depth(pid);
    byDepth.set(d, [...(byDepth.get(d) ?? []), pid]);
  }
  return [...byDepth.entries()].sort(([a], [b]) => b - a).map(([, group]) => group);
}

// ChildProcess.kill is a no-op once the child was reaped, so a recycled pid is never hit.
function killDirect(p: Launched): void {
  p.child.kill('SIGKILL');
  p.child.kill('SIGCONT');
}
