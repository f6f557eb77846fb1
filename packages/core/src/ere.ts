/**
 * POSIX extended regular expressions (glibc regcomp with REG_EXTENDED, as pgrep and killall -r
 * compile their patterns) translated to a JS RegExp over latin1 strings (one char per byte), with
 * glibc's regerror words for invalid ones. Both tools only ask "does it match", where POSIX
 * leftmost-longest and JS leftmost-first agree. Each tool words a failure its own way (observed:
 * `pgrep: regex error: Unmatched ( or \(`, exit 2; `killall: Bad regular expression: a(`, exit 1).
 * Observed rules (glibc 2.36 via pgrep 4.0.2):
 * - `*`, `+`, `?`, `{` with nothing before them (start, after `(`, `|` or `^`): "Invalid
 *   preceding regular expression"; a quantifier after a quantifier is allowed (`a**`);
 * - `{` after an atom must be a valid interval (`{n}`, `{n,}`, `{n,m}`, `{,m}`): "Unmatched \{"
 *   when no `}` follows at all, "Invalid content of \{\}" otherwise; counts over 32767: "Regular
 *   expression too big";
 * - an unmatched `)` is a literal, an unmatched `(` is "Unmatched ( or \(";
 * - `[` with nothing after it (but `^`): "Invalid regular expression"; an unclosed bracket:
 *   "Unmatched [, [^, [:, [., or [="; `]` first in a bracket is a literal; `\` in a bracket is a
 *   literal; reversed ranges and ranges ending in a class: "Invalid range end";
 * - `\1`-`\9` must name a group already closed: "Invalid back reference";
 * - GNU escapes `\w \W \s \S \b \B \< \> \` \'`; any other escaped char is itself; a final `\`
 *   is "Trailing backslash".
 */
export type EreResult = { ok: true; regex: RegExp } | { ok: false; error: string };

const ERR = {
  BADPAT: 'Invalid regular expression',
  ECOLLATE: 'Invalid collation character',
  ECTYPE: 'Invalid character class name',
  EESCAPE: 'Trailing backslash',
  ESUBREG: 'Invalid back reference',
  EBRACK: 'Unmatched [, [^, [:, [., or [=',
  EPAREN: 'Unmatched ( or \\(',
  EBRACE: 'Unmatched \\{',
  BADBR: 'Invalid content of \\{\\}',
  ERANGE: 'Invalid range end',
  ESIZE: 'Regular expression too big',
  BADRPT: 'Invalid preceding regular expression',
} as const;

class EreError extends Error {}

const DUP_MAX = 0x7fff;

// C-locale character classes, as JS class contents.
const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\v\\f\\r',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

// In a UTF-8 locale (compileEre's `unicode`), the letter classes take every letter (observed:
// `pgrep -x 'w[[:alpha:]]rk'` finds `wörk` in C.UTF-8, not in C).
const UNICODE_CLASSES: Record<string, string> = {
  alpha: '\\p{Alphabetic}',
  alnum: '0-9\\p{Alphabetic}',
  upper: '\\p{Uppercase}',
  lower: '\\p{Lowercase}',
};

const WORD = '[0-9A-Za-z_]';
const ESCAPES: Record<string, string> = {
  w: WORD,
  W: '[^0-9A-Za-z_]',
  s: '[ \\t\\n\\v\\f\\r]',
  S: '[^ \\t\\n\\v\\f\\r]',
  b: '\\b',
  B: '\\B',
  '<': `(?<!${WORD})(?=${WORD})`,
  '>': `(?<=${WORD})(?!${WORD})`,
  '`': '^',
  "'": '$',
};

function literal(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function classChar(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}

/**
 * `pattern` as one char per byte (the C locale), or with `unicode` as text (a UTF-8 locale, where
 * `.` and a bracket take one character of several bytes: observed, `pgrep -x 'w.rk'` finds `wörk`
 * in C.UTF-8, `w..rk` in C). The RegExp then runs on decoded text.
 */
export function compileEre(pattern: string, ignoreCase = false, unicode = false): EreResult {
  try {
    const flags = `s${ignoreCase ? 'i' : ''}${unicode ? 'u' : ''}`;
    return { ok: true, regex: new RegExp(translate(pattern, unicode), flags) };
  } catch (err) {
    if (err instanceof EreError) return { ok: false, error: err.message };
    return { ok: false, error: ERR.BADPAT };
  }
}

function translate(p: string, unicode: boolean): string {
  let i = 0;
  let groups = 0;
  const closed = new Set<number>();
  const open: number[] = [];
  // Output pieces of the current branch; `last` is the index of the last quantifiable atom.
  const out: string[] = [];
  let last = -1;
  const fail = (code: keyof typeof ERR): never => {
    throw new EreError(ERR[code]);
  };

  const quantify = (q: string) => {
    if (last < 0) fail('BADRPT');
    const atom = out.slice(last).join('');
    out.splice(
      last,
      out.length - last,
      /[*+?}]$/.test(atom) && !/\\[*+?}]$/.test(atom) ? `(?:${atom})${q}` : `${atom}${q}`,
    );
  };

  while (i < p.length) {
    const c = p[i] as string;
    switch (c) {
      case '\\': {
        const n = p[i + 1];
        if (n === undefined) fail('EESCAPE');
        i += 2;
        if (n !== undefined && /[1-9]/.test(n)) {
          if (!closed.has(Number(n))) fail('ESUBREG');
          last = out.length;
          out.push(`\\${n}`);
        } else if (n !== undefined && ESCAPES[n] !== undefined) {
          const e = ESCAPES[n] as string;
          last = /^\[/.test(e) ? out.length : -1;
          out.push(e);
        } else {
          last = out.length;
          out.push(literal(n as string));
        }
        break;
      }
      case '(':
        groups++;
        open.push(groups);
        out.push('(');
        last = -1;
        i++;
        break;
      case ')': {
        const g = open.pop();
        i++;
        if (g === undefined) {
          last = out.length;
          out.push('\\)');
          break;
        }
        // The atom is the whole group: find its opening piece.
        let depth = 0;
        let k = out.length - 1;
        for (; k >= 0; k--) {
          const piece = out[k] as string;
          if (piece === ')' || piece.endsWith('|)')) depth++;
          if (piece === '(') {
            if (depth === 0) break;
            depth--;
          }
        }
        out.push(')');
        closed.add(g);
        last = k;
        break;
      }
      case '|':
        out.push('|');
        last = -1;
        i++;
        break;
      case '^':
        out.push('^');
        last = -1;
        i++;
        break;
      case '$':
        out.push('$');
        last = -1;
        i++;
        break;
      case '*':
      case '+':
      case '?':
        quantify(c);
        i++;
        break;
      case '{': {
        if (last < 0) fail('BADRPT');
        const close = p.indexOf('}', i);
        if (close < 0) fail('EBRACE');
        const body = p.slice(i + 1, close);
        const m = /^(\d*)(,(\d*))?$/.exec(body);
        if (!m || (m[1] === '' && m[2] === undefined)) fail('BADBR');
        const min = m?.[1] === '' ? 0 : Number(m?.[1]);
        const max = m?.[2] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
        if (max !== undefined && max < min) fail('BADBR');
        if (min > DUP_MAX || (max ?? 0) > DUP_MAX) fail('ESIZE');
        quantify(max === undefined ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`);
        i = close + 1;
        break;
      }
      case '[': {
        const [cls, next] = bracket(p, i + 1, fail, unicode);
        last = out.length;
        out.push(cls);
        i = next;
        break;
      }
      case '.':
        last = out.length;
        out.push('.');
        i++;
        break;
      default:
        last = out.length;
        out.push(literal(c));
        i++;
    }
  }
  if (open.length > 0) fail('EPAREN');
  return out.join('');
}

/** A bracket expression starting after `[`: the JS class and the index after `]`. */
function bracket(
  p: string,
  start: number,
  fail: (code: keyof typeof ERR) => never,
  unicode: boolean,
): [string, number] {
  let i = start;
  let negate = false;
  if (p[i] === '^') {
    negate = true;
    i++;
  }
  if (i >= p.length) fail('BADPAT');
  const items: string[] = [];
  let first = true;
  // A single char (code) that may start or end a range, or undefined for a class.
  const element = (): { char?: string; cls?: string } => {
    const c = p[i] as string;
    if (c === '[' && (p[i + 1] === ':' || p[i + 1] === '.' || p[i + 1] === '=')) {
      const kind = p[i + 1] as string;
      const end = p.indexOf(`${kind}]`, i + 2);
      if (end < 0) fail('EBRACK');
      const name = p.slice(i + 2, end);
      i = end + 2;
      if (kind === ':') {
        const cls = (unicode ? UNICODE_CLASSES[name] : undefined) ?? CLASSES[name];
        if (cls === undefined) fail('ECTYPE');
        return { cls };
      }
      if (name.length !== 1) fail('ECOLLATE');
      return { char: name };
    }
    i++;
    return { char: c };
  };
  for (;;) {
    if (i >= p.length) fail('EBRACK');
    if (p[i] === ']' && !first) {
      i++;
      break;
    }
    first = false;
    const from = element();
    if (p[i] === '-' && p[i + 1] !== ']' && i + 1 < p.length) {
      i++;
      const to = element();
      if (from.char === undefined || to.char === undefined) fail('ERANGE');
      if ((from.char as string) > (to.char as string)) fail('ERANGE');
      items.push(`${classChar(from.char as string)}-${classChar(to.char as string)}`);
    } else if (p[i] === '-' && i + 1 >= p.length) {
      fail('EBRACK');
    } else {
      items.push(from.cls ?? classChar(from.char as string));
    }
  }
  return [`[${negate ? '^' : ''}${items.join('')}]`, i];
}
