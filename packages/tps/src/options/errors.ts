/** A command-line problem: ps prints `error: <message>`, a blank line and the usage block. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A problem ps reports as a bare line, without `error:` or the usage block (quick-pid checks). */
export class PlainError extends Error {
  override readonly name = 'PlainError';
}
