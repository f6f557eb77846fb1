// fuser's socket names, `[lcl_port][,[rmt_host][,[rmt_port]]]` in the tcp or udp name space:
// which socket inodes of /proc/net/{tcp,udp}{,6} a name stands for. psmisc resolves the ports and
// the host with getaddrinfo(3); here ports come from numbers and /etc/services, hosts from
// numbers and /etc/hosts (no DNS: a name /etc/hosts lacks matches nothing, as an unresolvable
// host does in fuser, silently).
import { formatIpv6, type InetTable, ipv6Bytes, type ProcFs } from '@tproc/core';

export type Family = 4 | 6;

export interface SocketSpec {
  localPort?: number;
  /** Remote addresses in the net tables' text form, each with its family. */
  remote?: { family: Family; address: string }[];
  remotePort?: number;
  /** The families to search: -4, -6, or the remote host's. */
  families: Family[];
}

export type SpecResult = { ok: true; spec: SocketSpec } | { ok: false; message?: string };

/**
 * A port as getaddrinfo reads a service: a number as strtoul(3) reads it (leading blanks and a
 * sign allowed, cut to 16 bits: `99999` is 34463), else a name or alias of /etc/services for
 * the protocol (case matters).
 */
export function resolvePort(text: string, protocol: string, fs: ProcFs): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  if (m) {
    let value = BigInt(m[2] as string);
    // strtoul saturates at ULONG_MAX and negates a leading minus modulo 2^64.
    if (value > 0xffffffffffffffffn) value = 0xffffffffffffffffn;
    else if (m[1] === '-') value = BigInt.asUintN(64, -value);
    return Number(value & 0xffffn);
  }
  if (text === '') return undefined;
  for (const s of fs.services()) {
    if (s.protocol === protocol && (s.name === text || s.aliases.includes(text))) return s.port;
  }
  return undefined;
}

/** inet_aton(3): `a.b.c.d`, `a.b.c`, `a.b`, `a`, each part decimal, octal (0...) or hex (0x...). */
export function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(part)) value = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = Number.parseInt(part, 8);
    else if (/^[1-9]\d*$/.test(part)) value = Number(part);
    else return undefined;
    values.push(value);
  }
  const last = values.pop() as number;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return undefined;
  const bytes = [...values];
  for (let i = 4 - values.length - 1; i >= 0; i--) bytes.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return bytes;
}

const formatIpv4 = (bytes: readonly number[]): string => bytes.join('.');

/** A host as getaddrinfo finds it here: a numeric address, else the addresses /etc/hosts gives it. */
export function resolveHost(host: string, families: Family[], fs: ProcFs): { family: Family; address: string }[] {
  const found: { family: Family; address: string }[] = [];
  const add = (text: string): boolean => {
    const v4 = parseIpv4(text);
    if (v4) {
      if (families.includes(4)) found.push({ family: 4, address: formatIpv4(v4) });
      return true;
    }
    const v6 = ipv6Bytes(text);
    if (v6) {
      if (families.includes(6)) found.push({ family: 6, address: formatIpv6(v6) });
      return true;
    }
    return false;
  };
  if (add(host)) return found;
  const wanted = host.toLowerCase();
  for (const entry of fs.hosts()) {
    if (entry.names.some((n) => n.toLowerCase() === wanted)) add(entry.address);
  }
  return found;
}

/**
 * Reads `[lcl_port][,[rmt_host][,[rmt_port]]]`. A local port that does not resolve is an error
 * fuser reports (with getaddrinfo's words); a remote part that does not resolve matches nothing.
 */
export function parseSocketSpec(
  text: string,
  protocol: 'tcp' | 'udp',
  only: Family | undefined,
  fs: ProcFs,
): SpecResult {
  const families: Family[] = only ? [only] : [4, 6];
  const first = text.indexOf(',');
  const local = first < 0 ? text : text.slice(0, first);
  const rest = first < 0 ? undefined : text.slice(first + 1);
  const second = rest === undefined ? -1 : rest.indexOf(',');
  const host = rest === undefined ? '' : second < 0 ? rest : rest.slice(0, second);
  const remotePortText = rest === undefined || second < 0 ? '' : rest.slice(second + 1);
  const spec: SocketSpec = { families };
  if (local !== '') {
    const port = resolvePort(local, protocol, fs);
    if (port === undefined) {
      return { ok: false, message: `Cannot resolve local port ${local}: Servname not supported for ai_socktype` };
    }
    spec.localPort = port;
  }
  if (host !== '') {
    spec.remote = resolveHost(host, families, fs);
    if (spec.remote.length === 0) return { ok: false };
    spec.families = families.filter((f) => spec.remote?.some((r) => r.family === f));
  }
  if (remotePortText !== '') {
    const port = resolvePort(remotePortText, protocol, fs);
    if (port === undefined) return { ok: false };
    spec.remotePort = port;
  }
  return { ok: true, spec };
}

/** The inodes of the sockets the spec names, from the protocol's tables of its families. */
export function socketInodes(spec: SocketSpec, protocol: 'tcp' | 'udp', fs: ProcFs): Set<number> {
  const inodes = new Set<number>();
  for (const family of spec.families) {
    const table: InetTable = family === 6 ? `${protocol}6` : protocol;
    let rows: ReturnType<ProcFs['inetSockets']>;
    try {
      rows = fs.inetSockets(table);
    } catch {
      continue;
    }
    for (const row of rows) {
      if (row.inode === 0) continue;
      if (spec.localPort !== undefined && row.localPort !== spec.localPort) continue;
      if (spec.remotePort !== undefined && row.remotePort !== spec.remotePort) continue;
      if (spec.remote && !spec.remote.some((r) => r.family === family && r.address === row.remoteAddress)) continue;
      inodes.add(row.inode);
    }
  }
  return inodes;
}
