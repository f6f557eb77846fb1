// tlsof never hangs: a FUSE file system (test/diff/fixtures/stuckfs.c, no libfuse needed) serves a
// file, a process opens it and makes its directory its cwd, then the server stops reading
// requests, so any stat of them blocks in the kernel, as on a dead NFS or FUSE server. All of it
// happens in a mount namespace of its own, so nothing else on the machine meets the dead mount.
// lsof 4.95 itself hangs here (observed: lsof -S 2 still waiting after 60 s); tlsof must finish
// within -S per blocked mount, with what mountinfo and fdinfo tell of the files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir } from '../zoo/cleanup.ts';
import { repoRoot } from '../zoo/compare.ts';
import { run } from '../zoo/run.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tproc-stuckfs-'));
  mkdirSync(join(dir, 'mnt'));
  execFileSync('cc', ['-O', '-o', join(dir, 'stuckfs'), join(repoRoot, 'test/diff/fixtures/stuckfs.c')]);
});
afterAll(() => removeDir(dir));

/** Mounts, holds, freezes, runs tlsof -S 2 on the holder, then lets everything go. */
const script = `
cd "$1"
./stuckfs "$1/mnt" > fs.out & FS=$!
i=0; until grep -q mounted fs.out; do sleep 0.1; i=$((i+1)); [ $i -gt 100 ] && { echo no mount >&2; exit 9; }; done
grep fuse /proc/self/mountinfo | cut -d' ' -f3 > dev.out
(cd "$1/mnt" && exec sleep 100000 < "$1/mnt/file") & HOLD=$!
sleep 0.5
kill -USR1 $FS; sleep 0.3
start=$(date +%s%N)
timeout -k 1 30 "$2" -S 2 -p $HOLD > tlsof.out 2> tlsof.err; echo $? > status.out
echo $(( ($(date +%s%N) - start) / 1000000 )) > ms.out
kill -9 $HOLD $FS; wait
umount -l "$1/mnt"
`;

describe('tlsof on a file system that never answers', () => {
  it('gives up each blocked stat after -S seconds', async () => {
    expect(existsSync('/dev/fuse')).toBe(true);
    const r = await run(
      ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', dir, join(repoRoot, 'bin/tlsof')],
      {
        timeoutMs: 60_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const out = readFileSync(join(dir, 'tlsof.out'), 'utf8');
    const [major, minor] = readFileSync(join(dir, 'dev.out'), 'utf8').trim().split(':');
    expect(readFileSync(join(dir, 'status.out'), 'utf8').trim()).toBe('0');
    // One 2 s timeout: the second file on the dead mount fails at once.
    expect(Number(readFileSync(join(dir, 'ms.out'), 'utf8'))).toBeLessThan(10_000);
    expect(out).toMatch(/ cwd +unknown +\S*mnt \(stat: Connection timed out\)\n/);
    expect(out).toMatch(
      new RegExp(` 0r +unknown +${major},${minor} +2 \\S*mnt/file \\(stat: Connection timed out\\)\\n`),
    );
    expect(out).toMatch(/ txt +REG /);
  }, 90_000);
});
