import { readSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Lines from a descriptor (stdin by default), read as C stdio reads them: in blocks, the rest kept
 * for the next line, so that answers given ahead (`printf 'y\nn\n' | tfuser -ki ...`) are found
 * in turn. Lines come without their newline, as latin1 text; undefined at end of input (a last
 * line without a newline is still given).
 */
export class LineReader {
  #pending = Buffer.alloc(0);
  #ended = false;
  readonly #chunk = Buffer.alloc(4096);

  constructor(readonly fd = 0) {}

  readLine(): string | undefined {
    for (;;) {
      const newline = this.#pending.indexOf(0x0a);
      if (newline >= 0) {
        const line = this.#pending.toString('latin1', 0, newline);
        this.#pending = this.#pending.subarray(newline + 1);
        return line;
      }
      if (this.#ended) {
        if (this.#pending.length === 0) return undefined;
        const last = this.#pending.toString('latin1');
        this.#pending = Buffer.alloc(0);
        return last;
      }
      const n = this.#read();
      if (n === 0) this.#ended = true;
      else this.#pending = Buffer.concat([this.#pending, this.#chunk.subarray(0, n)]);
    }
  }

  #read(): number {
    for (;;) {
      try {
        return readSync(this.fd, this.#chunk, 0, this.#chunk.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A non-blocking descriptor inherited from the parent: wait a little and try again.
        if (code === 'EAGAIN') {
          Atomics.wait(pause, 0, 0, 5);
          continue;
        }
        // EOF (Windows-style), EBADF (stdin closed), EIO...: the end of input, as for C stdio.
        return 0;
      }
    }
  }
}
