import { UsageError } from './errors.ts';
import type { SortKey } from './types.ts';

/** Says whether a key can be sorted on (the column registry's check). */
export type Sortable = (key: string) => boolean;

/** `--sort` / `k`: `[+|-]key[,[+|-]key...]`; only commas separate (observed: `k "1 2"` is one unknown key). */
export function parseSortList(text: string, sortable: Sortable): SortKey[] {
  const keys: SortKey[] = [];
  for (const part of text.split(',')) {
    if (part === '') throw new UsageError('improper sort list');
    const sign = part[0];
    const descending = sign === '-';
    const key = sign === '-' || sign === '+' ? part.slice(1) : part;
    if (key === '' || !sortable(key)) throw new UsageError('unknown sort specifier');
    keys.push({ key, descending });
  }
  return keys;
}

/** man ps, "OBSOLETE SORT KEYS": the letters BSD `O` accepts, and the column each sorts by. */
const SORT_LETTERS: Record<string, string> = {
  // observed: `O c` orders by the arguments (man ps: "cmd"), not by the name.
  c: 'cmd',
  C: 'pcpu',
  f: 'flags',
  g: 'pgrp',
  G: 'tpgid',
  j: 'cutime',
  J: 'cstime',
  k: 'utime',
  m: 'min_flt',
  M: 'maj_flt',
  n: 'cmin_flt',
  N: 'cmaj_flt',
  o: 'session',
  p: 'pid',
  P: 'ppid',
  r: 'rss',
  R: 'resident',
  s: 'size',
  S: 'share',
  t: 'tty',
  T: 'start_time',
  U: 'uid',
  u: 'user',
  v: 'vsize',
  y: 'priority',
};

/** BSD `O` sort letters, each optionally preceded by `+` or `-` (`O -P`, `O Pp`); undefined if not. */
export function parseSortLetters(text: string, sortable: Sortable): SortKey[] | undefined {
  const keys: SortKey[] = [];
  const seen = new Set<string>();
  let descending = false;
  for (const c of text) {
    if (c === '+' || c === '-') {
      descending = c === '-';
      continue;
    }
    const key = SORT_LETTERS[c];
    // observed: a letter given twice (`O pp`, `O comm`) makes it no sort order at all.
    if (key === undefined || seen.has(c)) return undefined;
    seen.add(c);
    if (sortable(key)) keys.push({ key, descending });
    descending = false;
  }
  return keys;
}
