/** The pieces a tree is drawn with, per style (`-A`, `-G`, `-U`). */
export interface Symbols {
  /** Between a parent and its only child. */
  single: string;
  /** Between a parent and its first child when more follow. */
  first: string;
  /** Before a later child that is not the last. */
  branch: string;
  /** Before the last child. */
  last: string;
  /** Continues a parent's branch past a line. */
  vertical: string;
}

const vt100 = (s: string): string => `\x1b(0\x0f${s}\x1b(B`;

export const SYMBOLS = {
  ascii: { single: '---', first: '-+-', branch: '|-', last: '`-', vertical: '| ' },
  utf8: { single: '───', first: '─┬─', branch: '├─', last: '└─', vertical: '│ ' },
  // observed: psmisc 23.6 switches to the DEC graphics set and back around every piece.
  vt100: {
    single: vt100('qqq'),
    first: vt100('qwq'),
    branch: vt100('tq'),
    last: vt100('mq'),
    vertical: `${vt100('x')} `,
  },
} satisfies Record<string, Symbols>;

export type SymbolStyle = keyof typeof SYMBOLS;
