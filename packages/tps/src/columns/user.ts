import { available } from '@tproc/core';
import { taskOf } from './row.ts';
import type { Row } from './types.ts';

/** Which of status's four ids (real, effective, saved, filesystem). */
export type IdKind = 0 | 1 | 2 | 3;
export const REAL: IdKind = 0;
export const EFFECTIVE: IdKind = 1;
export const SAVED: IdKind = 2;
export const FS: IdKind = 3;

export const uidOf = (row: Row, kind: IdKind): number => taskOf(row).status().uid[kind];
export const gidOf = (row: Row, kind: IdKind): number => taskOf(row).status().gid[kind];

/** The user name, or the number when passwd has none or `n` asks for numbers. */
export function userName(row: Row, kind: IdKind): string {
  const uid = uidOf(row, kind);
  if (row.ctx.numeric) return String(uid);
  return row.ctx.fs.users().userName(uid) ?? String(uid);
}

export function groupName(row: Row, kind: IdKind): string {
  const gid = gidOf(row, kind);
  if (row.ctx.numeric) return String(gid);
  return row.ctx.fs.users().groupName(gid) ?? String(gid);
}

/** supgid: the supplementary group ids, comma-separated; `-` when there are none. */
export function supgid(row: Row): string {
  const groups = taskOf(row).status().groups;
  return groups.length === 0 ? '-' : groups.join(',');
}

/** supgrp: the same as names. */
export function supgrp(row: Row): string {
  const groups = taskOf(row).status().groups;
  if (groups.length === 0) return '-';
  const users = row.ctx.fs.users();
  return groups.map((g) => users.groupName(g) ?? String(g)).join(',');
}

/** luid: the login uid, `-` when unset ((uid_t)-1) or unreadable. */
export function luid(row: Row): string {
  const id = available(() => taskOf(row).loginuid());
  return id === undefined || id === 4294967295 || Number.isNaN(id) ? '-' : String(id);
}

/**
 * Observed: a name wider than its column ends in `+` (`systemd+`), unless the column is last.
 * The driver calls this for non-final user and group columns.
 */
export function plusTruncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(width - 1, 0))}+` : text;
}
