/**
 * How a long run paces the runtime. Under Bun, nothing under Node.
 *
 * The Bun executable starts with JIT tier-up thresholds 1000 times the default
 * (scripts/build.mjs): a short run stays in the interpreter, cheaper than compiling what runs a
 * few hundred times. A run over thousands of processes or open files runs the same code long
 * enough for the JIT to pay, so it asks for thresholds only JIT_SCALE times the default
 * (Bun.unsafe.setJITPolicy). Measured, tps -ef: at 500 processes the normal policy costs more CPU
 * (158 ms against 110), at 1,000 less time (139 ms against 164), at 5,000 342 ms against 487;
 * tlsof -nP on ~70 processes and 5,600 files, 271 ms against 330, where tfuser and tlsof's
 * targeted queries (a few hundred files) lost 5-12 ms with it. Since the reader thread
 * (read-ahead.ts) shares the second core with the JIT's, 10 times the default beats the default
 * (21 alternated runs at 5,000: tps aux 204 ms against 221, peak 57.9 MB against 62.9; tps -ef
 * 195 either way; tlsof -nP idle 172 against 184).
 *
 * A streamed listing also asks for a collection every COLLECT_EVERY processes (Bun.gc(false),
 * run concurrently): what was read for a process already printed is garbage by then, and
 * collected early its memory serves again instead of fresh pages, each a page fault (~12 us on
 * this machine). Measured at 5,000: tps -ef peaked at 53 MiB instead of 61, for 0-4% more time
 * (alternated runs on a shared machine). Not for a tree or a sorted listing, which keep every
 * process: each collection would mark them all again (tpstree -p took 20% longer).
 */
export const MANY_ITEMS = 1000;
export const JIT_SCALE = 10;
export const COLLECT_EVERY = 128;

export interface PacedRuntime {
  gc?(force: boolean): void;
  unsafe?: { setJITPolicy?(scale: number): void };
}

const bun = (): PacedRuntime | undefined => (globalThis as { Bun?: PacedRuntime }).Bun;

/**
 * A count of the work a run is about to do (processes, files): from MANY_ITEMS on, it asks
 * `runtime` for the JIT_SCALE policy, once.
 */
export function workCounter(runtime: PacedRuntime | undefined): (items: number) => void {
  let seen = 0;
  return (items) => {
    if (seen >= MANY_ITEMS) return;
    seen += items;
    if (seen >= MANY_ITEMS) runtime?.unsafe?.setJITPolicy?.(JIT_SCALE);
  };
}

/** This run's count: ProcFs adds the processes it lists, openFiles the files of each process. */
export const expectWork = workCounter(bun());

/** For a walk over `count` processes: a function to call before visiting each. */
export function collectorFor(count: number, runtime: PacedRuntime | undefined = bun()): () => void {
  const gc = runtime?.gc;
  if (count < MANY_ITEMS || gc === undefined) return () => {};
  let visited = 0;
  return () => {
    if (++visited % COLLECT_EVERY === 0) gc.call(runtime, false);
  };
}
