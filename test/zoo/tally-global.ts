// vitest globalSetup: gives every test file a directory for its tally (tally-setup.ts), then adds
// the tallies up, prints how many cases each tool compared and the retries on timing, and fails
// the run (exit status 1) when the retries exceed the budget.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { addTallies, summarise, type Tally } from './tally.ts';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tproc-tally-'));
  project.provide('tallyDir', dir);
  return () => {
    const tallies = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Tally);
    rmSync(dir, { recursive: true, force: true });
    // A project that compared nothing (unit tests only) has nothing to say.
    if (tallies.length === 0) return;
    const { text, over } = summarise(addTallies(tallies));
    console.log(`\n${text}`);
    if (over) process.exitCode = 1;
  };
}
