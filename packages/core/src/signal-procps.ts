import { signalNumber } from './signals.ts';

/**
 * How procps-ng 4.0.2 reads a signal argument (`kill -SIG`, `kill -s SIG`, `pkill -SIG`,
 * `pkill --signal SIG`): the signal number, or -1 when it is not one (kill then passes -1 on to
 * kill(2), which fails with EINVAL; the dash form is then read as options instead). Observed:
 * - names ignore case, `SIG` is optional, aliases IOT CLD IO POLL and EXIT/NULL (0) are known;
 * - `RTMIN` and `RTMIN+n` (n <= 30, decimal digits only) work; `RTMAX`, `RTMAX-n`, `RTMIN-n` do not;
 * - numbers are read like strtol(3) in base 10 (leading blanks and a sign allowed, nothing after),
 *   and only 0 to 93 count as signals: `-93` is a signal, `-94` is options `-9 -4`.
 */
export function procpsSignalNumber(text: string): number {
  const number = strtolDecimal(text);
  if (number !== undefined) return number >= 0 && number <= 93 ? number : -1;
  let name = text.toUpperCase();
  if (name.startsWith('SIG')) name = name.slice(3);
  const rt = /^RTMIN(?:\+(\d+))?$/.exec(name);
  if (rt) {
    const offset = Number(rt[1] ?? 0);
    return offset <= 30 ? 34 + offset : -1;
  }
  if (name.startsWith('RT') || /^\d/.test(name)) return -1;
  return signalNumber(name, { caseInsensitive: true, aliases: true, realtime: false, numbers: false }) ?? -1;
}

/**
 * strtol(text, &end, 10) that must consume the whole string: leading white space and one sign
 * allowed. Returns a bigint-safe Number only when the text is such a decimal, else undefined.
 */
export function strtolDecimal(text: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(text);
  // `+ 0` turns -0 into 0.
  return m ? Number(m[1]) + 0 : undefined;
}
