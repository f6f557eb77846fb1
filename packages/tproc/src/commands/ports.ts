// tproc ports [PORT...]: who listens where, TCP and UDP, IPv4 and IPv6, in every network namespace.
import { available, containerOf, listInetSockets, type NetSocket, textFromBytes, tprocEscape } from '@tproc/core';
import type { Argv } from 'yargs';
import { parsePort } from '../args.ts';
import type { Context } from '../context.ts';
import { containerJson, containerText } from '../process-view.ts';
import type { Row } from '../render/table.ts';
import { renderTable } from '../render/table.ts';
import { endpointsJson } from '../endpoints.ts';
import type { CommandSpec } from './spec.ts';

export interface PortRow {
  protocol: string;
  local_address: string;
  local_port: number;
  remote_address: string | null;
  remote_port: number | null;
  state: string;
  pid: number | null;
  fd: number | null;
  command: string | null;
  user: string;
  uid: number;
  netns: number;
  inode: number;
  container: Record<string, unknown> | null;
  token: string | null;
}

/** One row per socket and holding process (a forked server shares one socket); none seen: pid null. */
export function portRows(ctx: Context, sockets: readonly NetSocket[]): PortRow[] {
  const fs = ctx.fs;
  const users = fs.users();
  const facts = new Map<
    number,
    { command: string | null; container: Record<string, unknown> | null; token: string | null }
  >();
  const factsOf = (pid: number) => {
    let f = facts.get(pid);
    if (!f) {
      const proc = fs.process(pid);
      const stat = available(() => proc.stat());
      const cmdline = available(() => proc.cmdline());
      const command = cmdline?.length
        ? cmdline.map(textFromBytes).join(' ')
        : stat
          ? `[${textFromBytes(stat.comm)}]`
          : null;
      const cgroups = available(() => proc.cgroup());
      f = {
        command,
        container: containerJson(cgroups ? containerOf(cgroups) : undefined),
        token: stat ? `${pid}@${stat.starttime}` : null,
      };
      facts.set(pid, f);
    }
    return f;
  };
  const rows: PortRow[] = [];
  for (const s of sockets) {
    const base = {
      ...endpointsJson(s),
      user: users.userName(s.uid) ?? String(s.uid),
      uid: s.uid,
      netns: s.netns,
      inode: s.inode,
    };
    if (s.holders.length === 0) {
      rows.push({ ...base, pid: null, fd: null, command: null, container: null, token: null });
      continue;
    }
    for (const h of s.holders) rows.push({ ...base, pid: h.pid, fd: h.fd, ...factsOf(h.pid) });
  }
  return rows;
}

const endpoint = (address: string, port: number): string =>
  address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;

export async function runPorts(
  ctx: Context,
  args: { port?: string[]; all?: boolean; tcp?: boolean; udp?: boolean },
): Promise<number> {
  const ports = (args.port ?? []).map((p) => parsePort(p));
  const protocols =
    args.tcp && !args.udp ? (['tcp', 'tcp6'] as const) : args.udp && !args.tcp ? (['udp', 'udp6'] as const) : undefined;
  const sockets = listInetSockets({
    fs: ctx.fs,
    all: args.all === true,
    ...(ports.length > 0 && { ports }),
    ...(protocols && { protocols }),
  });
  const rows = portRows(ctx, sockets);
  if (ctx.json) {
    ctx.writeJson(rows);
    return ports.length > 0 && rows.length === 0 ? 1 : 0;
  }
  const style = await ctx.style();
  const ownNs = available(() => ctx.fs.process(ctx.fs.selfPid()).namespace('net'));
  const table: Row[] = rows.map((r) => [
    r.protocol,
    { text: endpoint(r.local_address, r.local_port), paint: style.cyan },
    r.remote_port === null ? '-' : endpoint(r.remote_address ?? '', r.remote_port),
    { text: r.state, paint: r.state === 'LISTEN' ? style.green : undefined },
    r.pid === null ? '-' : String(r.pid),
    r.user,
    r.netns === ownNs ? String(r.netns) : { text: String(r.netns), paint: style.yellow },
    r.container ? containerText({ runtime: String(r.container.runtime), id: String(r.container.id) }) : '-',
    r.command === null ? '-' : tprocEscape(r.command),
  ]);
  const columns = [
    { header: 'PROTO' },
    { header: 'LOCAL' },
    { header: 'REMOTE' },
    { header: 'STATE' },
    { header: 'PID', align: 'right' as const },
    { header: 'USER' },
    { header: 'NETNS' },
    { header: 'CONTAINER' },
    { header: 'COMMAND', flex: true },
  ];
  ctx.out(await renderTable(columns, table, { width: ctx.width, paintHeader: style.bold }));
  // As non-root, another user's descriptors are closed to us: say why those rows have no pid.
  const unseen = rows.filter((r) => r.pid === null).length;
  if (unseen > 0 && ctx.deps.euid !== 0) {
    ctx.warn(
      `${unseen} socket${unseen === 1 ? '' : 's'} without a pid: held by other users' processes (root sees them)`,
    );
  }
  return ports.length > 0 && rows.length === 0 ? 1 : 0;
}

export const ports: CommandSpec = {
  command: 'ports [port..]',
  describe: 'listening TCP and UDP ports, with their processes, in every network namespace',
  builder: (y: Argv) =>
    y
      .positional('port', { type: 'string', array: true, describe: 'only these local ports (exact match)' })
      .option('all', { type: 'boolean', describe: 'established connections too, and every other state' })
      .option('tcp', { type: 'boolean', describe: 'TCP only' })
      .option('udp', { type: 'boolean', describe: 'UDP only' })
      .example('$0 ports', 'every listener')
      .example('$0 ports 3000', 'who listens on port 3000 (never 30001)')
      .example('$0 ports --all --json', 'every TCP and UDP socket, as JSON'),
  run: (ctx, args) => runPorts(ctx, args as { port?: string[]; all?: boolean }),
};
