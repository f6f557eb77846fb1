// What the executable's entry asks of a tpstree command line before tpstree's modules load
// (package.json `tproc.early`; scripts/multicall.ts).

/**
 * Whether the command line walks every process: pstree reads them all to build its tree (even
 * for one pid's or user's), but not to say its version (-V) or its usage. A guess from the words
 * alone, the options not parsed yet.
 */
export function walksEveryProcess(argv: readonly string[]): boolean {
  return !argv.some((arg) => /^-[a-zA-Z]*V|^--(version|help)$/.test(arg));
}
