// Failed writes, every command against its reference: a reader gone (EPIPE), a full device
// (ENOSPC, /dev/full), a stdout closed at start (`>&-`), the same on stderr, and the read-write
// /dev/null that daemon(3) leaves on all three descriptors (which is open, not closed).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { renameProgram } from '../zoo/compare.ts';
import { lineDiff } from '../zoo/diff.ts';
import { runInPidNamespace } from '../zoo/pidns.ts';
import { run } from '../zoo/run.ts';

const repo = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tproc-epipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A process whose command line (argv[0], 5,000 bytes) makes a line longer than stdio's buffer:
// whether ps and pgrep name the error then depends on what stdio holds at exit (stdio-buffer.ts).
const LONG = join(dir, 'tproc-long');
copyFileSync('/usr/bin/sleep', LONG);

const OURS: Record<string, string> = {
  ps: 'tps',
  pstree: 'tpstree',
  '/usr/bin/kill': 'tkill',
  killall: 'tkillall',
  pidof: 'tpidof',
  pgrep: 'tpgrep',
  pkill: 'tpkill',
};

/**
 * How each case runs `$cmd`; it leaves the status in s$i and, where stderr is not the stream under
 * test, stderr in e$i. `pipe`: the command writes to FIFO f$i, whose only reader (opened first, so
 * that the writer's open does not block) is closed before the command starts, so the first write
 * meets EPIPE whatever the output's size. (An anonymous pipe `{ ...; } | { exec 0<&-; ...; }` left
 * a race: the shell that forks both sides holds the read end a moment longer, and a fast
 * reference's write sometimes got there first, observed under load: pstree --foo then exits 1.)
 */
const MODES = {
  pipe: '{ exec 3<>f$i 4>f$i 3<&-; $cmd >&4 4>&- 2>e$i; echo $? >s$i; }',
  full: '$cmd >/dev/full 2>e$i; echo $? >s$i',
  closed: '$cmd >&- 2>e$i; echo $? >s$i',
  devnull: '$cmd >/dev/null 2>e$i; echo $? >s$i',
  daemon: '$cmd <>/dev/null >&0 2>&0; echo $? >s$i',
  errPipe: '{ exec 3<>f$i 4>f$i 3<&-; $cmd 2>&4 >/dev/null 4>&-; echo $? >s$i; }',
  errFull: '$cmd 2>/dev/full >/dev/null; echo $? >s$i',
  errClosed: '$cmd 2>&- >/dev/null; echo $? >s$i',
} as const;
type Mode = keyof typeof MODES;

const OUTPUT: Mode[] = ['pipe', 'full', 'closed'];
const ERRORS: Mode[] = ['errPipe', 'errFull', 'errClosed'];

// Commands that write to stdout (version texts included: only stderr and the status are
// compared), and commands that write to stderr.
const cases: [string, Mode[]][] = [
  ['ps -ef', [...OUTPUT, 'devnull', 'daemon']],
  ['ps -p 99999999', OUTPUT],
  ['ps --version', OUTPUT],
  ['pstree -p', [...OUTPUT, 'devnull', 'daemon']],
  ['/usr/bin/kill -L', [...OUTPUT, 'devnull']],
  ['/usr/bin/kill -V', OUTPUT],
  ['killall -l', [...OUTPUT, 'devnull']],
  ['pidof bash', [...OUTPUT, 'devnull']],
  ['pidof nosuchcommandname', OUTPUT],
  ['pgrep -a .', [...OUTPUT, 'devnull', 'daemon']],
  ['pgrep -x nosuchcommandname', OUTPUT],
  ['pgrep -V', OUTPUT],
  ['ps -o args= -C tproc-long', OUTPUT],
  ['ps -o args= -C tproc-long,bash', OUTPUT],
  ['pgrep -a tproc-long', OUTPUT],
  ['pkill -V', OUTPUT],
  ['ps --foo', ERRORS],
  ['ps --info', ERRORS],
  ['pstree --foo', ERRORS],
  ['/usr/bin/kill -foo', ERRORS],
  ['killall', ERRORS],
  ['pgrep --foo', ERRORS],
  ['pkill --foo', ERRORS],
];
const runs = cases.flatMap(([command, modes]) => modes.map((mode) => ({ command, mode })));

/** Cases whose output lists processes: run one at a time, before the others. */
const LISTS = /^(ps -ef|ps -o args=|pstree|pgrep -a|pidof bash)/;

/**
 * One shell runs every case (each in its own scratch files) and prints them in order: those that
 * list processes one after another, so that each lists the same processes on both sides (what
 * stdio holds at exit depends on every line), then the others at once.
 */
function script(ours: boolean): string {
  const lines = runs.map(({ command, mode }, i) => {
    const [tool = '', ...args] = command.split(' ');
    const cmd = ours ? [join(repo, 'bin', OURS[tool] ?? tool), ...args].join(' ') : command;
    return `( i=${i}; cmd='${cmd}'; mkfifo f$i; : >e$i; ${MODES[mode]} )${LISTS.test(command) ? '' : ' &'}`;
  });
  lines.sort((a, b) => Number(a.endsWith('&')) - Number(b.endsWith('&')));
  const report = runs.map((_, i) => `echo "@@ ${i} $(cat s${i})"; cat e${i}`);
  const long = `(exec -a "$(printf 'x%.0s' {1..5000})" '${LONG}' 1000) & long=$!
until [ "$(cat /proc/$long/comm 2>/dev/null)" = tproc-long ]; do sleep 0.01; done`;
  return `cd "$(mktemp -d -p '${dir}')" || exit 9\n${long}\n${lines.join('\n')}\nwait $(jobs -p | grep -vx "$long")\nkill $long\n${report.join('\n')}\n`;
}

function results(output: string, ours: boolean): string[] {
  return output
    .split(/^@@ /m)
    .slice(1)
    .map((text, i) => {
      const command = runs[i]?.command ?? '';
      const tool = command.split(' ')[0] ?? '';
      const ourName = OURS[tool] ?? tool;
      return ours ? text.replaceAll(join(repo, 'bin', ourName), ourName) : renameProgram(text, tool, ourName);
    });
}

describe('failed writes, every command against its reference', () => {
  it(`${runs.length} cases: same status and stderr`, async () => {
    // From files, not `bash -c`: `pgrep -a .` lists these shells, and a command line of many KiB
    // changes how stdio meets the failed write (pgrep then says only `write error` when its last
    // write went around the buffer), which is not what these cases are about. Each side in a PID
    // namespace of its own, the listing cases one at a time: the listings then hold the same
    // processes in the same order (on the host, pids that wrapped around past pid_max once put the
    // long line last for one side alone, and cases running at once changed the lines after it:
    // `ps: write error` against `ps: write error: No space left on device`).
    const runScript = (ours: boolean) => {
      const file = join(dir, ours ? 'ours.sh' : 'reference.sh');
      writeFileSync(file, script(ours));
      return run(['unshare', '--pid', '--fork', '--mount-proc', 'bash', file], { timeoutMs: 60_000 });
    };
    const reference = await runScript(false);
    const ours = await runScript(true);
    const ref = results(reference.stdout, false);
    const our = results(ours.stdout, true);
    expect(ref).toHaveLength(runs.length);
    expect(our).toHaveLength(runs.length);
    const failures = runs.flatMap(({ command, mode }, i) =>
      ref[i] === our[i] ? [] : [`${command} (${mode})\n${lineDiff(ref[i] ?? '', our[i] ?? '')}`],
    );
    expect(failures).toEqual([]);
  }, 120_000);

  it('pkill reports or dies only once every match has its signal', async () => {
    // pkill writes its -e lines through a buffer flushed at exit, after the signals.
    const nsScript = (tool: string) => `
victim vfull; ${tool} -e -x vfull >/dev/full 2>err; echo "full $? $(cat err)"
victim vclosed; ${tool} -e -x vclosed >&- 2>err; echo "closed $? $(cat err)"
victim vpipe; mkfifo f; { read -r _ <f; ${tool} -e -x vpipe 2>err; echo "pipe $?" >status; } | { exec 0<&-; echo >f; }
echo "$(cat status) $(cat err)"
report >fates; sed 's/^[0-9]* //' fates`;
    const reference = await runInPidNamespace(nsScript('pkill'));
    const ours = await runInPidNamespace(nsScript(join(repo, 'bin', 'tpkill')));
    expect(ours.stdout.replaceAll('tpkill', 'pkill')).toBe(reference.stdout);
    expect(reference.stdout).toContain('vpipe signal 15');
  }, 60_000);
});

/** Runs `command | head -1` in sh; returns the writer's exit status (PIPESTATUS) and stderr. */
function headOne(command: string): { status: string; stderr: string } {
  const r = spawnSync('bash', ['-c', `${command} 2>"${dir}/err" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
    encoding: 'utf8',
  });
  const stderr = spawnSync('cat', [`${dir}/err`], { encoding: 'utf8' }).stdout;
  return { status: r.stdout.trim(), stderr };
}

describe('a reader that goes away (EPIPE)', () => {
  it('ends runCommand quietly as its policy says', () => {
    // Far more than a pipe holds, so the writer is still writing when head exits.
    const flood = (policy: string) => {
      const script = join(dir, `flood-${policy}.cjs`);
      const bundle = buildSync({
        stdin: {
          contents: `import { OUTPUT_POLICIES, runCommand } from '@tproc/core';
          runCommand((argv, io) => { for (let i = 0; i < 50000; i++) io.stdout.write('x'.repeat(99) + '\\n'); return 3; },
            OUTPUT_POLICIES.${policy});`,
          resolveDir: join(repo, 'packages/core'),
        },
        bundle: true,
        platform: 'node',
        external: ['bun:ffi', 'koffi'],
        format: 'cjs',
        write: false,
      });
      writeFileSync(script, bundle.outputFiles[0]?.text ?? '');
      return headOne(`node ${script}`);
    };
    expect(flood('quiet')).toEqual({ status: '141', stderr: '' });
    expect(flood('pgrep')).toEqual({ status: '141', stderr: '' });
    expect(flood('ps')).toEqual({ status: '0', stderr: '' });
  });

  it('ps and tps aux | head -1 both exit 0', () => {
    expect(headOne('ps aux')).toEqual({ status: '0', stderr: '' });
    expect(headOne(join(repo, 'bin', 'tps aux'))).toEqual({ status: '0', stderr: '' });
  });
});
