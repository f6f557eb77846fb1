/**
 * POSIX extended regular expressions (glibc regcomp with REG_EXTENDED, as pgrep and killall -r
 * compile their patterns) matched over latin1 strings (one char per byte), with glibc's regerror
 * words for invalid ones. A pattern becomes a JS RegExp (ere-v8.ts) or, when V8 refuses it, an
 * automaton of our own (ere-nfa.ts): any size that glibc takes matches, up to the 131,071 bytes
 * of one argument (pgrep -f with 131,071 `a`s compiles; procps's own tests match a path, `\s+`
 * and 104,800 `a`s, where V8 alone refuses 32,768). Both tools only ask "does it match", where POSIX
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
 *   is "Trailing backslash";
 * - what glibc cannot hold is "Memory exhausted" (pgrep -f '(a{32767}){32767}', or 65,535
 *   alternatives, under a 2 GB limit): ours says so of a pattern neither engine takes (a back
 *   reference in a pattern too big for V8, or an automaton of more than 4 million states).
 */
import { NfaBuilder, NfaUnfit } from './ere-nfa.ts';
import { ERR, EreError, parseEre } from './ere-parse.ts';
import { V8Builder } from './ere-v8.ts';

/** A compiled ERE; test() says whether it matches anywhere in `subject`. */
export interface EreMatcher {
  test(subject: string): boolean;
}

export type EreResult = { ok: true; regex: EreMatcher } | { ok: false; error: string };

/**
 * `pattern` as one char per byte (the C locale), or with `unicode` as text (a UTF-8 locale, where
 * `.` and a bracket take one character of several bytes: observed, `pgrep -x 'w.rk'` finds `wörk`
 * in C.UTF-8, `w..rk` in C); the matcher then runs on decoded text.
 */
export function compileEre(pattern: string, ignoreCase = false, unicode = false): EreResult {
  const flags = `s${ignoreCase ? 'i' : ''}${unicode ? 'u' : ''}`;
  const backrefs = /\\[1-9]/.test(pattern);
  const v8 = new V8Builder(backrefs);
  try {
    parseEre(pattern, v8, unicode);
  } catch (err) {
    if (err instanceof EreError) return { ok: false, error: err.message };
    throw err;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(v8.source(), flags);
    // V8 compiles on first use, and refuses then: twice, for its second tier.
    regex.test('');
    regex.test('');
  } catch {
    return unicode ? onBytes(pattern, ignoreCase, backrefs) : automaton(pattern, flags, backrefs);
  }
  let fallback: EreMatcher | undefined;
  return {
    ok: true,
    regex: {
      test(subject: string): boolean {
        if (fallback) return fallback.test(subject);
        try {
          return regex.test(subject);
        } catch {
          // Out of backtracking stack on a long subject: the automaton needs none.
          const other = unicode ? onBytes(pattern, ignoreCase, backrefs) : automaton(pattern, flags, backrefs);
          if (!other.ok) return false;
          fallback = other.regex;
          return fallback.test(subject);
        }
      },
    },
  };
}

/**
 * The automaton works on bytes (latin1 chars): in a UTF-8 locale it takes the pattern's and the
 * subject's UTF-8 bytes, so a `.` there takes one byte of a character, not the character.
 */
function onBytes(pattern: string, ignoreCase: boolean, backrefs: boolean): EreResult {
  const bytes = automaton(Buffer.from(pattern, 'utf8').toString('latin1'), ignoreCase ? 'si' : 's', backrefs);
  if (!bytes.ok) return bytes;
  const { regex } = bytes;
  return { ok: true, regex: { test: (subject) => regex.test(Buffer.from(subject, 'utf8').toString('latin1')) } };
}

/**
 * The automaton alone (ere-nfa.ts): no back references, and time linear in the subject whatever
 * the pattern. compileEre turns to it when V8 refuses a pattern; tests compare the two.
 */
export function compileEreAutomaton(pattern: string, ignoreCase = false): EreResult {
  const backrefs = /\\[1-9]/.test(pattern);
  try {
    parseEre(pattern, new V8Builder(backrefs));
  } catch (err) {
    if (err instanceof EreError) return { ok: false, error: err.message };
    throw err;
  }
  return automaton(pattern, ignoreCase ? 'si' : 's', backrefs);
}

function automaton(pattern: string, flags: string, backrefs: boolean): EreResult {
  if (backrefs) return { ok: false, error: ERR.ESPACE };
  const nfa = new NfaBuilder(flags);
  try {
    parseEre(pattern, nfa);
  } catch (err) {
    if (err instanceof NfaUnfit) return { ok: false, error: ERR.ESPACE };
    throw err;
  }
  return { ok: true, regex: nfa.matcher() };
}
