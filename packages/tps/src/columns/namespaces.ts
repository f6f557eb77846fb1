import { taskOf } from './row.ts';
import type { NamespaceType } from '@tproc/core';
import type { Row } from './types.ts';

/** cgroupns, ipcns, ...: the namespace's inode number, `-` when the ns link is unreadable. */
export function namespaceInode(row: Row, type: NamespaceType): string {
  try {
    const inode = taskOf(row).namespace(type);
    return Number.isFinite(inode) ? String(inode) : '-';
  } catch {
    // Denied (observed: pid 1 here), gone, or a link we cannot parse: ps shows `-` for all.
    return '-';
  }
}
