// tproc who on a mount of its own: each case runs in a PID and mount namespace of its own (we are
// root), where a tmpfs is mounted on ./mnt, so that --kill can only reach the case's processes.
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../zoo/compare.ts';
import { runInPidNamespace } from '../zoo/pidns.ts';

const TPROC = `${repoRoot}/bin/tproc`;

// Two users of the mount (a cwd there, a file there open on fd 0) and one process elsewhere.
const SETUP = `
mkdir mnt && mount -t tmpfs tproc-test mnt && echo data > mnt/file
(cd mnt && exec sleep 100000) & incwd=$!
sleep 100000 < mnt/file & holder=$!
sleep 100000 & outside=$!
spin has_comm $incwd sleep; spin has_comm $holder sleep; spin has_comm $outside sleep
alive() { for p in "$@"; do if [ -e /proc/$p/stat ] && ! grep -q ') Z' /proc/$p/stat; then echo "$p alive"; else echo "$p gone"; fi; done; }
`;

const run = (script: string) => runInPidNamespace(SETUP + script, [TPROC], { timeoutMs: 30_000 });

describe.concurrent('tproc who', () => {
  it('finds the users of a mount by mount id, and of one file by inode', async () => {
    const r = await run(`echo "pids $incwd $holder $outside"
"$1" who mnt --json; echo "status $?"
"$1" who mnt/file --json`);
    expect(r.stderr).toBe('');
    const [head, ...rest] = r.stdout.split('\n');
    const [incwd, holder] = head!.split(' ').slice(1).map(Number);
    const text = rest.join('\n');
    const mount = JSON.parse(text.slice(0, text.indexOf('status'))) as Record<string, unknown>;
    expect(mount).toMatchObject({ path: 'mnt', is_mount_point: true });
    const users = (mount.processes as { pid: number; access: string }[]).map((p) => [p.pid, p.access]);
    expect(users).toEqual([
      [incwd, 'c'],
      [holder, 'f'],
    ]);
    expect(text).toContain('status 0');
    const file = JSON.parse(text.slice(text.indexOf('status 0') + 9)) as {
      is_mount_point: boolean;
      processes: { pid: number }[];
    };
    expect(file.is_mount_point).toBe(false);
    expect(file.processes.map((p) => p.pid)).toEqual([holder]);
  });

  it('--kill ends the users of the mount and no one else', async () => {
    const r = await run(`"$1" who --kill mnt; echo "status $?"
alive $incwd $holder $outside`);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(/^ended: \d+ sleep 100000 \(uses mnt \(c\)\) SIGTERM$/),
      expect.stringMatching(/^ended: \d+ sleep 100000 \(uses mnt \(f\)\) SIGTERM$/),
    ]);
    expect(lines.slice(2)).toEqual([
      'status 0',
      expect.stringMatching(/ gone$/),
      expect.stringMatching(/ gone$/),
      expect.stringMatching(/ alive$/),
    ]);
  });

  it('--kill refuses / and a path that is not a mount point, unless --force', async () => {
    const r = await run(`"$1" who --kill /; echo "status $?"
"$1" who --kill mnt/file; echo "status $?"
alive $incwd $holder $outside
"$1" who --kill --force mnt/file; echo "status $?"
alive $holder`);
    expect(r.stderr).toBe(
      "tproc: refusing --kill on '/' (every process uses it; --force to insist)\n" +
        "tproc: refusing --kill on 'mnt/file': not a mount point (--force to signal the users of this one file)\n",
    );
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'status 2',
      'status 2',
      expect.stringMatching(/ alive$/),
      expect.stringMatching(/ alive$/),
      expect.stringMatching(/ alive$/),
    ]);
    expect(lines.slice(5)).toEqual([
      expect.stringMatching(/^ended: \d+ sleep 100000 \(uses mnt\/file \(f\)\) SIGTERM$/),
      'status 0',
      expect.stringMatching(/ gone$/),
    ]);
  });
});
