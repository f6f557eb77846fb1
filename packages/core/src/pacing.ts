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
 * targeted queries (a few hundred files) lost 5-12 ms with it; 10 times the default beats the
 * default (tlsof -nP idle, 5,600 files: 172 ms against 184). A walk whose reader thread runs
 * (read-ahead.ts) may hold the JIT back instead, its compiler threads and the reader then no
 * longer sharing the second core: it pays where the time is system calls, not where it is our
 * JavaScript (13-15 alternated runs at 5,000, held against JIT_SCALE: tfuser -m 328-346 ms
 * against 379, tps -ef 202-210 against 240-244, but tps aux 276 against 241; each ~10 MB less).
 * tfuser's walk holds it, and tpstree's, which keeps every process (128 ms against 120, ~10 MB
 * less); tps's and the others' do not.
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
/** The executable's own policy (scripts/build.mjs: --compile-jit-policy=1000). */
export const START_JIT_SCALE = 1000;
export const COLLECT_EVERY = 128;

export interface PacedRuntime {
  gc?(force: boolean): void;
  unsafe?: { setJITPolicy?(scale: number): void };
}

const bun = (): PacedRuntime | undefined => (globalThis as { Bun?: PacedRuntime }).Bun;

export interface Pacer {
  /**
   * A count of the work a run is about to do (processes, files): from MANY_ITEMS on, it asks the
   * runtime for the JIT_SCALE policy, once, unless the JIT is held.
   */
  expectWork(items: number): void;
  /**
   * A reader thread (read-ahead.ts) is to have the second core: the JIT's compiler threads would
   * take it from it, so the policy goes back to the executable's START_JIT_SCALE, for good.
   */
  holdJit(): void;
}

/**
 * The variable that turns JavaScriptCore's FTL tier off (BUN_JSC_useFTLJIT=0: restart.ts starts a
 * long walk again with it). Without that tier a walk whose reader runs no longer gains by holding
 * the JIT back (alternated runs at 5,000: tfuser -m 232 ms held against 190 not, tpstree -p 114
 * against 100): its compiler threads were the FTL's.
 */
export const NO_FTL = 'BUN_JSC_useFTLJIT';

export function pacer(runtime: PacedRuntime | undefined, { ftl = true }: { ftl?: boolean } = {}): Pacer {
  let seen = 0;
  let held = false;
  return {
    expectWork(items) {
      if (held || seen >= MANY_ITEMS) return;
      seen += items;
      if (seen >= MANY_ITEMS) runtime?.unsafe?.setJITPolicy?.(JIT_SCALE);
    },
    holdJit() {
      if (held || !ftl) return;
      held = true;
      if (seen >= MANY_ITEMS) runtime?.unsafe?.setJITPolicy?.(START_JIT_SCALE);
    },
  };
}

const thisRun = pacer(bun(), { ftl: process.env[NO_FTL] !== '0' });

/** This run's count: ProcFs adds the processes it lists, openFiles the files of each process. */
export const expectWork = (items: number): void => thisRun.expectWork(items);

/** This run's reader thread started (read-ahead.ts). */
export const holdJit = (): void => thisRun.holdJit();

/** For a walk over `count` processes: a function to call before visiting each. */
export function collectorFor(count: number, runtime: PacedRuntime | undefined = bun()): () => void {
  const gc = runtime?.gc;
  if (count < MANY_ITEMS || gc === undefined) return () => {};
  let visited = 0;
  return () => {
    if (++visited % COLLECT_EVERY === 0) gc.call(runtime, false);
  };
}
