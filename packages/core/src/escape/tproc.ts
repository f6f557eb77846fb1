// tproc's rule (packages/tproc, no reference to follow): text from a process (core's lossless
// textFromBytes, invalid bytes as U+DC80..U+DCFF) with everything that could steer or reorder a
// terminal made visible, whatever the locale.

// C0 and C1 controls, DEL, line/paragraph separators, bidirectional overrides and isolates
// (which could reorder what follows on the screen), and the escaped invalid bytes U+DC80..U+DCFF.
const HOSTILE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\udc80-\udcff]/g;
const C_FORMS: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** `text` with each control character or invalid byte as `\xNN` (`\t`, `\n`, `\r`, `\u202e`...). */
export function tprocEscape(text: string): string {
  return text.replace(HOSTILE, (c) => {
    const code = c.charCodeAt(0);
    if (C_FORMS[c]) return C_FORMS[c];
    if (code >= 0xdc80) return `\\x${(code - 0xdc00).toString(16)}`;
    if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
    return `\\u${code.toString(16)}`;
  });
}
