// The version every command names, read once from the root package.json (the bundler inlines
// the one field; vitest and tsc read the same file).
import { version } from '../../../package.json';

export const TPROC_VERSION: string = version;

/**
 * The one version line of every command, in procps's form (`ps from procps-ng 4.0.2`):
 * `tps from tproc 0.1.0`. Each command prints it where its reference prints its version.
 */
export function versionLine(name: string): string {
  return `${name} from tproc ${TPROC_VERSION}\n`;
}
