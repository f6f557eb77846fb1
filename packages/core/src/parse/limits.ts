/** /proc/<pid>/limits (man 5 proc): a fixed-width table whose limit names contain spaces. */
export interface Limit {
  /** e.g. `Max open files`. */
  name: string;
  /** `'unlimited'` is RLIM_INFINITY; real finite limits stay below 2^53, so `number` is exact. */
  soft: number | 'unlimited';
  hard: number | 'unlimited';
  /** e.g. `files`, `bytes`; absent for `Max nice priority` and `Max realtime priority`. */
  units?: string;
}

// The kernel's column layout (fs/proc/base.c, "%-25s %-20s %-20s %-10s"): used without a header.
const DEFAULT_COLUMNS = { soft: 26, hard: 47, units: 68 };

function value(field: string): number | 'unlimited' {
  return field === 'unlimited' ? 'unlimited' : Number(field);
}

export function parseLimits(text: string): Limit[] {
  const lines = text.split('\n');
  let columns = DEFAULT_COLUMNS;
  const header = lines[0] ?? '';
  if (header.startsWith('Limit ')) {
    const soft = header.indexOf('Soft Limit');
    const hard = header.indexOf('Hard Limit');
    const units = header.indexOf('Units');
    if (soft > 0 && hard > soft && units > hard) columns = { soft, hard, units };
    lines.shift();
  }
  const limits: Limit[] = [];
  for (const line of lines) {
    const name = line.slice(0, columns.soft).trim();
    const soft = line.slice(columns.soft, columns.hard).trim();
    const hard = line.slice(columns.hard, columns.units).trim();
    const units = line.slice(columns.units).trim();
    if (name === '' || soft === '' || hard === '') continue;
    const limit: Limit = { name, soft: value(soft), hard: value(hard) };
    if (units !== '') limit.units = units;
    limits.push(limit);
  }
  return limits;
}
