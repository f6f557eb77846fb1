/**
 * /proc/<pid>/stat read the way lsof 4.95 reads it (observed), for a drop-in lsof: the command is
 * what lies between the first `(` and the `)` that balances it (`x)y)z` reads as `x`,
 * `p (q) r` whole), and the state, parent and group are the next three blank-separated words
 * (`x) S 1 2` gives parent 1 and group 2). A command whose parentheses never balance (`q(`)
 * makes the line unreadable. Core's parseStat is the right reading; this one copies lsof's.
 */
export interface LsofStat {
  /** Raw bytes (latin1), possibly empty (lsof then keeps the previous process's). */
  command: string;
  state: string;
  ppid: number;
  pgid: number;
}

/** C isspace() in the C locale. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** C atoi() of text[from, to): leading blanks, a sign, digits; 0 when none. */
function atoi(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isSpace(text.charCodeAt(i))) i++;
  const sign = i < to ? text[i] : '';
  if (sign === '-' || sign === '+') i++;
  let value = 0;
  for (; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return sign === '-' ? -value : value;
}

const isBlank = (c: number) => c === 32 || c === 9 || c === 10;

export function parseStatLsof(text: string): LsofStat | undefined {
  const open = text.indexOf('(');
  if (open < 0) return undefined;
  let depth = 0;
  let close = -1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return undefined;
  // The first three blank-separated words after the command: state, parent, group.
  const bounds: number[] = [];
  let i = close + 1;
  while (bounds.length < 6) {
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    if (i === text.length) break;
    const start = i;
    while (i < text.length && !isBlank(text.charCodeAt(i))) i++;
    bounds.push(start, i);
  }
  const [stateAt = 0, , ppidFrom = 0, ppidTo = 0, pgidFrom = 0, pgidTo = 0] = bounds;
  return {
    command: text.slice(open + 1, close),
    state: bounds.length ? (text[stateAt] as string) : '',
    ppid: atoi(text, ppidFrom, ppidTo),
    pgid: atoi(text, pgidFrom, pgidTo),
  };
}
