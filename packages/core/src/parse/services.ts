/** A line of services(5): `name port/protocol [aliases...]`, comments after `#`. */
export interface ServiceEntry {
  name: string;
  port: number;
  protocol: string;
  aliases: string[];
}

export function parseServices(text: string): ServiceEntry[] {
  const entries: ServiceEntry[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const fields = (hash < 0 ? raw : raw.slice(0, hash)).trim().split(/\s+/);
    const [name, portProto, ...aliases] = fields;
    const m = portProto === undefined ? null : /^(\d+)\/(\S+)$/.exec(portProto);
    if (!name || !m) continue;
    const port = Number(m[1]);
    if (port > 65535) continue;
    entries.push({ name, port, protocol: m[2]!, aliases });
  }
  return entries;
}

/** A line of hosts(5): `address canonical-name [aliases...]`. */
export interface HostEntry {
  address: string;
  names: string[];
}

export function parseHosts(text: string): HostEntry[] {
  const entries: HostEntry[] = [];
  for (const raw of text.split('\n')) {
    const hash = raw.indexOf('#');
    const [address, ...names] = (hash < 0 ? raw : raw.slice(0, hash)).trim().split(/\s+/);
    if (!address || names.length === 0) continue;
    entries.push({ address, names });
  }
  return entries;
}
