// The scanner of POSIX extended regular expressions (see ere.ts): it checks a pattern as glibc's
// regcomp does and hands what it reads to a builder (ere-v8.ts, ere-nfa.ts).

export const ERR = {
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
  ESPACE: 'Memory exhausted',
  BADRPT: 'Invalid preceding regular expression',
} as const;

export class EreError extends Error {}

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

// In a UTF-8 locale (parseEre's `unicode`), the letter classes take every letter (observed:
// `pgrep -x 'w[[:alpha:]]rk'` finds `wörk` in C.UTF-8, not in C).
const UNICODE_CLASSES: Record<string, string> = {
  alpha: '\\p{Alphabetic}',
  alnum: '0-9\\p{Alphabetic}',
  upper: '\\p{Uppercase}',
  lower: '\\p{Lowercase}',
};

/** GNU's escapes for one character, as JS classes. */
const CLASS_ESCAPES: Record<string, string> = {
  w: '[0-9A-Za-z_]',
  W: '[^0-9A-Za-z_]',
  s: '[ \\t\\n\\v\\f\\r]',
  S: '[^ \\t\\n\\v\\f\\r]',
};

/**
 * Where an assertion holds: `^` and `$` at the ends (also GNU's \\` and \\'), `b` and `B` at a
 * word boundary or not, `<` and `>` at the start and the end of a word.
 */
export type AssertKind = '^' | '$' | 'b' | 'B' | '<' | '>';

const ASSERT_ESCAPES: Record<string, AssertKind> = { b: 'b', B: 'B', '<': '<', '>': '>', '`': '^', "'": '$' };

/** What the scanner reads, in order; a builder makes a matcher of it. */
export interface EreBuilder {
  /** One character: `js` is a JS regex atom for it (an escaped literal, `.` or a class). */
  char(js: string): void;
  assert(kind: AssertKind): void;
  backref(group: number): void;
  /** `(`, opening group number `group`. */
  open(group: number): void;
  /** The `)` of the innermost open group. */
  close(): void;
  /** `|`. */
  alternative(): void;
  /** A quantifier on the last char, back reference, group or repetition. */
  repeat(min: number, max: number | undefined): void;
  /** The end of the pattern. */
  end(): void;
}

// `-` outside a bracket is itself, and `\-` is no escape under RegExp's `u` flag.
function literal(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function classChar(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}

/** A bound of an interval: its number (clamped past DUP_MAX), none, or bad; and what ended it. */
interface Bound {
  value: number | 'none' | 'bad';
  end: '}' | ',' | 'end';
  next: number;
}

/**
 * Reads one bound from `k`, one token at a time as glibc does (observed): `\x` is one token, and
 * `\,` still separates (a{1\,2} is a{1,2}), `\}` closes nothing (a{1\} is "Unmatched \{"), `\0`
 * is a digit but `\1` (a back reference) is not (a{\0} is a{0}, a{1,\2} bad content).
 */
function bound(p: string, k: number): Bound {
  let value: Bound['value'] = 'none';
  while (k < p.length) {
    const escaped = p[k] === '\\';
    const c = p[escaped ? k + 1 : k];
    k += escaped ? 2 : 1;
    if (c === '}' && !escaped) return { value, end: '}', next: k };
    if (c === ',') return { value, end: ',', next: k };
    const digit = c !== undefined && c >= '0' && c <= '9' && !(escaped && c !== '0');
    if (!digit || value === 'bad') value = 'bad';
    else value = Math.min((value === 'none' ? 0 : value) * 10 + Number(c), DUP_MAX + 1);
  }
  return { value, end: 'end', next: k };
}

/**
 * An interval after `{` at `k`: [min, max (undefined: none), index after `}`]. observed: an
 * interval that never closes is "Unmatched \{", unless its lower bound is bad and a comma follows
 * (a{-, is bad content); counts clamp at 32,768 before they compare (a{99999,1} is bad content,
 * a{40000,39999} too big).
 */
function interval(p: string, k: number, fail: (code: keyof typeof ERR) => never): [number, number | undefined, number] {
  const first = bound(p, k);
  if (first.end === 'end') fail('EBRACE');
  let min: number;
  let max: number | undefined;
  let next = first.next;
  if (first.end === ',') {
    if (first.value === 'bad') fail('BADBR');
    const second = bound(p, first.next);
    if (second.end === 'end') fail('EBRACE');
    if (second.end === ',' || second.value === 'bad') fail('BADBR');
    min = first.value === 'none' ? 0 : (first.value as number);
    max = second.value === 'none' ? undefined : (second.value as number);
    next = second.next;
  } else {
    if (first.value === 'bad' || first.value === 'none') fail('BADBR');
    min = first.value as number;
    max = min;
  }
  if (max !== undefined && max < min) fail('BADBR');
  if (min > DUP_MAX || (max ?? 0) > DUP_MAX) fail('ESIZE');
  return [min, max, next];
}

/**
 * Reads `p`, throwing EreError with glibc's words at the first fault, and tells `b` what it reads.
 * `unicode`: `p` is text in a UTF-8 locale (letter classes beyond ASCII), not one char per byte.
 */
export function parseEre(p: string, b: EreBuilder, unicode = false): void {
  let i = 0;
  let groups = 0;
  const open: number[] = [];
  const closed = new Set<number>();
  // Whether a quantifier may follow: not at the start, after `(`, `|` or an assertion.
  let quantifiable = false;
  const fail = (code: keyof typeof ERR): never => {
    throw new EreError(ERR[code]);
  };
  // After a quantifier another may follow (`a**`, observed).
  const quantify = (min: number, max: number | undefined): void => {
    if (!quantifiable) fail('BADRPT');
    b.repeat(min, max);
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
          b.backref(Number(n));
          quantifiable = true;
        } else if (n !== undefined && ASSERT_ESCAPES[n] !== undefined) {
          b.assert(ASSERT_ESCAPES[n]);
          quantifiable = false;
        } else {
          b.char(CLASS_ESCAPES[n as string] ?? literal(n as string));
          quantifiable = true;
        }
        break;
      }
      case '(':
        groups++;
        open.push(groups);
        b.open(groups);
        quantifiable = false;
        i++;
        break;
      case ')':
        i++;
        quantifiable = true;
        if (open.length === 0) {
          b.char('\\)');
          break;
        }
        closed.add(open.pop() as number);
        b.close();
        break;
      case '|':
        b.alternative();
        quantifiable = false;
        i++;
        break;
      case '^':
      case '$':
        b.assert(c);
        quantifiable = false;
        i++;
        break;
      case '*':
        quantify(0, undefined);
        i++;
        break;
      case '+':
        quantify(1, undefined);
        i++;
        break;
      case '?':
        quantify(0, 1);
        i++;
        break;
      case '{': {
        if (!quantifiable) fail('BADRPT');
        const [min, max, next] = interval(p, i + 1, fail);
        quantify(min, max);
        i = next;
        break;
      }
      case '[': {
        const [cls, next] = bracket(p, i + 1, fail, unicode);
        b.char(cls);
        quantifiable = true;
        i = next;
        break;
      }
      default:
        b.char(c === '.' ? '.' : literal(c));
        quantifiable = true;
        i++;
    }
  }
  if (open.length > 0) fail('EPAREN');
  b.end();
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
