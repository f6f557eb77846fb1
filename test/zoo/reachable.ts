// Our commands for cases that run them as another user (nobody): the checkout may lie in a
// private directory (mode 700, as root's home does), where that user cannot reach bin/. A copy of
// the build in a directory anyone can enter runs the same code (nobody.ts copies the executable).
import { chmodSync, copyFileSync, mkdtempSync } from 'node:fs';
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

/** Path of a copy of the command's Node build (dist/tproc/node/<command>.cjs) every user can run; removed when the process exits. */
export function reachableNodeBuild(command: string): string {
  const copy = join(reachableDir(), `${command}.cjs`);
  copyFileSync(`${repoRoot}/dist/tproc/node/${command}.cjs`, copy);
  chmodSync(copy, 0o755);
  return copy;
}
