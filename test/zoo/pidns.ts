// Destructive tests run in a fresh PID namespace (we are root): the script is pid 1 there, it starts
// its own victims, and nothing outside can be signalled by mistake. Pids inside are deterministic
// as long as the script forks the same number of times before the command under test (the prelude
// only forks a fixed number of times), so two runs of one script can be compared line for line.
// Only up to the first command under test: node's threads take pids too, so after one of ours has
// run, the two sides' pids differ (compare them by label, not by value).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from './cleanup.ts';
import { type CompareOptions, type Comparison, comparePair, resolveOurs } from './compare.ts';
import { type Run, type RunOptions, run } from './run.ts';

/**
 * Shell functions available to every namespace script:
 * - `start [-a ARGV0] PATH [ARG...]`: starts PATH in its own session (as `setsid`; `-a` as bash's
 *   `exec -a`), sets $last to its pid, and returns once it has exec'd (its comm and command line
 *   may still be a moment from showing the new ones: spin on has_comm/has_args).
 * - `victim NAME [ARG...]`: copies sleep to ./NAME (once), starts it in its own session with ARGs
 *   (default 100000), waits until it has exec'd (comm and command line both new), sets $last to
 *   its pid and appends it to $victims.
 * - `report`: once every victim has handled its pending signals, and after a short settle, prints
 *   one line per victim: `<pid> <name> signal <n>`, `exit <n>`, `stopped` or `alive`. (The shell
 *   may already have reaped a dead victim while it waited for a foreground command; `wait` still
 *   knows its status.)
 * - `spin CMD...`: busy-waits until CMD succeeds, without forking (so pids stay deterministic)
 *   unless CMD forks; after SPIN_TRIES tries it prints SPIN_FAILED and the command on stderr and
 *   ends the whole script (runInPidNamespace then throws), so a stuck wait cannot spin forever.
 * - `has_comm PID NAME`, `has_args PID TEXT` (the command line with its NULs dropped, as `read`
 *   gives it), `has_zombie`: fork-free checks to spin on.
 * - `skip_low_pids`: the next process gets pid 301, so that no victim pid reads like a signal
 *   number (a write to ns_last_pid, man 5 proc, instead of 300 forks: a process start costs
 *   ~2 ms of CPU on this machine).
 */
export const SPIN_FAILED = 'spin: gave up waiting for:';
// About 25 s of one core for a fork-free check; a forking check should pass a smaller count.
const SPIN_TRIES = 1_000_000;

export const nsPrelude = `
victims=''
skip_low_pids() { echo 300 > /proc/sys/kernel/ns_last_pid; }
spin() {
  tries=${SPIN_TRIES}
  if [ "$1" = -n ]; then tries=$2; shift 2; fi
  spins=0
  until "$@"; do
    spins=$((spins + 1))
    if [ $spins -ge $tries ]; then echo "${SPIN_FAILED} $*" >&2; exit 124; fi
  done
}
# sh has no locals: a name of their own, so that a script's $c survives them.
has_comm() { IFS= read -r _has < /proc/$1/comm && [ "$_has" = "$2" ]; } 2>/dev/null
has_args() { IFS= read -r _has < /proc/$1/cmdline; [ "$_has" = "$2" ]; } 2>/dev/null
has_zombie() {
  for f in /proc/[0-9]*/stat; do
    IFS= read -r s < $f || continue
    s=\${s##*) }
    [ "\${s%% *}" = Z ] && return 0
  done
  return 1
} 2>/dev/null
# Started by the helper (see execHelper) holding the FIFO's write end: reading it ends at the
# exec, with no busy wait (which on 2 cores held the CPU the process needed to exec).
start() {
  "$TPROC_NS_EXEC" "$@" 9>"$TPROC_NS_FIFO" &
  last=$!
  read -r _sync < "$TPROC_NS_FIFO"
}
victim() {
  name=$1; shift
  [ $# -gt 0 ] || set -- 100000
  [ -x "./$name" ] || cp /usr/bin/sleep "./$name"
  comm=$name
  while [ \${#comm} -gt 15 ]; do comm=\${comm%?}; done
  start "./$name" "$@"
  victims="$victims $!"
  eval "victim_$!=\\$name"
  spin has_comm $! "$comm"
  # comm changes before the new command line can be read (empty meanwhile): wait for that too.
  _vargs="./$name"
  for _va in "$@"; do _vargs="$_vargs$_va"; done
  spin has_args $! "$_vargs"
}
# A victim has handled what it was sent: it is gone, a zombie, stopped, or has no signal pending.
settled() {
  [ -e /proc/$1/status ] || return 0
  while IFS=: read -r key value; do
    case $key in
      State) case $value in *[ZT]*) return 0 ;; esac ;;
      SigPnd|ShdPnd) case $value in *[1-9a-f]*) return 1 ;; esac ;;
    esac
  done < /proc/$1/status
  return 0
} 2>/dev/null
report() {
  # A loaded machine may not have run a victim since it was signalled: wait for that first.
  [ -n "$victims" ] || return 0
  for v in $victims; do spin -n 100000 settled $v; done
  sleep 0.05
  for v in $victims; do
    eval "name=\\$victim_$v"
    state=gone
    if [ -e /proc/$v/stat ]; then IFS= read -r state < /proc/$v/stat; state=\${state##*) }; fi
    case \${state%% *} in
      Z|gone) wait $v; s=$?; if [ $s -gt 128 ]; then echo "$v $name signal $((s - 128))"; else echo "$v $name exit $s"; fi ;;
      T) echo "$v $name stopped" ;;
      *) echo "$v $name alive" ;;
    esac
  done
}
`;

/**
 * `start`'s helper: a new session (as setsid(1)), then exec of its arguments (`-a NAME`: with
 * NAME as argv[0], as bash's exec -a) with fd 9 closed on exec, so that whoever reads the other
 * end of fd 9 sees end-of-file when that exec happens. Compiled once per source text, into a
 * directory every run shares.
 */
const EXEC_HELPER = `#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  char *name = NULL;
  if (argc > 2 && strcmp(argv[1], "-a") == 0) { name = argv[2]; argv += 2; argc -= 2; }
  if (argc < 2) return 127;
  fcntl(9, F_SETFD, FD_CLOEXEC);
  setsid();
  char *path = argv[1];
  if (name) argv[1] = name;
  execv(path, argv + 1);
  perror(path);
  return 127;
}
`;

function execHelper(): string {
  const hash = createHash('sha256').update(EXEC_HELPER).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `tproc-ns-exec-${hash}`);
  const bin = join(dir, 'start-victim');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  // Every vitest worker is pid 2 of its own namespace: a name of its own to build under.
  const build = mkdtempSync(join(dir, 'build-'));
  writeFileSync(join(build, 'start-victim.c'), EXEC_HELPER);
  execFileSync('cc', ['-O', '-o', join(build, 'start-victim'), join(build, 'start-victim.c')]);
  renameSync(join(build, 'start-victim'), bin);
  removeDir(build);
  return bin;
}

/**
 * Runs `sh -c <nsPrelude + script> sh ...args` as pid 1 of a new PID namespace with its own /proc,
 * in a fresh temp dir as cwd (unless opts.cwd). In the script, "$@" is args.
 */
export async function runInPidNamespace(script: string, args: string[] = [], opts: RunOptions = {}): Promise<Run> {
  const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), 'tproc-ns-'));
  // The script's own exit status, written by an EXIT trap as its last act: a namespace that never
  // ran the script (unshare failed), or a script killed before its end (a timeout), leaves none,
  // and that is an error here rather than two equally empty outputs compared as equal.
  const statusDir = mkdtempSync(join(tmpdir(), 'tproc-ns-status-'));
  const statusFile = join(statusDir, 'status');
  const fifo = join(statusDir, 'started');
  try {
    // Through the runner: a synchronous spawn here would stall every other case of the worker.
    const made = await run(['mkfifo', fifo]);
    if (made.status !== 0) throw new Error(`mkfifo ${fifo}: ${made.stderr}`);
    // --kill-child: when unshare is killed (a run that timed out), its pid 1 and with it the whole
    // namespace go too, instead of living on as an orphan. setsid: a process group of its own, so
    // that kill(0) or `kill -- -0` in a case cannot reach the test runner's group outside.
    const unshare = ['setsid', '--wait', 'unshare', '--pid', '--fork', '--kill-child', '--mount-proc'];
    // The path comes in the environment, so that the command line of pid 1 (which a case may
    // list) is the same in every run.
    const trap = `trap 'echo $? > "$TPROC_NS_STATUS"' EXIT\n`;
    const result = await run([...unshare, 'sh', '-c', trap + nsPrelude + script, 'sh', ...args], {
      ...opts,
      env: { ...opts.env, TPROC_NS_STATUS: statusFile, TPROC_NS_FIFO: fifo, TPROC_NS_EXEC: execHelper() },
      cwd,
    });
    if (result.stderr.includes(SPIN_FAILED)) throw new Error(`namespace script stuck:\n${result.stderr}`);
    checkFinished(result, existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : undefined);
    return result;
  } finally {
    removeDir(statusDir);
    if (opts.cwd === undefined) removeDir(cwd);
  }
}

/**
 * Throws unless the namespace script ran to its end: `recorded` is what its EXIT trap wrote (its
 * exit status), undefined when it wrote nothing; unshare must then have exited with that status.
 */
export function checkFinished(result: Run, recorded: string | undefined): void {
  const how = result.signal ? `signal ${result.signal}` : `status ${result.status}`;
  if (recorded === undefined) {
    throw new Error(`namespace script did not run to its end (unshare: ${how}):\n${result.stderr}`);
  }
  if (Number(recorded) !== result.status) {
    throw new Error(`unshare ended with ${how}, its script with status ${recorded.trim()}:\n${result.stderr}`);
  }
}

/**
 * Runs script once with "$@" = referenceArgv and once with "$@" = ourArgv (resolved as compare()
 * does), each in its own namespace and temp dir, and compares the two runs.
 */
export async function compareInPidNs(
  script: string,
  referenceArgv: string[],
  ourArgv: string[],
  opts: CompareOptions = {},
): Promise<Comparison> {
  const ourPath = resolveOurs(ourArgv[0] ?? '', opts.ourBin);
  // Both runs use the same directory, in case its path or inode shows up in the output (lsof's
  // cwd line): emptied between the runs, not made anew, since another worker may take the inode.
  const base = opts.cwd ?? mkdtempSync(join(tmpdir(), 'tproc-ns-'));
  const cwd = join(base, 'ns');
  mkdirSync(cwd);
  const inEmptyDir = async (argv: string[]) => {
    try {
      return await runInPidNamespace(script, argv, { ...opts, cwd });
    } finally {
      for (const entry of readdirSync(cwd)) removeDir(join(cwd, entry));
    }
  };
  const reference = await inEmptyDir(referenceArgv);
  const ours = await inEmptyDir([ourPath, ...ourArgv.slice(1)]);
  removeDir(opts.cwd === undefined ? base : cwd);
  return comparePair(reference, ours, referenceArgv[0] ?? '', ourArgv[0] ?? '', ourPath, opts);
}
