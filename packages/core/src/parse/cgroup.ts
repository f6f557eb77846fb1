/** /proc/<pid>/cgroup (man 7 cgroups): `hierarchy-ID:controller-list:cgroup-path`. */
export interface CgroupEntry {
  /** 0 for the cgroup v2 unified hierarchy. */
  hierarchyId: number;
  /** Empty for v2; v1 named hierarchies appear as `name=systemd`. */
  controllers: string[];
  path: Buffer;
}

export function parseCgroup(text: string | Buffer): CgroupEntry[] {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const entries: CgroupEntry[] = [];
  for (const line of s.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const id = line.slice(0, first);
    if (!/^\d+$/.test(id)) continue;
    const list = line.slice(first + 1, second);
    entries.push({
      hierarchyId: Number(id),
      controllers: list === '' ? [] : list.split(','),
      // The path is the rest of the line: it may itself contain ':'.
      path: Buffer.from(line.slice(second + 1), 'latin1'),
    });
  }
  return entries;
}
