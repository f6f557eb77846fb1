// tproc on a real terminal: tmux runs it in a detached pane 80 and 200 columns wide, and the
// captured screen (with its escape sequences) shows that every line fits and colour is there.
// Piped, the same commands write no escape byte (see zoo.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../zoo/compare.ts';
import { removeDir } from '../zoo/cleanup.ts';

const TPROC = `${repoRoot}/bin/tproc`;
const SOCKET = `tproc-test-${process.pid}`;
// A configuration of our own: enough scrollback for a ps of thousands of processes, and a server
// that stays up between sessions (with the last session killed it exits, and a new-session that
// reached it meanwhile failed: "server exited unexpectedly", seen once in CI).
const CONFIG_DIR = mkdtempSync(join(tmpdir(), 'tproc-tmux-'));
const CONFIG = join(CONFIG_DIR, 'tmux.conf');
writeFileSync(CONFIG, 'set -g history-limit 100000\nset -g default-terminal tmux-256color\nset -s exit-empty off\n');
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', SOCKET, '-f', CONFIG, ...args], { encoding: 'utf8' });
afterAll(() => {
  tmux('kill-server');
  removeDir(CONFIG_DIR);
});

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const width = (line: string): number => [...line.replace(ANSI, '')].length;

async function onTerminal(columns: number, command: string): Promise<string[]> {
  const session = `s${columns}-${Math.random().toString(36).slice(2, 8)}`;
  const r = tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    String(columns),
    '-y',
    '50',
    // The marker is split so that the command line itself (shown by inspect) does not hold it.
    `bash -c '${command}; echo __DO""NE__; sleep 600'`,
  );
  expect(r.status, r.stderr).toBe(0);
  const deadline = Date.now() + 100_000;
  let screen = '';
  while (Date.now() < deadline) {
    // -e keeps the escape sequences, -J joins lines the terminal wrapped (a line too wide shows).
    screen = tmux('capture-pane', '-t', session, '-p', '-e', '-J', '-S', '-', '-E', '-').stdout;
    if (screen.includes('__DONE__')) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  tmux('kill-session', '-t', session);
  expect(screen).toContain('__DONE__');
  return screen
    .slice(0, screen.indexOf('__DONE__'))
    .split('\n')
    .filter((l) => l.replace(ANSI, '').trim() !== '');
}

describe.each([80, 200])(
  'on a %i-column terminal',
  (columns) => {
    it('tproc ps fits, with its header and colour', async () => {
      const lines = await onTerminal(columns, `${TPROC} ps`);
      expect(lines[0]!.replace(ANSI, '')).toMatch(/^\s*PID\s+USER\s+CPU%\s+MEM\s+S\s+AGE\s+COMMAND$/);
      expect(lines.length).toBeGreaterThan(5);
      for (const line of lines) expect(width(line), line).toBeLessThanOrEqual(columns);
      expect(lines.join('\n')).toMatch(ANSI);
      // The command column is cut with … where the screen ends, not wrapped.
      if (columns === 80) expect(lines.some((l) => l.replace(ANSI, '').endsWith('…'))).toBe(true);
    });

    it('tproc tree fits, coloured by state', async () => {
      const lines = await onTerminal(columns, `${TPROC} tree 1`);
      expect(lines[0]!.replace(ANSI, '')).toMatch(/^1 /);
      for (const line of lines) expect(width(line), line).toBeLessThanOrEqual(columns);
      expect(lines.join('\n')).toMatch(ANSI);
      expect(lines.some((l) => l.replace(ANSI, '').includes('└─ '))).toBe(true);
    });

    it('tproc inspect $$ fits, sections in boxes', async () => {
      const lines = await onTerminal(columns, `${TPROC} inspect $$`);
      const text = lines.map((l) => l.replace(ANSI, '')).join('\n');
      for (const title of [
        'Process ',
        'Status',
        'Memory (statm)',
        'Limits',
        'Open files',
        'Sockets',
        'Memory maps',
        'Threads',
        'Namespaces',
        'Cgroup',
        'Environment',
      ]) {
        expect(text).toContain(title);
      }
      expect(text).toMatch(/│ command\s+│ bash -c /);
      for (const line of lines) expect(width(line), line).toBeLessThanOrEqual(columns);
      expect(lines.join('\n')).toMatch(ANSI);
    });

    it('--no-color and NO_COLOR turn colour off on the terminal', async () => {
      const plain = await onTerminal(columns, `${TPROC} ps --no-color; NO_COLOR=1 ${TPROC} tree 1`);
      expect(plain.join('\n')).not.toMatch(ANSI);
    });
  },
  150_000,
);
