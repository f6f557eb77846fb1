import { hasTerminfo } from '@tproc/core';

/** Bold on/off as pstree gets them from the terminal database (termcap `md` and `me`). */
export interface Bold {
  on: string;
  off: string;
}

const E = '\x1b';
// observed: ncurses' termcap view of sgr0 is `me`, which psmisc 23.6 prints after a bold name.
// Most entries give ESC[0m; these give something else (Debian 12's ncurses-base/ncurses-term).
const ME_BY_TERM: Record<string, string> = {
  cons25: `${E}[m`,
  'cons25-debian': `${E}[m`,
  linux: `${E}[m\x0f`,
  'rxvt-unicode': `${E}[m`,
  'rxvt-unicode-256color': `${E}[m`,
  sun: `${E}[m`,
  'xterm-color': `${E}[m`,
  'xterm-mono': `${E}[m`,
  'xterm-r5': `${E}[m`,
  'xterm-r6': `${E}[m`,
};
/** Entries without `md` (bold); `dumb` and `vt52` have no `me` either. */
const NO_BOLD = new Set(['dumb', 'sun', 'vt52']);
const NO_ME = new Set(['dumb', 'vt52']);

export type BoldLookup = { ok: true; bold: Bold } | { ok: false; error: string };

export function lookupBold(env: Record<string, string | undefined>): BoldLookup {
  const term = env.TERM;
  if (term === undefined) return { ok: false, error: 'TERM is not set\n' };
  if (!hasTerminfo(term, env)) return { ok: false, error: "Can't get terminal capabilities\n" };
  return {
    ok: true,
    bold: {
      on: NO_BOLD.has(term) ? '' : `${E}[1m`,
      off: NO_ME.has(term) ? '' : (ME_BY_TERM[term] ?? `${E}[0m`),
    },
  };
}
