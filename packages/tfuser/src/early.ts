// What the executable's entry asks of a tfuser command line before tfuser's modules load
// (package.json `tproc.early`; scripts/multicall.ts).

/**
 * Whether the command line walks every process: fuser reads every process's files for any name
 * (a file, a mount, a port), but not to list signals (-l) or say its version (-V). A guess from
 * the words alone, the options not parsed yet.
 */
export function walksEveryProcess(argv: readonly string[]): boolean {
  return !argv.some((arg) => /^-[a-z]*l|^-V$|^--(version|help|list-signals)$/.test(arg));
}
