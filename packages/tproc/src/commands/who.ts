// tproc who PATH: the processes using a file, or anything on a mount (by mount id and inode, never
// by walking the tree under it); --kill signals them as tproc kill does, refusing `/` and a path
// that is not a mount point unless --force.
import { textFromBytes, tprocEscape, usersOf, type UseTarget, useTarget } from '@tproc/core';
import type { Argv } from 'yargs';
import { lookupFailure, parseSeconds } from '../args.ts';
import { type Context, UsageError } from '../context.ts';
import { ProcessLister } from '../process-view.ts';
import { type Row, renderTable } from '../render/table.ts';
import { allOk, type Candidate, parseSignal, printResults, signalCandidates } from './kill.ts';
import type { CommandSpec } from './spec.ts';

interface WhoArgs {
  path: string;
  kill?: boolean;
  signal?: string;
  timeout?: string;
  force?: boolean;
  dryRun?: boolean;
}

/** fuser's ACCESS letters: c cwd, r root, e executable, m mapped, f open (F for writing). */
const LETTER = { cwd: 'c', root: 'r', exe: 'e', mmap: 'm', fd: 'f' } as const;

function targetJson(t: UseTarget): Record<string, unknown> {
  return {
    path: t.path,
    real_path: textFromBytes(t.realPath),
    mount_id: t.mountId,
    mount_point: t.mount ? textFromBytes(t.mount.mountPoint) : null,
    is_mount_point: t.isMountPoint,
    device: `${t.stat.dev.major}:${t.stat.dev.minor}`,
    inode: t.stat.ino,
  };
}

export async function runWho(ctx: Context, args: WhoArgs): Promise<number> {
  const path = String(args.path);
  // Checked before anything is read: these are argument errors.
  const signal = args.kill ? parseSignal(args.signal) : undefined;
  const timeout = args.timeout === undefined ? undefined : parseSeconds(args.timeout, '--timeout');
  if (!args.kill && (args.signal !== undefined || args.timeout !== undefined || args.dryRun)) {
    throw new UsageError('--signal, --timeout and --dry-run go with --kill');
  }
  let target: UseTarget;
  try {
    target = useTarget(path, ctx.fs);
  } catch (err) {
    throw lookupFailure(path, err);
  }
  if (args.kill && !args.force) {
    if (target.realPath.equals(Buffer.from('/')))
      throw new UsageError("refusing --kill on '/' (every process uses it; --force to insist)");
    if (!target.isMountPoint) {
      throw new UsageError(
        `refusing --kill on '${path}': not a mount point (--force to signal the users of this one file)`,
      );
    }
  }
  const lister = new ProcessLister(ctx.fs, ctx.deps.now());
  const users = usersOf(target, ctx.fs);
  const processes = users.flatMap((u) => {
    const view = lister.list({ pids: [u.pid] })[0];
    if (!view) return [];
    return [
      {
        pid: u.pid,
        user: view.user,
        uid: view.uid,
        command: view.command,
        token: view.token,
        access: [...new Set(u.uses.map((x) => (x.kind === 'fd' && x.write ? 'F' : LETTER[x.kind])))].join(''),
        uses: u.uses.map((x) => ({
          kind: x.kind,
          fd: x.fd ?? null,
          write: x.write ?? null,
          path: x.path ? textFromBytes(x.path) : null,
        })),
        startTicks: view.startTicks,
      },
    ];
  });
  if (args.kill) {
    const candidates: Candidate[] = processes.map((p) => ({
      target: path,
      id: { pid: p.pid, startTime: p.startTicks },
      reason: `uses ${path} (${p.access})`,
      explicit: false,
    }));
    const results = await signalCandidates(ctx, candidates, [], {
      signal: signal ?? 15,
      timeout,
      tree: false,
      dryRun: args.dryRun === true,
      force: args.force === true,
    });
    if (ctx.json) ctx.writeJson({ ...targetJson(target), results });
    else await printResults(ctx, results);
    // Nobody to signal is not a failure: the mount is free.
    return results.length === 0 || allOk(results) ? 0 : 1;
  }
  const list = processes.map((p) => ({
    pid: p.pid,
    user: p.user,
    uid: p.uid,
    command: p.command,
    token: p.token,
    access: p.access,
    uses: p.uses,
  }));
  if (ctx.json) {
    ctx.writeJson({ ...targetJson(target), processes: list });
    return list.length > 0 ? 0 : 1;
  }
  const style = await ctx.style();
  const rows: Row[] = list.map((p) => [
    String(p.pid),
    p.user,
    { text: p.access, paint: style.yellow },
    tprocEscape(p.command),
  ]);
  const where = target.isMountPoint
    ? `mount ${textFromBytes(target.realPath)} (id ${target.mountId})`
    : textFromBytes(target.realPath);
  ctx.io.stderr.write(`${where}:\n`);
  if (rows.length > 0) {
    ctx.out(
      await renderTable(
        [
          { header: 'PID', align: 'right' },
          { header: 'USER' },
          { header: 'ACCESS' },
          { header: 'COMMAND', flex: true },
        ],
        rows,
        { width: ctx.width, paintHeader: style.bold },
      ),
    );
  }
  return list.length > 0 ? 0 : 1;
}

export const who: CommandSpec = {
  command: 'who <path>',
  describe: 'the processes using a file, or anything on a mount',
  builder: (y: Argv) =>
    y
      .positional('path', { type: 'string', describe: 'a file, or a mount point (everything on that mount)' })
      .option('kill', { type: 'boolean', describe: 'signal them (a mount point only, never /, unless --force)' })
      .option('signal', { alias: 's', type: 'string', describe: 'with --kill: the signal (default TERM)' })
      .option('timeout', { alias: 't', type: 'string', describe: 'with --kill: seconds, then SIGKILL' })
      .option('dry-run', { alias: 'n', type: 'boolean', describe: 'with --kill: print, signal nothing' })
      .option('force', { type: 'boolean', describe: 'allow / and a path that is not a mount point' })
      .example('$0 who /mnt/usb', 'what keeps /mnt/usb busy')
      .example('$0 who --kill --timeout 3 /mnt/usb', 'end them: TERM, then KILL after 3 s')
      .example('$0 who ./data.db --json', 'who has that file open'),
  run: (ctx, args) => runWho(ctx, args as unknown as WhoArgs),
};
