import { UsageError } from './errors.ts';
import type { FormatItem } from './types.ts';

/** AIX descriptors (man ps, "AIX FORMAT DESCRIPTORS"): letter → column key. */
export const AIX_DESCRIPTORS: Record<string, string> = {
  C: 'pcpu',
  G: 'group',
  P: 'ppid',
  U: 'user',
  a: 'args',
  c: 'comm',
  g: 'rgroup',
  n: 'nice',
  p: 'pid',
  r: 'pgid',
  t: 'etime',
  u: 'ruser',
  x: 'time',
  y: 'tty',
  z: 'vsz',
};

/** Says whether the column registry knows a key (aliases included); the parser knows no columns. */
export type KnownColumn = (key: string) => boolean;

/**
 * `-o` / `o` / `--format` text: `key[:width][=Header]` items separated by commas or blanks. A
 * header runs to the next comma (observed: `pid=A B` is an error about `B`, so blanks end it too).
 */
export function parseFormatList(text: string, known: KnownColumn): FormatItem[] {
  // observed: ps reads the list as ordinary keys first (`pid,%cpu`, `%mem`); only a list that
  // fails that way and holds a `%` is taken as AIX descriptors, whose errors are then reported.
  if (!text.includes('%')) return parseKeyList(text, known);
  try {
    return parseKeyList(text, known);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return parseAix(text);
  }
}

function parseKeyList(text: string, known: KnownColumn): FormatItem[] {
  const items: FormatItem[] = [];
  // observed: a trailing blank is fine, a leading one or an empty item is "improper format list".
  const parts = text.replace(/ +$/, '').split(/[, ]/);
  for (const part of parts) {
    if (part === '') throw new UsageError('improper format list');
    items.push(parseItem(part, known));
  }
  return items;
}

function parseItem(part: string, known: KnownColumn): FormatItem {
  const eq = part.indexOf('=');
  const spec = eq < 0 ? part : part.slice(0, eq);
  const header = eq < 0 ? undefined : part.slice(eq + 1);
  const colon = spec.indexOf(':');
  const key = colon < 0 ? spec : spec.slice(0, colon);
  let width: number | undefined;
  if (colon >= 0) {
    const w = spec.slice(colon + 1);
    if (!/^\d+$/.test(w) || Number(w) === 0) throw new UsageError('column widths must be unsigned decimal numbers');
    width = Number(w);
  }
  if (!known(key)) throw new UsageError(`unknown user-defined format specifier "${key}"`);
  const item: FormatItem = { key };
  if (header !== undefined) item.header = header;
  if (width !== undefined) item.width = width;
  return item;
}

/**
 * AIX descriptors (`%p %C %a`): only blanks may sit between them. observed: a run of n blanks
 * between two descriptors gives max(1, n) blanks; leading and trailing blanks are kept as they
 * are; every column, the last included, is padded to its width.
 */
function parseAix(text: string): FormatItem[] {
  const items: FormatItem[] = [];
  let i = 0;
  let gap = 0;
  let prefix = '';
  while (i < text.length) {
    const c = text[i];
    if (c === ' ') {
      gap++;
      i++;
      continue;
    }
    if (c !== '%') {
      // observed: one literal character is allowed as the very first one only (`x%p` prints
      // `x  PID`, `x %p` too); `ab%p`, ` x%p`, `%p x` are improper.
      const after = text[i + 1];
      if (i !== 0 || (after !== '%' && after !== ' ')) throw new UsageError('improper AIX field descriptor');
      prefix = c ?? '';
      i++;
      continue;
    }
    const letter = text[i + 1];
    if (letter === undefined || letter === '%') throw new UsageError('missing AIX field descriptor');
    const key = AIX_DESCRIPTORS[letter];
    if (key === undefined) throw new UsageError('unknown AIX field descriptor');
    const next = text[i + 2];
    if (next !== undefined && next !== ' ' && next !== '%') throw new UsageError('improper AIX field descriptor');
    const item: FormatItem = { key, aix: true, gap: items.length === 0 ? gap : Math.max(1, gap) };
    if (items.length === 0 && prefix !== '') item.prefix = prefix;
    items.push(item);
    gap = 0;
    i += 2;
  }
  const last = items[items.length - 1];
  if (last) last.trailing = gap;
  return items;
}
