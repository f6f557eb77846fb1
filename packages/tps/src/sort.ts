import { isGone } from '@tproc/core';
import type { ColumnSpec, Row } from './columns/types.ts';
import type { SortKey } from './options/types.ts';

type Key = number | bigint | string;

function compareKeys(a: Key, b: Key): number {
  if (typeof a === 'string' || typeof b === 'string') {
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable sort by `--sort`/`k` keys, each computed once per row; rows that vanish are dropped. */
export function compareRows(rows: Row[], keys: SortKey[], lookup: (key: string) => ColumnSpec | undefined): Row[] {
  const specs = keys.map((k) => ({ spec: lookup(k.key), descending: k.descending }));
  const decorated: { row: Row; index: number; keys: Key[] }[] = [];
  rows.forEach((row, index) => {
    try {
      decorated.push({ row, index, keys: specs.map((s) => s.spec?.sortKey(row) ?? 0) });
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  });
  decorated.sort((a, b) => {
    for (let i = 0; i < specs.length; i++) {
      const c = specs[i]?.spec?.neverEqual ? a.index - b.index : compareKeys(a.keys[i] as Key, b.keys[i] as Key);
      if (c !== 0) return specs[i]?.descending ? -c : c;
    }
    return a.index - b.index;
  });
  return decorated.map((d) => d.row);
}
