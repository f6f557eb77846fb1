/**
 * Output with pstree's line cutting (observed, psmisc 23.6): a line holds at most `width - 1`
 * columns and then a `+`. Every byte that does not continue a UTF-8 sequence counts a column, so
 * the VT100 escapes of `-G` count, and a cut inside a UTF-8 symbol prints one `+` per byte of it.
 * Highlight and colour escapes are written outside the count.
 */
export class LineWriter {
  #out: string[] = [];
  /** Bytes counted on this line (the cut); pstree's own notion of the column. */
  count = 0;
  /** Column as laid out (a symbol counts its drawn width). */
  column = 0;

  constructor(readonly width: number | undefined) {}

  text(s: string, drawnWidth = s.length): void {
    this.column += drawnWidth;
    const width = this.width;
    if (width === undefined) {
      this.#out.push(s);
      return;
    }
    if (this.count > width) {
      this.count += s.length;
      return;
    }
    if (this.count + s.length < width && drawnWidth === s.length) {
      // Fast path: ASCII (or one-column symbols) well before the cut.
      this.count += s.length;
      this.#out.push(s);
      return;
    }
    for (const ch of s) {
      const code = ch.codePointAt(0)!;
      const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      this.count++;
      if (this.count < width) this.#out.push(ch);
      else if (this.count === width) this.#out.push('+'.repeat(bytes));
    }
  }

  /**
   * Whether the process drawn after a connector `drawn` columns wide (written next) gets its
   * colour and highlight escapes. Observed, psmisc 23.6: pstree decides before the connector,
   * counting it by its drawn width (not its `-G` escape bytes), and still writes the escapes,
   * around nothing, for a name starting just after the `+`: `2*[sh---sleep]` cut at `2` keeps
   * the pair of `sh`, and cut in the middle of `---` the pair of `sleep`.
   */
  escapesAfter(drawn: number): boolean {
    return this.width === undefined || this.count + drawn <= this.width + 1;
  }

  raw(s: string): void {
    this.#out.push(s);
  }

  newline(): void {
    this.#out.push('\n');
    this.count = 0;
    this.column = 0;
  }

  padTo(column: number): void {
    if (column > this.column) this.text(' '.repeat(column - this.column));
  }

  result(): string {
    return this.#out.join('');
  }
}
