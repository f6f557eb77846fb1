// What the differential suite compared, per tool, and every retry on timing it took. Each test
// file counts in its own worker; tally-setup.ts writes the file's counts when it ends, and
// tally-global.ts (vitest's globalSetup) adds them up, prints them, and fails the run when the
// retries exceed RETRY_BUDGET: a retry may absorb a clock tick between two runs, never hide a
// difference that shows every time.
import { basename } from 'node:path';

/** Retries on timing allowed in one whole run, over every test file. */
export const RETRY_BUDGET = 3;

export interface Tally {
  /** Cases compared (ours against the reference), by our tool's name. */
  compared: Record<string, number>;
  /** One entry per retry: what was retried and why. */
  retries: string[];
}

let tally: Tally = { compared: {}, retries: [] };

/** Counts `n` cases compared for our tool `name` (a path is reduced to its basename). */
export function countCompared(name: string, n = 1): void {
  const tool = basename(name);
  tally.compared[tool] = (tally.compared[tool] ?? 0) + n;
}

/** Records one retry of `what`. */
export function countRetry(what: string): void {
  tally.retries.push(what);
}

/** This worker's tally since the last call, which starts a new one. */
export function takeTally(): Tally {
  const taken = tally;
  tally = { compared: {}, retries: [] };
  return taken;
}

/**
 * Runs attempt up to `tries` times until it reports success, counting every retry (see
 * RETRY_BUDGET). For comparisons that truly race the clock (the real /proc/uptime), nothing else.
 */
export async function retryOnTiming<T>(
  what: string,
  tries: number,
  attempt: () => Promise<T>,
  ok: (result: T) => boolean,
): Promise<T> {
  let result = await attempt();
  for (let i = 1; i < tries && !ok(result); i++) {
    countRetry(what);
    result = await attempt();
  }
  return result;
}

/** Adds tallies up. */
export function addTallies(tallies: Tally[]): Tally {
  const sum: Tally = { compared: {}, retries: [] };
  for (const t of tallies) {
    for (const [tool, n] of Object.entries(t.compared)) sum.compared[tool] = (sum.compared[tool] ?? 0) + n;
    sum.retries.push(...t.retries);
  }
  return sum;
}

/** The summary printed after the run; `over` is true when the retries exceed the budget. */
export function summarise(t: Tally): { text: string; over: boolean } {
  const tools = Object.keys(t.compared).sort();
  const lines = ['Differential cases compared, per tool:'];
  for (const tool of tools) lines.push(`  ${tool.padEnd(10)} ${String(t.compared[tool]).padStart(6)}`);
  if (tools.length === 0) lines.push('  (none)');
  const total = tools.reduce((n, tool) => n + (t.compared[tool] ?? 0), 0);
  lines.push(`  ${'total'.padEnd(10)} ${String(total).padStart(6)}`);
  const over = t.retries.length > RETRY_BUDGET;
  lines.push(
    `Retries on timing: ${t.retries.length} (budget ${RETRY_BUDGET})${over ? ': OVER BUDGET, run failed' : ''}`,
  );
  for (const r of t.retries) lines.push(`  retried: ${r}`);
  return { text: lines.join('\n'), over };
}
