/** Seconds per unit of `-o`/`-y` (killall(1): s, m, h, d, w, M, y). */
const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 60 * 60,
  d: 24 * 60 * 60,
  w: 7 * 24 * 60 * 60,
  M: 30 * 24 * 60 * 60,
  y: 365 * 24 * 60 * 60,
};

/**
 * `-o`/`-y` TIME. The man page says "a float then a unit", but observed: only a positive whole
 * number followed by a unit letter is taken (`1.5m`, `0s`, `10` and `.5s` are "Invalid time
 * format"); anything after the unit letter is ignored (`1ss`).
 */
export function parseAge(text: string): number | undefined {
  const m = /^[ \t]*\+?(\d+)(.)/.exec(text);
  if (!m) return undefined;
  const count = Number(m[1]);
  const unit = UNIT_SECONDS[m[2]!];
  if (unit === undefined || count <= 0) return undefined;
  return count * unit;
}
