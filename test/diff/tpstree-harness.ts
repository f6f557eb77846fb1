// Shared by the tpstree differential tests: how many comparisons run at once.

/** Comparisons in flight per test file: each is two short-lived processes, mostly waiting on /proc. */
export const CONCURRENCY = 8;

/** Runs the tasks given to the returned function at most `concurrency` at a time, in order. */
export function limiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    if (running >= concurrency) return;
    const start = waiting.shift();
    if (start) {
      running++;
      start();
    }
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            next();
          });
      });
      next();
    });
}
