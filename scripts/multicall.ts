// The one executable behind every command (bun build --compile, see build.mjs): each command is a
// link to it, and it runs the command named by the name it was run under (argv[0]), as busybox
// does. Links keep that name in /proc/PID/comm, so ps, pstree and top show `tps`, not `bun`.
// TPROC_RUNTIME=node runs the same command on Node instead: the executable replaces itself
// (execve, same pid) with `node node/<command>.cjs`, found beside its own real path.
import { accessSync, constants, existsSync, readFileSync, writeSync } from 'node:fs';
import { restartBeforeLongWalk } from '../packages/core/src/restart.ts';

export type Commands = Record<string, () => Promise<unknown>>;

/** One line on stderr and an exit status: never a stack trace. */
function fail(name: string, message: string, status: number): void {
  try {
    writeSync(2, `${name}: ${message}\n`);
  } catch {}
  process.exitCode = status;
}

/**
 * Whether descriptor `fd` was closed when we were started. Bun (as Node) opens /dev/null on a
 * closed 0, 1 or 2 before any script runs, and opens it close-on-exec, which no descriptor
 * inherited through execve can be (observed: /proc/self/fdinfo/1 flags 02100002 after `>&-`,
 * 0100001 after `>/dev/null`).
 */
function closedAtStart(fd: number): boolean {
  try {
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & 0o2000000) !== 0;
  } catch {
    return false;
  }
}

/**
 * What a command's entry knows of a command line before the command's modules load (its
 * package.json's `tproc.early` module): whether it walks every process.
 */
export type EarlyChecks = Record<string, (argv: readonly string[]) => boolean>;

export function dispatch(
  commands: Commands,
  walksEveryProcess: EarlyChecks = {},
  restart: () => void = restartBeforeLongWalk,
): void {
  // core's runCommand makes writes to these fail as the references' do (EBADF); under
  // TPROC_RUNTIME=node the list travels to node, which cannot tell itself.
  const closed = [1, 2].filter(closedAtStart);
  if (closed.length > 0) process.env.TPROC_CLOSED_FDS = closed.join(' ');
  else delete process.env.TPROC_CLOSED_FDS;
  // Bun keeps argv[0] as the caller gave it in argv0; process.argv holds the embedded script.
  const invoked = process.argv0;
  const name = invoked.slice(invoked.lastIndexOf('/') + 1);
  // A reference's own name runs ours (a link `ps` to this file is tps): a drop-in under its name.
  const command = [name, `t${name}`].find((n) => Object.hasOwn(commands, n));
  if (command === undefined) {
    const names = Object.keys(commands).join(', ');
    fail(name, `not a command of tproc (${names}): run this file through a link named after one`, 127);
    return;
  }
  // Commands take their name for messages from argv[1] (core's runCommand), as node sets it.
  process.argv[1] = invoked;
  if (process.env.TPROC_RUNTIME === 'node') void runOnNode(command, name, invoked);
  else {
    // A long walk starts again now, not once the command reached it (core's restart.ts).
    if (walksEveryProcess[command]?.(process.argv.slice(2))) restart();
    void commands[command]!();
  }
}

function findInPath(file: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const path = `${dir || '.'}/${file}`;
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  return undefined;
}

async function runOnNode(command: string, name: string, invoked: string): Promise<void> {
  // execPath is this executable's real path (Bun reads /proc/self/exe), whatever link ran it.
  const dir = process.execPath.slice(0, process.execPath.lastIndexOf('/'));
  const script = `${dir}/node/${command}.cjs`;
  if (!existsSync(script)) {
    fail(name, `TPROC_RUNTIME=node: no Node build of ${command} at ${script}`, 126);
    return;
  }
  const node = findInPath('node');
  if (node === undefined) {
    fail(name, 'TPROC_RUNTIME=node: node is not in PATH', 127);
    return;
  }
  const { dlopen, ptr, read } = await import('bun:ffi');
  const { symbols } = dlopen('libc.so.6', {
    execve: { args: ['ptr', 'ptr', 'ptr'], returns: 'i32' },
    __errno_location: { args: [], returns: 'ptr' },
  });
  // NUL-terminated strings and NULL-terminated arrays of their addresses; the Buffers stay
  // referenced here until execve has copied them.
  const strings = (list: string[]) => list.map((s) => Buffer.from(`${s}\0`));
  const pointers = (bufs: Buffer[]) => BigUint64Array.from([...bufs.map((b) => BigInt(ptr(b))), 0n]);
  const env = { ...process.env, TPROC_ARGV0: invoked };
  const argv = strings([node, script, ...process.argv.slice(2)]);
  const envp = strings(Object.entries(env).map(([k, v]) => `${k}=${v ?? ''}`));
  const path = Buffer.from(`${node}\0`);
  symbols.execve(ptr(path), ptr(pointers(argv)), ptr(pointers(envp)));
  const errno = read.i32(Number(symbols.__errno_location()), 0);
  fail(name, `TPROC_RUNTIME=node: cannot run ${node} (errno ${errno})`, 126);
}
