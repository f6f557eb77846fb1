/** The /proc/<pid>/ns/* link names (man 7 namespaces). */
export const NAMESPACE_TYPES = [
  'cgroup',
  'ipc',
  'mnt',
  'net',
  'pid',
  'pid_for_children',
  'time',
  'time_for_children',
  'user',
  'uts',
] as const;

export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

export interface NsLink {
  /** The type as the target names it: the `pid_for_children` link reads `pid:[...]`. */
  type: string;
  inode: number;
}

/** Parses a link target such as `net:[4026531840]`; undefined when it is not of that form. */
export function parseNsLink(target: string): NsLink | undefined {
  const m = /^([a-z_]+):\[(\d+)\]$/.exec(target.trim());
  if (!m) return undefined;
  return { type: m[1]!, inode: Number(m[2]) };
}
