// Our commands for cases that run them as another user (nobody): the checkout may lie in a
// private directory (mode 700, as root's home does), where that user cannot reach bin/. A copy of
// the executable, linked under the command's name in a directory anyone can enter, runs the
// same build.
import { chmodSync, copyFileSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atExit, removeDir } from './cleanup.ts';
import { repoRoot } from './compare.ts';

let dir: string | undefined;

function reachableDir(): string {
  if (dir === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'tproc-reachable-'));
    chmodSync(made, 0o755);
    atExit(() => removeDir(made));
    dir = made;
  }
  return dir;
}

/**
 * Path of our `command` that every user can run: a link under its name to one copy of the
 * executable (it runs the command it is called by); removed when the process exits.
 */
export function reachableCommand(command: string): string {
  const executable = join(reachableDir(), 'multicall');
  if (!existsSync(executable)) {
    copyFileSync(`${repoRoot}/dist/tproc/multicall`, executable);
    chmodSync(executable, 0o755);
  }
  const link = join(reachableDir(), command);
  if (!existsSync(link)) symlinkSync('multicall', link);
  return link;
}

/** The same for the command's Node build (dist/tproc/node/<command>.cjs). */
export function reachableNodeBuild(command: string): string {
  const copy = join(reachableDir(), `${command}.cjs`);
  copyFileSync(`${repoRoot}/dist/tproc/node/${command}.cjs`, copy);
  chmodSync(copy, 0o755);
  return copy;
}
