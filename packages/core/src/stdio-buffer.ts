/**
 * What C stdio (glibc's fully buffered stream) still holds at exit when every write to its
 * descriptor fails (/dev/full, a closed descriptor), for a reference that hands stdio one line a
 * call: procps's ps and pgrep (observed with lines of chosen lengths on /dev/full, 4 KiB buffer).
 * A line that fits the buffer's room joins it; one that does not fills it, and the flush that
 * follows fails and empties it, the rest of the line dropped; before the buffer is made (the
 * first line), a line of a buffer or more is written around it and dropped whole. The flush at exit fails again only when something is left, and only then does the
 * reference name the error (`ps: write error: No space left on device`); otherwise it reports
 * the earlier failure alone (`ps: write error`).
 */
export class StdioBuffer {
  #allocated = false;
  #pending = 0;
  /** The bytes of the line being written, not yet handed over. */
  #line = 0;

  /** `size`: the stream's buffer, st_blksize of the descriptor (BUFSIZ, 8192, when fstat fails). */
  constructor(readonly size: number) {}

  /** Takes the next bytes written, in order. */
  feed(chunk: Buffer): void {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      this.#put(this.#line + nl + 1 - from);
      this.#line = 0;
      from = nl + 1;
    }
    this.#line += chunk.length - from;
  }

  /** Whether anything is left for the flush at exit (an unfinished line is the last call). */
  leftAtExit(): boolean {
    if (this.#line > 0) this.#put(this.#line);
    this.#line = 0;
    return this.#pending > 0;
  }

  /** One call of `n` bytes (glibc's _IO_new_file_xsputn, as observed). */
  #put(n: number): void {
    if (!this.#allocated) {
      // The first call allocates the buffer; whole buffers' worth go straight to the descriptor.
      this.#allocated = true;
      const direct = n - (n % this.size);
      this.#pending = direct > 0 ? 0 : n;
      return;
    }
    this.#pending = n <= this.size - this.#pending ? this.#pending + n : 0;
  }
}
