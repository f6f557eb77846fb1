// What the executable's entry asks of a tlsof command line before tlsof's modules load
// (package.json `tproc.early`; scripts/multicall.ts).

/**
 * Whether the command line walks every process: no selection that narrows the walk (-p, -c,
 * -u, -g, -i: each reads every process's stat or none first), and no help or version. A guess
 * from the words alone, the options not parsed yet: where it is wrong, the walk's own
 * restartForLongWalk still decides.
 */
export function walksEveryProcess(argv: readonly string[]): boolean {
  return !argv.some((arg) => /^-[a-zA-Z]*[pcugihvV?]/.test(arg));
}
