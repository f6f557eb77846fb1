import { signalName } from './signals.ts';

/**
 * A signal as psmisc reads one (killall -SIGNAL / -s, fuser -SIGNAL; observed): a leading digit
 * makes it a number as atoi(3) reads it (`9v` is 9, `010` is 10, no upper bound: 99 fails later in
 * kill(2), and `4294967305` wraps to 9 as C's int does); otherwise one of the 31 standard names,
 * upper case, after an optional `SIG` (`SIGhup` is reported as `hup`). `unknown` is the text the
 * error names: `NAME: unknown signal; fuser -l lists signals.`
 */
export function psmiscSignal(text: string): { number: number } | { unknown: string } {
  if (/^\d/.test(text)) {
    const digits = /^\d+/.exec(text)?.[0] ?? '0';
    // strtol saturates at LONG_MAX; atoi keeps the low 32 bits of that long.
    const long = BigInt(digits) > 0x7fffffffffffffffn ? 0x7fffffffffffffffn : BigInt(digits);
    return { number: Number(BigInt.asIntN(32, long)) };
  }
  const name = text.startsWith('SIG') ? text.slice(3) : text;
  for (let n = 1; n <= 31; n++) if (signalName(n) === name) return { number: n };
  return { unknown: name };
}

/** `killall -l` and `fuser -l`: the 31 standard names, 16 to a line. */
export function psmiscSignalList(): string {
  const names = Array.from({ length: 31 }, (_, i) => signalName(i + 1) ?? '');
  return `${names.slice(0, 16).join(' ')}\n${names.slice(16).join(' ')}\n`;
}
