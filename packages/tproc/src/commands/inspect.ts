// tproc inspect PID: the course's tour of /proc/PID as one report. Each section is read on its
// own: a part we may not read (another user's environ, fds, maps as non-root) is null in JSON
// and says so on the terminal, and the rest is still shown.
import {
  available,
  containerOf,
  entryOf,
  isGone,
  NAMESPACE_TYPES,
  type OpenFile,
  openFiles,
  peerSocket,
  type Proc,
  type ProcFs,
  signalsInMask,
  socketOwners,
  type SocketOwners,
  stateName,
  statmBytes,
  STATUS_MEMORY_FIELDS,
  statusMemoryBytes,
  summarizeMaps,
  textFromBytes,
  tprocEscape,
} from '@tproc/core';
import type { Argv } from 'yargs';
import { parsePid } from '../args.ts';
import type { Context } from '../context.ts';
import { containerJson, containerText, ProcessLister, processJson } from '../process-view.ts';
import type { Style } from '../render/style.ts';
import { type ColumnSpec, type Row, renderTable } from '../render/table.ts';
import { humanBytes, humanDuration } from '../render/text.ts';
import { endpointsJson } from '../endpoints.ts';
import type { CommandSpec } from './spec.ts';

type Json = Record<string, unknown>;

const snake = (camel: string): string => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const hex = (n: bigint | undefined): string | null => (n === undefined ? null : n.toString(16).padStart(16, '0'));

function statusJson(proc: Proc): Json | null {
  const s = entryOf(proc, () => proc.status());
  if (!s) return null;
  const ids = (v: [number, number, number, number]) => ({ real: v[0], effective: v[1], saved: v[2], filesystem: v[3] });
  const memory: Json = {};
  const bytes = statusMemoryBytes(s);
  for (const field of STATUS_MEMORY_FIELDS)
    if (bytes[field] !== undefined) memory[`${snake(field)}_bytes`] = bytes[field];
  return {
    name: textFromBytes(s.name),
    state: s.state.split(' ')[0] ?? s.state,
    state_name: stateName(s.state.split(' ')[0] ?? s.state),
    tgid: s.tgid,
    pid: s.pid,
    ppid: s.ppid,
    tracer_pid: s.tracerPid,
    uid: ids(s.uid),
    gid: ids(s.gid),
    groups: s.groups,
    umask: s.umask === undefined ? null : s.umask.toString(8).padStart(4, '0'),
    threads: s.threads,
    ns_pid: s.nsPid ?? null,
    memory,
    signals: {
      pending: signalsInMask(s.sigPnd),
      shared_pending: signalsInMask(s.shdPnd),
      blocked: signalsInMask(s.sigBlk),
      ignored: signalsInMask(s.sigIgn),
      caught: signalsInMask(s.sigCgt),
    },
    capabilities: {
      inheritable: hex(s.capInh),
      permitted: hex(s.capPrm),
      effective: hex(s.capEff),
      bounding: hex(s.capBnd),
      ambient: hex(s.capAmb),
    },
    seccomp: s.seccomp ?? null,
    voluntary_ctxt_switches: s.voluntaryCtxtSwitches ?? null,
    nonvoluntary_ctxt_switches: s.nonvoluntaryCtxtSwitches ?? null,
  };
}

function environJson(proc: Proc): Json | null {
  const list = entryOf(proc, () => proc.environ());
  if (!list) return null;
  const env: Json = {};
  for (const entry of list) {
    const eq = entry.indexOf(0x3d);
    const key = textFromBytes(eq < 0 ? entry : entry.subarray(0, eq));
    // The first of a repeated name wins, as getenv(3) finds it.
    if (!Object.hasOwn(env, key)) env[key] = eq < 0 ? '' : textFromBytes(entry.subarray(eq + 1));
  }
  return env;
}

function fdTarget(file: OpenFile): string {
  const link = file.link;
  if (!link) return file.error ? `(${file.error})` : '';
  switch (link.kind) {
    case 'path':
      return textFromBytes(link.path) + (link.deleted ? ' (deleted)' : '');
    case 'socket':
      return `socket:[${link.inode}]`;
    case 'pipe':
      return `pipe:[${link.inode}]`;
    case 'anon':
      return `anon_inode:${link.text}`;
    case 'typed':
      return `${link.type}:[${link.inode}]`;
    default:
      return textFromBytes(link.text);
  }
}

function fdsJson(files: OpenFile[] | null): Json | null {
  if (!files) return null;
  const fds = files.filter((f) => f.kind === 'fd' && f.fd !== undefined);
  const byType: Record<string, number> = {};
  for (const f of fds) byType[f.type] = (byType[f.type] ?? 0) + 1;
  return {
    count: fds.length,
    by_type: byType,
    items: fds.map((f) => ({
      fd: f.fd,
      type: f.type,
      target: fdTarget(f),
      access: f.access ?? null,
      offset: f.offset ?? null,
      flags: f.flags === undefined ? null : `0${f.flags.toString(8)}`,
      mount_id: f.mountId ?? null,
    })),
  };
}

interface SocketRow {
  fd: number;
  family: string;
  protocol: string | null;
  local_address: string | null;
  local_port: number | null;
  remote_address: string | null;
  remote_port: number | null;
  state: string | null;
  path: string | null;
  inode: number | null;
  peer: { pid: number; fd: number; command: string | null }[] | null;
}

function socketsJson(ctx: Context, proc: Proc, files: OpenFile[] | null): SocketRow[] | null {
  if (!files) return null;
  const fs = ctx.fs;
  let owners: SocketOwners | undefined;
  const netns = entryOf(proc, () => proc.namespace('net'));
  const out: SocketRow[] = [];
  for (const f of files) {
    if (f.kind !== 'fd' || f.fd === undefined || f.link?.kind !== 'socket') continue;
    const s = f.socket;
    const row: SocketRow = {
      fd: f.fd,
      family: s?.family ?? 'other',
      protocol: null,
      local_address: null,
      local_port: null,
      remote_address: null,
      remote_port: null,
      state: null,
      path: null,
      inode: f.inode ?? null,
      peer: null,
    };
    if (s?.family === 'inet') {
      Object.assign(row, endpointsJson(s));
      const peer = netns === undefined ? undefined : peerSocket(fs, proc.pid, netns, s);
      if (peer) {
        owners ??= socketOwners(fs);
        row.peer = (owners.holders.get(peer.inode) ?? []).map((h) => ({
          pid: h.pid,
          fd: h.fd,
          command: available(() => textFromBytes(fs.process(h.pid).stat().comm)) ?? null,
        }));
      }
    } else if (s?.family === 'unix') {
      Object.assign(row, {
        protocol: `unix-${s.type}`,
        state: s.listening ? 'LISTEN' : s.state,
        path: s.path ? textFromBytes(s.path) : null,
      });
    }
    out.push(row);
  }
  return out;
}

function mapsJson(proc: Proc): Json[] | null {
  const maps = entryOf(proc, () => proc.maps());
  if (!maps) return null;
  return summarizeMaps(maps).map((m) => ({
    path: m.path ? textFromBytes(m.path) : null,
    kind: m.kind,
    regions: m.regions,
    size_bytes: m.sizeBytes,
    perms: m.perms,
    deleted: m.deleted,
  }));
}

function threadsJson(proc: Proc, fs: ProcFs): Json[] | null {
  const tids = entryOf(proc, () => proc.tids());
  if (!tids) return null;
  const ticks = fs.host().clockTicks;
  const out: Json[] = [];
  for (const tid of tids) {
    const st = entryOf(proc, () => proc.task(tid).stat());
    if (!st) continue;
    out.push({
      tid,
      name: textFromBytes(st.comm),
      state: st.state,
      cpu_seconds: (st.utime + st.stime) / ticks,
      processor: st.processor ?? null,
    });
  }
  return out;
}

function namespacesJson(proc: Proc): Json | null {
  const out: Json = {};
  let any = false;
  for (const type of NAMESPACE_TYPES) {
    const inode = entryOf(proc, () => proc.namespace(type));
    out[type] = inode ?? null;
    if (inode !== undefined) any = true;
  }
  return any ? out : null;
}

function limitsJson(proc: Proc): Json[] | null {
  const limits = entryOf(proc, () => proc.limits());
  if (!limits) return null;
  return limits.map((l) => ({ name: l.name, soft: l.soft, hard: l.hard, units: l.units ?? null }));
}

const linkText = (proc: Proc, read: () => Buffer): string | null => {
  const b = entryOf(proc, read);
  return b ? textFromBytes(b) : null;
};

/** The report as one object (`--json`). Throws ProcError `gone` when the process is not there. */
export function inspectJson(ctx: Context, pid: number): Json {
  const fs = ctx.fs;
  const proc = fs.process(pid);
  const lister = new ProcessLister(fs, ctx.deps.now());
  const view = lister.view(proc, new Set(['container']));
  // A zombie's links and descriptors are gone while it lives on: those entries alone go (an
  // empty fd table); a process that exits during the report ends it (`gone`, as a missing pid).
  let files: OpenFile[] | null = openFiles(proc, fs, { maps: false });
  if (files.some((f) => f.label === 'NOFD')) files = null;
  const statm = entryOf(proc, () => proc.statm());
  const host = fs.host();
  const children = lister
    .list()
    .filter((v) => v.ppid === pid && v.pid !== pid)
    .map((v) => ({ pid: v.pid, name: v.name, command: v.command, state: v.state, token: v.token }));
  const cgroups = entryOf(proc, () => proc.cgroup());
  return {
    ...processJson(view),
    cwd: linkText(proc, () => proc.cwd()),
    exe: linkText(proc, () => proc.exe()),
    root: linkText(proc, () => proc.root()),
    environ: environJson(proc),
    status: statusJson(proc),
    memory: statm
      ? {
          page_size: host.pageSize,
          ...Object.fromEntries(Object.entries(statmBytes(statm, host.pageSize)).map(([k, v]) => [`${k}_bytes`, v])),
        }
      : null,
    limits: limitsJson(proc),
    fds: fdsJson(files),
    maps: mapsJson(proc),
    threads: threadsJson(proc, fs),
    children,
    sockets: socketsJson(ctx, proc, files),
    namespaces: namespacesJson(proc),
    cgroup: cgroups
      ? cgroups.map((c) => ({ hierarchy_id: c.hierarchyId, controllers: c.controllers, path: textFromBytes(c.path) }))
      : null,
    container: containerJson(cgroups ? containerOf(cgroups) : undefined),
  };
}

const DENIED = '(not readable: permission denied)';

async function section(
  title: string,
  columns: ColumnSpec[],
  rows: Row[] | null,
  ctx: Context,
  style: Style,
): Promise<string> {
  const head = `${style.bold(style.cyan(title))}\n`;
  if (rows === null) return `${head}  ${style.dim(DENIED)}\n\n`;
  if (rows.length === 0) return `${head}  ${style.dim('(none)')}\n\n`;
  return `${head}${await renderTable(columns, rows, { width: ctx.width, boxed: true, paintHeader: style.bold })}\n`;
}

const KV: ColumnSpec[] = [{ header: '' }, { header: '', flex: true }];
const str = (v: unknown): string => (v === null || v === undefined ? '-' : tprocEscape(String(v)));

export async function runInspect(ctx: Context, args: { pid: string }): Promise<number> {
  const pid = parsePid(args.pid);
  let r: Json;
  try {
    r = inspectJson(ctx, pid);
  } catch (err) {
    if (!isGone(err)) throw err;
    ctx.warn(`no process with pid ${pid}`);
    return 1;
  }
  if (ctx.json) {
    ctx.writeJson(r);
    return 0;
  }
  const style = await ctx.style();
  const status = r.status as Json | null;
  const argv = r.argv as string[];
  let out = '';
  out += await section(
    `Process ${pid}`,
    KV,
    [
      ['name', str(r.name)],
      ['command', argv.length ? argv.map((a) => tprocEscape(a)).join(' ') : str(r.command)],
      ['state', { text: `${r.state} (${stateName(String(r.state))})`, paint: style.state(String(r.state)) }],
      ['user', `${str(r.user)} (uid ${r.uid})`],
      ['parent', String(r.ppid)],
      ['started', `${r.start_time} (${humanDuration(Number(r.age_seconds))} ago)`],
      ['cpu', `${r.cpu_percent}% (${Number(r.cpu_seconds).toFixed(2)} s)`],
      ['threads', String((r.threads as unknown[] | null)?.length ?? '-')],
      ['token', str(r.token)],
      ['cwd', str(r.cwd)],
      ['exe', str(r.exe)],
      ['root', str(r.root)],
      [
        'container',
        containerText(
          r.container ? { runtime: String((r.container as Json).runtime), id: String((r.container as Json).id) } : null,
        ),
      ],
    ],
    ctx,
    style,
  );
  if (status) {
    const ids = (v: Json) => `${v.real} ${v.effective} ${v.saved} ${v.filesystem}`;
    const mem = status.memory as Json;
    const signals = status.signals as Json;
    out += await section(
      'Status',
      KV,
      [
        ['uid (real eff saved fs)', ids(status.uid as Json)],
        ['gid (real eff saved fs)', ids(status.gid as Json)],
        ['groups', (status.groups as number[]).join(' ') || '-'],
        ['umask', str(status.umask)],
        ['tracer pid', String(status.tracer_pid)],
        [
          'context switches',
          `${str(status.voluntary_ctxt_switches)} voluntary, ${str(status.nonvoluntary_ctxt_switches)} involuntary`,
        ],
        ...Object.entries(signals)
          .filter(([, v]) => (v as string[]).length > 0)
          .map(([k, v]): Row => [`signals ${k.replace('_', ' ')}`, (v as string[]).join(' ')]),
        ...Object.entries(mem).map(
          ([k, v]): Row => [k.replace(/_bytes$/, ''), `${humanBytes(Number(v))} (${v} bytes)`],
        ),
      ],
      ctx,
      style,
    );
  } else out += await section('Status', KV, null, ctx, style);
  const memory = r.memory as Json | null;
  out += await section(
    'Memory (statm)',
    KV,
    memory
      ? Object.entries(memory)
          .filter(([k]) => k !== 'page_size')
          .map(([k, v]): Row => [k.replace(/_bytes$/, ''), `${humanBytes(Number(v))} (${v} bytes)`])
      : null,
    ctx,
    style,
  );
  const limits = r.limits as Json[] | null;
  out += await section(
    'Limits',
    [
      { header: 'limit' },
      { header: 'soft', align: 'right' },
      { header: 'hard', align: 'right' },
      { header: 'units', flex: true },
    ],
    limits?.map((l) => [str(l.name), str(l.soft), str(l.hard), str(l.units)]) ?? null,
    ctx,
    style,
  );
  const fds = r.fds as Json | null;
  out += await section(
    `Open files${fds ? ` (${fds.count})` : ''}`,
    [{ header: 'fd', align: 'right' }, { header: 'type' }, { header: 'mode' }, { header: 'target', flex: true }],
    fds ? (fds.items as Json[]).map((f) => [String(f.fd), str(f.type), str(f.access), str(f.target)]) : null,
    ctx,
    style,
  );
  const sockets = r.sockets as Json[] | null;
  out += await section(
    'Sockets',
    [
      { header: 'fd', align: 'right' },
      { header: 'proto' },
      { header: 'local' },
      { header: 'remote' },
      { header: 'state' },
      { header: 'peer', flex: true },
    ],
    sockets?.map((s) => [
      String(s.fd),
      str(s.protocol ?? s.family),
      s.path !== null ? str(s.path) : s.local_port === null ? '-' : `${s.local_address}:${s.local_port}`,
      s.remote_port === null ? '-' : `${s.remote_address}:${s.remote_port}`,
      str(s.state),
      s.peer ? (s.peer as Json[]).map((p) => `${p.pid} ${str(p.command)} fd ${p.fd}`).join(', ') || '-' : '-',
    ]) ?? null,
    ctx,
    style,
  );
  const maps = r.maps as Json[] | null;
  out += await section(
    'Memory maps',
    [
      { header: 'size', align: 'right' },
      { header: 'regions', align: 'right' },
      { header: 'perms' },
      { header: 'mapping', flex: true },
    ],
    maps?.map((m) => [
      humanBytes(Number(m.size_bytes)),
      String(m.regions),
      (m.perms as string[]).join(' '),
      m.path === null ? `[${m.kind}]` : str(m.path),
    ]) ?? null,
    ctx,
    style,
  );
  const threads = r.threads as Json[] | null;
  out += await section(
    'Threads',
    [
      { header: 'tid', align: 'right' },
      { header: 'S' },
      { header: 'cpu', align: 'right' },
      { header: 'name', flex: true },
    ],
    threads?.map((t) => [
      String(t.tid),
      { text: str(t.state), paint: style.state(String(t.state)) },
      `${Number(t.cpu_seconds).toFixed(2)}s`,
      str(t.name),
    ]) ?? null,
    ctx,
    style,
  );
  const children = r.children as Json[];
  out += await section(
    'Children',
    [{ header: 'pid', align: 'right' }, { header: 'S' }, { header: 'command', flex: true }],
    children.map((c) => [String(c.pid), { text: str(c.state), paint: style.state(String(c.state)) }, str(c.command)]),
    ctx,
    style,
  );
  const ns = r.namespaces as Json | null;
  out += await section(
    'Namespaces',
    [{ header: 'type' }, { header: 'inode', flex: true }],
    ns ? Object.entries(ns).map(([k, v]) => [k, str(v)]) : null,
    ctx,
    style,
  );
  const cgroup = r.cgroup as Json[] | null;
  out += await section(
    'Cgroup',
    [{ header: 'hierarchy', align: 'right' }, { header: 'controllers' }, { header: 'path', flex: true }],
    cgroup?.map((c) => [String(c.hierarchy_id), (c.controllers as string[]).join(',') || '-', str(c.path)]) ?? null,
    ctx,
    style,
  );
  const environ = r.environ as Json | null;
  out += await section(
    'Environment',
    [{ header: 'name' }, { header: 'value', flex: true }],
    environ ? Object.entries(environ).map(([k, v]) => [tprocEscape(k), str(v)]) : null,
    ctx,
    style,
  );
  ctx.out(out.replace(/\n\n$/, '\n'));
  return 0;
}

export const inspect: CommandSpec = {
  command: 'inspect <pid>',
  describe: "one process's /proc, as one report",
  builder: (y: Argv) =>
    y
      .positional('pid', { type: 'string', describe: 'the process to inspect' })
      .example('$0 inspect $$', 'this shell: command line, status, memory, limits, files, sockets...')
      .example('$0 inspect 1 --json | jq .status.memory', "pid 1's memory lines, in bytes"),
  run: (ctx, args) => runInspect(ctx, args as { pid: string }),
};
