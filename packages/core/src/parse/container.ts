import type { CgroupEntry } from './cgroup.ts';

/** The container a process runs in, as its cgroup path names it. */
export interface Container {
  /** `docker`, `podman`, `containerd`, `cri-o`, `lxc` or `systemd-nspawn`. */
  runtime: string;
  /** The runtime's id: 64 hex digits for OCI runtimes, the machine's name for lxc and nspawn. */
  id: string;
  /** A Kubernetes pod's uid (with dashes), when the cgroup sits under `kubepods`. */
  podUid?: string;
}

const HEX64 = '([0-9a-f]{64})';
// Leaf names by runtime, as the runtimes name their cgroups: with the systemd driver a scope per
// container (`docker-<id>.scope`, `cri-containerd-<id>.scope`, `crio-<id>.scope`,
// `libpod-<id>.scope`), with the cgroupfs driver a directory named by the id under the runtime's
// parent (`/docker/<id>`, `/libpod_parent/libpod-<id>`, `/kubepods/<qos>/pod<uid>/<id>`).
const LEAVES: readonly [RegExp, string][] = [
  [new RegExp(`(?:^|/)docker-${HEX64}\\.scope(?:/|$)`), 'docker'],
  [new RegExp(`(?:^|/)docker/${HEX64}(?:/|$)`), 'docker'],
  [new RegExp(`(?:^|/)cri-containerd-${HEX64}\\.scope(?:/|$)`), 'containerd'],
  [new RegExp(`(?:^|/)crio-${HEX64}\\.scope(?:/|$)`), 'cri-o'],
  // conmon, podman's monitor, runs beside the container in `libpod-conmon-<id>.scope`: not inside it.
  [new RegExp(`(?:^|/)libpod-${HEX64}(?:\\.scope)?(?:/|$)`), 'podman'],
  [/(?:^|\/)lxc\.payload\.([^/]+)(?:\/|$)/, 'lxc'],
  [/(?:^|\/)lxc\/([^/]+)(?:\/|$)/, 'lxc'],
  [/(?:^|\/)machine-([^/]+)\.scope(?:\/|$)/, 'systemd-nspawn'],
];
const POD =
  /(?:^|[/-])pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?(?:\/|$)/;
const KUBEPODS_LEAF = new RegExp(`(?:^|/)kubepods[^/]*/(?:.*/)?${HEX64}(?:/|$)`);

/**
 * The container named by a process's cgroups (man 7 cgroups), or undefined when none: the
 * unified (v2) hierarchy is asked first, then each v1 hierarchy in turn.
 */
export function containerOf(cgroups: readonly CgroupEntry[]): Container | undefined {
  const ordered = [...cgroups].sort((a, b) => (a.hierarchyId === 0 ? -1 : b.hierarchyId === 0 ? 1 : 0));
  for (const entry of ordered) {
    const found = containerOfPath(entry.path.toString('latin1'));
    if (found) return found;
  }
  return undefined;
}

/** The container named by one cgroup path (`/system.slice/docker-<id>.scope`). */
export function containerOfPath(path: string): Container | undefined {
  const pod = POD.exec(path)?.[1]?.replaceAll('_', '-');
  for (const [pattern, runtime] of LEAVES) {
    const m = pattern.exec(path);
    if (!m) continue;
    // libpod-conmon-<id> does not match libpod-<hex64> (conmon- is not hex), as meant.
    const container: Container = { runtime, id: m[1]! };
    if (pod !== undefined) container.podUid = pod;
    return container;
  }
  // The cgroupfs driver under Kubernetes: /kubepods/<qos>/pod<uid>/<id>, runtime unnamed.
  const leaf = KUBEPODS_LEAF.exec(path);
  if (leaf && pod !== undefined) return { runtime: 'kubernetes', id: leaf[1]!, podUid: pod };
  return undefined;
}
