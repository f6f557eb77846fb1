const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
};

/**
 * A POSIX extended regular expression (regex(7)) as a JavaScript RegExp over latin1 byte strings,
 * unanchored like regexec(3). Throws SyntaxError when either dialect rejects it.
 */
export function compileEre(pattern: string, ignoreCase: boolean): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw new SyntaxError('trailing backslash');
      // In an ERE a backslash quotes the next character; JS gives \d, \w, \b ... other meanings.
      out += /[a-zA-Z0-9]/.test(next) ? next : `\\${next}`;
      i++;
    } else if (c === '[') {
      const end = bracketEnd(pattern, i);
      if (end < 0) throw new SyntaxError('unterminated [');
      out += bracket(pattern.slice(i + 1, end));
      i = end;
    } else {
      out += c;
    }
  }
  return new RegExp(out, ignoreCase ? 'i' : '');
}

/** Index of the `]` closing the bracket expression opened at `open`, or -1. */
function bracketEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '[' && /[:.=]/.test(pattern[i + 1] ?? '')) {
      const close = pattern.indexOf(`${pattern[i + 1]}]`, i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else if (pattern[i] === ']') return i;
  }
  return -1;
}

function bracket(body: string): string {
  let out = '[';
  let i = 0;
  if (body[0] === '^') {
    out += '^';
    i = 1;
  }
  for (; i < body.length; i++) {
    const c = body[i]!;
    if (c === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2);
      const name = body.slice(i + 2, close);
      const cls = CLASSES[name];
      if (cls === undefined) throw new SyntaxError(`unknown class ${name}`);
      out += cls;
      i = close + 1;
    } else if (c === '\\' || c === ']' || c === '[' || c === '^') {
      // Inside brackets these are literal in POSIX.
      out += `\\${c}`;
    } else {
      out += c;
    }
  }
  return `${out}]`;
}
