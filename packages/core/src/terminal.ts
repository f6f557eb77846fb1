// Terminals: the size of the controlling one, and whether the terminal database knows a TERM.
import { closeSync, existsSync, openSync } from 'node:fs';

export interface TerminalSize {
  cols: number;
  rows: number;
}

/**
 * The size of the terminal on stdout, when stdout is one (0 for what it does not report). Asking
 * node for it loads node:tty: call it only then.
 */
export function stdoutTerminalSize(): TerminalSize {
  return { cols: process.stdout.columns ?? 0, rows: process.stdout.rows ?? 0 };
}

/**
 * The size of the controlling terminal (/dev/tty), whether or not a descriptor is on it (ps asks
 * it so, observed); undefined without one. node:tty (about 25 ms to load) is taken only when
 * called, through getBuiltinModule: a command bundle runs as a vm.Script, where import() fails.
 */
export function controllingTerminalSize(): TerminalSize | undefined {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  const { WriteStream } = process.getBuiltinModule('node:tty');
  let stream: InstanceType<typeof WriteStream> | undefined;
  try {
    stream = new WriteStream(fd);
    const [cols = 0, rows = 0] = stream.getWindowSize();
    return { cols, rows };
  } catch {
    return undefined;
  } finally {
    if (stream) stream.destroy();
    else closeSync(fd);
  }
}

/** Where ncurses looks for a compiled entry: $TERMINFO, ~/.terminfo, $TERMINFO_DIRS, then the system's. */
function terminfoDirs(env: Record<string, string | undefined>): string[] {
  const dirs: string[] = [];
  if (env.TERMINFO) dirs.push(env.TERMINFO);
  if (env.HOME) dirs.push(`${env.HOME}/.terminfo`);
  for (const d of (env.TERMINFO_DIRS ?? '').split(':')) if (d) dirs.push(d);
  dirs.push('/etc/terminfo', '/lib/terminfo', '/usr/share/terminfo');
  return dirs;
}

/** Whether the terminal database has an entry for `term` (`x/xterm`, or `78/xterm` on some systems). */
export function hasTerminfo(term: string, env: Record<string, string | undefined>): boolean {
  if (term === '' || term.includes('/')) return false;
  const first = term[0] as string;
  const hex = term.charCodeAt(0).toString(16);
  return terminfoDirs(env).some((d) => existsSync(`${d}/${first}/${term}`) || existsSync(`${d}/${hex}/${term}`));
}
