// Host and port names as lsof 4.95 prints Internet addresses: from /etc/hosts and /etc/services
// (lsof asks the resolver; on these machines that answers from files, and DNS knows nothing of
// the addresses a host's own sockets use), unless -n / -P.
import { ipv6Bytes, type ProcFs } from '@tproc/core';
import type { InetEnd } from './model.ts';

export interface NameOptions {
  /** -n: numeric hosts. */
  numericHosts: boolean;
  /** -P: numeric ports. */
  numericPorts: boolean;
}

/** 16 bytes of an IPv6 text, or 4 of an IPv4 one; undefined when not an address. */
export function addressBytes(text: string): number[] | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    return parts.every((p) => p <= 255) ? parts : undefined;
  }
  return ipv6Bytes(text);
}

/**
 * A comparable key of an address text: its bytes joined by dots, IPv4-mapped IPv6 addresses as
 * their IPv4 (lsof -i @127.0.0.1 finds a socket bound to ::ffff:127.0.0.1, observed); '' if none.
 */
export function addressKey(text: string): string {
  const bytes = addressBytes(text);
  if (!bytes) return '';
  if (bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12).join('.');
  }
  return bytes.join('.');
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as its IPv4 text, else undefined. */
export function mappedIpv4(address: string): string | undefined {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1];
}

const isUnspecified = (address: string): boolean => address === '0.0.0.0' || address === '::';

export class NetNames {
  #hostsByAddress?: Map<string, string>;
  #services = new Map<string, Map<number, string>>();

  constructor(
    readonly fs: ProcFs,
    readonly options: NameOptions,
  ) {}

  /** Canonical host name of an address (first matching /etc/hosts line), or undefined. */
  hostName(address: string): string | undefined {
    if (!this.#hostsByAddress) {
      const map = new Map<string, string>();
      for (const entry of this.fs.hosts()) {
        const bytes = addressBytes(entry.address);
        const key = bytes?.join('.');
        if (key !== undefined && !map.has(key) && entry.names[0]) map.set(key, entry.names[0]);
      }
      this.#hostsByAddress = map;
    }
    const bytes = addressBytes(address);
    return bytes ? this.#hostsByAddress.get(bytes.join('.')) : undefined;
  }

  /** The /etc/services name of a port for a protocol (`tcp`, `udp`), or undefined. */
  serviceName(port: number, protocol: string): string | undefined {
    let byPort = this.#services.get(protocol);
    if (!byPort) {
      byPort = new Map();
      for (const s of this.fs.services()) {
        if (s.protocol === protocol && !byPort.has(s.port)) byPort.set(s.port, s.name);
      }
      this.#services.set(protocol, byPort);
    }
    return byPort.get(port);
  }

  /** The port of a service name for a protocol, or undefined. */
  servicePort(name: string, protocol: string): number | undefined {
    for (const s of this.fs.services()) {
      if (s.protocol === protocol && (s.name === name || s.aliases.includes(name))) return s.port;
    }
    return undefined;
  }

  /** `host:port` as lsof prints an end: `*` for unspecified parts, IPv6 in brackets. */
  end(end: InetEnd, protocol: string): string {
    const v4 = mappedIpv4(end.address);
    const address = v4 ?? end.address;
    let host: string;
    if (isUnspecified(address)) host = '*';
    else {
      const name = this.options.numericHosts ? undefined : this.hostName(address);
      host = name ?? (address.includes(':') ? `[${address}]` : address);
    }
    let port: string;
    if (end.port === 0) port = '*';
    else {
      const name = this.options.numericPorts ? undefined : this.serviceName(end.port, protocol.toLowerCase());
      port = name ?? String(end.port);
    }
    return `${host}:${port}`;
  }
}
