// Running both sides of a comparison as the unprivileged user `nobody`, to see what each shows
// of processes it may not inspect (environ, io, exe, cwd, smaps, ns links are denied).
//
// The checkout may sit where nobody cannot reach (a worktree under /root, mode 700), so the
// commands are copied, with the layout bin/ -> dist/ of the checkout, into a world-readable
// directory of their own under the system temp dir; `nobodyBin` checks that nobody can run them.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './compare.ts';
import { run } from './run.ts';

/** argv prefix that runs a command as nobody:nogroup with no supplementary groups. */
export const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];

export interface NobodyBin {
  /** The path of our command `name` (`tps`, `tpgrep`...) in the copy. */
  path(name: string): string;
  remove(): void;
}

/**
 * Copies the built commands of `packages` (bundle, launcher, code cache, timestamps kept so the
 * cache stays valid) to a fresh directory readable by all, links bin/<command> to each as the
 * checkout does, and checks that nobody can run every command (`-V`: status 0 or, for pidof's
 * which prints nothing, 1; nothing on stderr). Modules
 * the bundles leave out (koffi) are not copied: what runs as nobody must not need them.
 */
export async function nobodyBin(packages: string[]): Promise<NobodyBin> {
  const dir = mkdtempSync(join(tmpdir(), 'tproc-nobody-'));
  try {
    mkdirSync(join(dir, 'bin'));
    const names: string[] = [];
    for (const pkg of packages) {
      const dist = join(repoRoot, 'packages', pkg, 'dist');
      const target = join(dir, pkg);
      cpSync(dist, target, { recursive: true, preserveTimestamps: true });
      for (const file of readdirSync(target)) {
        const launcher = file.match(/^([a-z]+)\.cjs$/)?.[1];
        if (launcher && !file.includes('.bundle.')) {
          symlinkSync(`../${pkg}/${file}`, join(dir, 'bin', launcher));
          names.push(launcher);
        }
      }
    }
    for (const sub of ['', 'bin', ...packages]) chmodSync(join(dir, sub), 0o755);
    for (const name of names) {
      const r = await run([...AS_NOBODY, join(dir, 'bin', name), '-V']);
      if ((r.status !== 0 && r.status !== 1) || r.stderr !== '')
        throw new Error(`nobody cannot run ${name} copied to ${dir}: ${r.stderr}`);
    }
    return { path: (name) => join(dir, 'bin', name), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
