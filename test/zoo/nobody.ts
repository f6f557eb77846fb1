// Running both sides of a comparison as the unprivileged user `nobody`, to see what each shows
// of processes it may not inspect (environ, io, exe, cwd, smaps, ns links are denied).
//
// The checkout may sit where nobody cannot reach (a worktree under /root, mode 700), so the
// commands are copied, with the layout bin/ -> dist/ of the checkout, into a world-readable
// directory of their own under the system temp dir; `nobodyBin` checks that nobody can run them.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './compare.ts';
import { bunPath } from '../../scripts/bun.mjs';
import { RUNNER_SCRIPT, type Run, type RunOptions, Runner, run } from './run.ts';

/** argv prefix that runs a command as nobody:nogroup with no supplementary groups. */
export const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];

export interface NobodyBin {
  /** The path of our command `name` (`tps`, `tpgrep`...) in the copy. */
  path(name: string): string;
  /**
   * Runs `command`'s main() on args in a runner (runner.ts) that runs as nobody, in-process as
   * runMain does as root: the runner, bundled into the copy, runs on the copy's executable as Bun
   * (BUN_BE_BUN), started on first use.
   */
  runMain(command: string, args: string[], opts?: RunOptions): Promise<Run>;
  remove(): void;
}

/**
 * Copies the build (dist/tproc: the multi-call executable and the Node bundles) to a fresh
 * directory readable by all, links bin/<command> to it for each command of `packages` as the
 * checkout does, and checks that nobody can run every command (`-V`: status 0 or, for pidof's
 * which prints nothing, 1; nothing on stderr but the version line).
 */
export async function nobodyBin(packages: string[]): Promise<NobodyBin> {
  const dir = mkdtempSync(join(tmpdir(), 'tproc-nobody-'));
  try {
    mkdirSync(join(dir, 'bin'));
    cpSync(join(repoRoot, 'dist', 'tproc'), join(dir, 'tproc'), { recursive: true, preserveTimestamps: true });
    const names: string[] = [];
    for (const pkg of packages) {
      const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', pkg, 'package.json'), 'utf8'));
      for (const name of Object.keys(manifest.tproc?.commands ?? {})) {
        symlinkSync('../tproc/multicall', join(dir, 'bin', name));
        names.push(name);
      }
    }
    chmodTree(dir);
    for (const name of names) {
      const r = await run([...AS_NOBODY, join(dir, 'bin', name), '-V']);
      // psmisc's and lsof's -V write to stderr (tfuser's too): its one line names tproc.
      if ((r.status !== 0 && r.status !== 1) || (r.stderr !== '' && !/^\S+ from tproc \S+\n$/.test(r.stderr)))
        throw new Error(`nobody cannot run ${name} copied to ${dir}: ${r.stderr}`);
    }
    let runner: Promise<Runner> | undefined;
    const startRunner = async (): Promise<Runner> => {
      const bundle = join(dir, 'runner.js');
      const built = await run([
        bunPath(),
        'build',
        RUNNER_SCRIPT,
        '--target=bun',
        '--external=koffi',
        `--outfile=${bundle}`,
      ]);
      if (built.status !== 0) throw new Error(`bundling the runner for nobody: ${built.stderr}`);
      chmodSync(bundle, 0o644);
      return new Runner([...AS_NOBODY, 'env', 'BUN_BE_BUN=1', join(dir, 'tproc', 'multicall'), bundle]);
    };
    return {
      path: (name) => join(dir, 'bin', name),
      runMain: async (command, args, opts = {}) => {
        runner ??= startRunner();
        return (await runner).run([command, ...args], opts, command);
      },
      remove: () => {
        runner?.then((r) => r.stop()).catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Directories 0755, files readable by all (executables stay executable). */
function chmodTree(path: string): void {
  chmodSync(path, 0o755);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) chmodTree(full);
    else if (entry.isFile()) chmodSync(full, 0o755);
  }
}
