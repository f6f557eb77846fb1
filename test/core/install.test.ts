// README's Install command, run as written into a temporary npm prefix, then every installed
// command against its reference: from another directory, through the prefix's links, under cron's
// bare environment (env -i PATH=..., no HOME, TERM or tty, stdin closed) and with the checkout
// hidden (a tmpfs mounted over it in a mount namespace), so nothing may come from the workspace.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, linkSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atExit, removeDir } from '../zoo/cleanup.ts';
import { compare, expectSame, repoRoot } from '../zoo/compare.ts';
import { compareInPidNs, runInPidNamespace } from '../zoo/pidns.ts';
import { run } from '../zoo/run.ts';

/** Every command the packages declare (tproc.commands), as the build and the install take them. */
const COMMANDS = readdirSync(`${repoRoot}/packages`).flatMap((pkg) => {
  try {
    const manifest = JSON.parse(readFileSync(`${repoRoot}/packages/${pkg}/package.json`, 'utf8'));
    return Object.keys(manifest.tproc?.commands ?? {});
  } catch {
    return [];
  }
});

/** The first code block of README's `## Install` section. */
function installCommand(): string {
  const readme = readFileSync(`${repoRoot}/README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('\n## Install\n'));
  const block = section.match(/```sh\n([\s\S]*?)```/)?.[1]?.trim();
  if (!block) throw new Error("README.md has no code block under '## Install'");
  return block;
}

const prefix = mkdtempSync(join(tmpdir(), 'tproc-install-'));
chmodSync(prefix, 0o755);
atExit(() => removeDir(prefix));
afterAll(() => removeDir(prefix));
const bin = `${prefix}/bin`;
const cronPath = `${bin}:/usr/bin:/bin`;

beforeAll(() => {
  const r = spawnSync('sh', ['-c', installCommand()], {
    cwd: repoRoot,
    env: { ...process.env, NPM_CONFIG_PREFIX: prefix },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`install failed (${r.status}):\n${r.stdout}${r.stderr}`);
}, 180_000);

/**
 * In a PID namespace of its own (the kill tools match by name), with the checkout hidden: a sleeper
 * named `tprocinstzz`, then "$@" from / under cron's environment, its word VICTIM standing for the
 * sleeper's pid.
 */
// The victim asleep before either side looks: a sleep still starting shows R, not S.
const CRON_SCRIPT = `
victim tprocinstzz
asleep() { IFS= read -r s < /proc/$1/stat && s=\${s##*) } && [ "\${s%% *}" = S ]; }
spin asleep $last
for a; do shift; [ "$a" = VICTIM ] && a=$last; set -- "$@" "$a"; done
mount -t tmpfs tmpfs "$TPROC_CHECKOUT" || exit 99
cd /
env -i PATH="$TPROC_PATH" \${TPROC_RUNTIME:+"TPROC_RUNTIME=$TPROC_RUNTIME"} "$@" <&-
`;

const CASES: [string[], string[]][] = [
  [
    ['ps', '-o', 'pid,ppid,stat,tty,comm,args', '-p', 'VICTIM'],
    ['tps', '-o', 'pid,ppid,stat,tty,comm,args', '-p', 'VICTIM'],
  ],
  [
    ['ps', '--bogus'],
    ['tps', '--bogus'],
  ],
  [
    ['pstree', '-p', 'VICTIM'],
    ['tpstree', '-p', 'VICTIM'],
  ],
  [
    ['pstree', '-X'],
    ['tpstree', '-X'],
  ],
  [
    ['/usr/bin/kill', '-l'],
    ['tkill', '-l'],
  ],
  [
    ['/usr/bin/kill', '-0', 'VICTIM'],
    ['tkill', '-0', 'VICTIM'],
  ],
  [
    ['killall', '-l'],
    ['tkillall', '-l'],
  ],
  [
    ['killall', '-0', '-v', 'tprocinstzz'],
    ['tkillall', '-0', '-v', 'tprocinstzz'],
  ],
  [
    ['pidof', 'tprocinstzz'],
    ['tpidof', 'tprocinstzz'],
  ],
  [
    ['pgrep', '-a', 'tprocinstzz'],
    ['tpgrep', '-a', 'tprocinstzz'],
  ],
  [
    ['pkill', '-0', '-e', 'tprocinstzz'],
    ['tpkill', '-0', '-e', 'tprocinstzz'],
  ],
  [
    // Each side has a sleeper of its own: its socket inodes and executable copy differ, its cwd,
    // root and stdin do not.
    ['lsof', '-a', '-p', 'VICTIM', '-d', 'cwd,rtd,0'],
    ['tlsof', '-a', '-p', 'VICTIM', '-d', 'cwd,rtd,0'],
  ],
  [
    ['fuser', '-v', '/'],
    ['tfuser', '-v', '/'],
  ],
];

describe('README Install', () => {
  it('installs every command and its manual page under the prefix', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['tps', 'tpstree', 'tkill', 'tkillall', 'tpidof', 'tpgrep']));
    for (const command of COMMANDS) {
      const target = realpathSync(`${bin}/${command}`);
      expect(target.startsWith(realpathSync(prefix))).toBe(true);
      const man = spawnSync('man', ['-w', command], { env: { PATH: cronPath }, encoding: 'utf8' });
      expect(man.stdout.trim().startsWith(realpathSync(prefix))).toBe(true);
      expect(readFileSync(man.stdout.trim(), 'utf8')).toContain(`.B ${command}\n`);
    }
    // The reader thread's library, which the executable looks for beside itself.
    const built = readdirSync(`${repoRoot}/dist/tproc`).filter((file) => file.startsWith('reader-thread-'));
    expect(built).toHaveLength(1);
    expect(readdirSync(dirname(realpathSync(`${bin}/tps`)))).toContain(built[0]);
  });

  it('covers every command in the cases below', () => {
    expect(new Set([...CASES.map(([, ours]) => ours[0]), 'tproc'])).toEqual(new Set(COMMANDS));
  });

  for (const runtime of ['bun', 'node']) {
    for (const [reference, ours] of CASES) {
      it(`${ours.join(' ')} under cron's environment, without the checkout, on ${runtime}`, async () => {
        const env = {
          TPROC_CHECKOUT: repoRoot,
          // Node for TPROC_RUNTIME=node, wherever it is installed.
          TPROC_PATH: runtime === 'node' ? `${cronPath}:${dirname(process.execPath)}` : cronPath,
          TPROC_RUNTIME: runtime === 'node' ? 'node' : undefined,
        };
        expectSame(await compareInPidNs(CRON_SCRIPT, reference, ours, { ourBin: ours[0], env }));
      });
    }
  }
});

// tproc has no reference to compare with: its answers are checked against the victim itself.
describe('README Install: tproc', () => {
  for (const runtime of ['bun', 'node']) {
    it(`tproc ps --json and kill --dry-run under cron's environment, without the checkout, on ${runtime}`, async () => {
      const env = {
        TPROC_CHECKOUT: repoRoot,
        TPROC_PATH: runtime === 'node' ? `${cronPath}:${dirname(process.execPath)}` : cronPath,
        TPROC_RUNTIME: runtime === 'node' ? 'node' : undefined,
      };
      // The victim's pid, then what tproc says of it; yargs and chalk load from the install alone.
      const script = `${CRON_SCRIPT}echo "victim $last"\n`;
      const ps = await runInPidNamespace(script, ['tproc', 'ps', '--json', 'VICTIM'], { env });
      expect(ps.stderr).toBe('');
      expect(ps.status).toBe(0);
      const [json, victim] = ps.stdout.trimEnd().split('\n');
      const pid = Number(victim?.replace('victim ', ''));
      expect(JSON.parse(json ?? '')).toEqual([
        expect.objectContaining({ pid, name: 'tprocinstzz', argv: ['./tprocinstzz', '100000'] }),
      ]);
      const kill = await runInPidNamespace(script, ['tproc', 'kill', '--dry-run', '--json', 'VICTIM'], { env });
      expect(kill.stderr).toBe('');
      expect(kill.status).toBe(0);
      const [plan, victim2] = kill.stdout.trimEnd().split('\n');
      const pid2 = Number(victim2?.replace('victim ', ''));
      expect(JSON.parse(plan ?? '')).toEqual([
        expect.objectContaining({ pid: pid2, outcome: 'would_signal', command: './tprocinstzz 100000' }),
      ]);
    });
  }
});

describe('installed executable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tproc-copies-'));
  afterAll(() => removeDir(dir));

  it('runs when copied, and as a link named after the reference', async () => {
    copyFileSync(`${bin}/tps`, `${dir}/tps`);
    chmodSync(`${dir}/tps`, 0o755);
    linkSync(`${dir}/tps`, `${dir}/ps`);
    const args = ['-o', 'pid,ppid,comm', '-p', '1'];
    expectSame(await compare(['ps', ...args], ['tps', ...args], { ourBin: `${dir}/tps`, cwd: '/' }));
    // Under ps's own name, ours says `ps` as ps does.
    const bogus = await compare(['ps', '--bogus'], ['ps', '--bogus'], { ourBin: `${dir}/ps` });
    expectSame(bogus);
  });

  it('says in one line that another name is not one of its commands', async () => {
    linkSync(realpathSync(`${bin}/tps`), `${dir}/myps`);
    const r = await run([`${dir}/myps`, '-ef']);
    expect(r.status).toBe(127);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^myps: not a command of tproc \(.*tps.*\): [^\n]*\n$/);
  });

  it('shows in the process list under the command name, on either runtime', async () => {
    for (const env of [{}, { TPROC_RUNTIME: 'node' }]) {
      // The shell stays the parent (`; :`), so the command lists itself.
      const r = await run(['sh', '-c', `"${bin}/tps" -o comm=,args= --ppid $$; :`], { env });
      expect(r.stdout.split('\n')[0]).toMatch(/^tps +/);
    }
  });
});
