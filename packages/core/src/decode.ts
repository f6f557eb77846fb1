// Decoders that turn /proc's units into plain ones, for a report on one process (tproc inspect):
// pages and kB to bytes, signal masks to names, memory maps summed by what is mapped.
import type { MapEntry } from './parse/maps.ts';
import type { Statm } from './parse/statm.ts';
import type { Status } from './parse/status.ts';
import { signalName } from './signals.ts';

/** statm (man 5 proc: every field in pages) in bytes, `lib` and `dt` left out (always 0 since 2.6). */
export interface StatmBytes {
  /** Total program size (as VmSize). */
  size: number;
  /** Resident set (as VmRSS). */
  resident: number;
  /** Resident pages backed by a file (RssFile + RssShmem). */
  shared: number;
  /** Text (code). */
  text: number;
  /** Data plus stack. */
  data: number;
}

export function statmBytes(statm: Statm, pageSize: number): StatmBytes {
  return {
    size: statm.size * pageSize,
    resident: statm.resident * pageSize,
    shared: statm.shared * pageSize,
    text: statm.text * pageSize,
    data: statm.data * pageSize,
  };
}

/** The memory lines of status (written in kB, meaning KiB), in bytes; absent lines (kernel threads) left out. */
export const STATUS_MEMORY_FIELDS = [
  'vmPeak',
  'vmSize',
  'vmLck',
  'vmPin',
  'vmHwm',
  'vmRss',
  'rssAnon',
  'rssFile',
  'rssShmem',
  'vmData',
  'vmStk',
  'vmExe',
  'vmLib',
  'vmPte',
  'vmSwap',
] as const;

export type StatusMemoryField = (typeof STATUS_MEMORY_FIELDS)[number];

export function statusMemoryBytes(status: Status): Partial<Record<StatusMemoryField, number>> {
  const out: Partial<Record<StatusMemoryField, number>> = {};
  for (const field of STATUS_MEMORY_FIELDS) {
    const kb = status[field];
    if (kb !== undefined) out[field] = kb * 1024;
  }
  return out;
}

/** The signals set in a status mask (SigBlk, SigCgt...): bit n-1 is signal n. */
export function signalsInMask(mask: bigint): string[] {
  const names: string[] = [];
  for (let n = 1; n <= 64; n++) {
    if ((mask >> BigInt(n - 1)) & 1n) names.push(signalName(n) ?? String(n));
  }
  return names;
}

export type MappingKind = 'file' | 'anonymous' | 'heap' | 'stack' | 'vdso' | 'vvar' | 'vsyscall' | 'named' | 'other';

/** The regions of one mapped thing (a file, the heap, anonymous memory...), summed. */
export interface MappingSummary {
  /** The file's path or the pseudo name (`[heap]`); undefined for anonymous memory. */
  path?: Buffer;
  kind: MappingKind;
  regions: number;
  /** Sum of the regions' sizes. */
  sizeBytes: number;
  /** The distinct permission strings (`r-xp`, `rw-p`...), in order of appearance. */
  perms: string[];
  deleted: boolean;
}

function kindOf(m: MapEntry): MappingKind {
  if (!m.path) return 'anonymous';
  const p = m.path.toString('latin1');
  if (p === '[heap]') return 'heap';
  if (p === '[stack]' || p.startsWith('[stack:')) return 'stack';
  if (p === '[vdso]') return 'vdso';
  if (p === '[vvar]' || p === '[vvar_vclock]') return 'vvar';
  if (p === '[vsyscall]') return 'vsyscall';
  if (p.startsWith('[anon:')) return 'named';
  return p.startsWith('/') ? 'file' : 'other';
}

/** The maps of a process summed by mapping (path or pseudo name; all anonymous regions as one), largest first. */
export function summarizeMaps(maps: readonly MapEntry[]): MappingSummary[] {
  const byKey = new Map<string, MappingSummary>();
  for (const m of maps) {
    const kind = kindOf(m);
    const key = m.path ? `p:${m.path.toString('latin1')}` : 'anon';
    let s = byKey.get(key);
    if (!s) {
      s = { kind, regions: 0, sizeBytes: 0, perms: [], deleted: m.deleted };
      if (m.path) s.path = m.path;
      byKey.set(key, s);
    }
    s.regions++;
    s.sizeBytes += Number(m.end - m.start);
    if (!s.perms.includes(m.perms)) s.perms.push(m.perms);
  }
  return [...byKey.values()].sort((a, b) => b.sizeBytes - a.sizeBytes);
}
