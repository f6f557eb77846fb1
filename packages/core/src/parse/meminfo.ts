/**
 * /proc/meminfo (man 5 proc), keyed by field name (`MemTotal`, `Active(anon)`, ...). Values are as
 * printed: kB for most fields, but page counts for `HugePages_*` (which have no unit).
 */
export type Meminfo = Record<string, number>;

export function parseMeminfo(text: string): Meminfo {
  const info: Meminfo = {};
  for (const line of text.split('\n')) {
    const m = /^([^:]+):\s*(\d+)/.exec(line);
    if (m) info[m[1]!] = Number(m[2]);
  }
  return info;
}
