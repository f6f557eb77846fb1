// Running both sides of a comparison as the unprivileged user `nobody`, to see what each shows
// of processes it may not inspect (environ, io, exe, cwd, smaps, ns links are denied).
import { reachableCommand } from './reachable.ts';
import { run } from './run.ts';

/** argv prefix that runs a command as nobody:nogroup with no supplementary groups. */
export const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];

export interface NobodyBin {
  /** The path of our command `name` (`tps`, `tpgrep`...) that nobody can run. */
  path(name: string): string;
}

/**
 * Our `commands` where nobody can reach them (reachable.ts: the checkout may be private), after
 * checking that nobody runs each (`-V`: status 0 or, for pidof's which prints nothing, 1; nothing
 * on stderr).
 */
export async function nobodyBin(commands: string[]): Promise<NobodyBin> {
  const paths = new Map(commands.map((name) => [name, reachableCommand(name)]));
  for (const [name, path] of paths) {
    const r = await run([...AS_NOBODY, path, '-V']);
    if ((r.status !== 0 && r.status !== 1) || r.stderr !== '')
      throw new Error(`nobody cannot run ${name} at ${path}: ${r.stderr}`);
  }
  return {
    path: (name) => {
      const path = paths.get(name);
      if (path === undefined) throw new Error(`${name} was not made reachable`);
      return path;
    },
  };
}
