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

/** C atoi(): leading blanks, a sign, digits; 0 when none. */
function atoi(word: string | undefined): number {
  const m = /^\s*([+-]?\d+)/.exec(word ?? '');
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

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
  const words = text
    .slice(close + 1)
    .split(/[ \t\n]+/)
    .filter((w) => w !== '');
  return {
    command: text.slice(open + 1, close),
    state: words[0]?.[0] ?? '',
    ppid: atoi(words[1]),
    pgid: atoi(words[2]),
  };
}
