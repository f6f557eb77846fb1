// What the executable's entry asks of a tps command line before tps's modules load
// (package.json `tproc.early`; scripts/multicall.ts).

/** A word whose last letter takes the next word as its value (UNIX -o, -p...; BSD o, p, t, U). */
const TAKES_VALUE = /^(?:-[a-zA-Z]*[oOpuUgGCtsqN]|[a-zA-Z]*[oOpUt]|--[a-z-]+)$/;

/**
 * Whether the command line lists every process (-e, -A, BSD a): what selectProcesses starts
 * again for. A guess from the words alone, the options not parsed yet: where it is wrong, the
 * listing's own restartForLongWalk still decides.
 */
export function walksEveryProcess(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (/^-[a-zA-Z]*[eA]/.test(arg) || /^[a-zA-Z]*a[a-zA-Z]*$/.test(arg)) return true;
    if (TAKES_VALUE.test(arg)) i++;
  }
  return false;
}
