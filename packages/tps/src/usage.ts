/** The usage block ps prints after an error and for `--help` without a known section. */
export function usageText(name: string): string {
  return (
    `\nUsage:\n ${name} [options]\n\n Try '${name} --help <simple|list|output|threads|misc|all>'\n` +
    `  or '${name} --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ${name}(1).\n`
  );
}
