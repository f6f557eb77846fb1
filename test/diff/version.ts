// Every command prints core's versionLine (`tkill from tproc 0.1.0`) where its reference prints
// its own version: the comparisons put ours in the reference's place, and version.test.ts checks
// that ours prints exactly that.
import { TPROC_VERSION } from '@tproc/core';

const PSMISC = new RegExp(
  String.raw`^(\S+) \(PSmisc\) 23\.6\nCopyright \(C\) 1993-20\d\d Werner Almesberger and Craig Small\n\n` +
    String.raw`PSmisc comes with ABSOLUTELY NO WARRANTY\.\nThis is free software, and you are welcome to ` +
    String.raw`redistribute it under\nthe terms of the GNU General Public License\.\nFor more information ` +
    String.raw`about these matters, see the files named COPYING\.\n`,
  'gm',
);

/** lsof -v's block: `lsof version information:` and its indented lines (revision, compiler...). */
const LSOF = /^(\S+) version information:\n(?: {4}.*\n)+/gm;

/**
 * The reference's version text as ours prints it: procps's `NAME from procps-ng 4.0.2`, psmisc's
 * `NAME (PSmisc) 23.6` with its copyright block and lsof's version block all become `NAME from
 * tproc VERSION`.
 */
export function referenceVersionAsOurs(text: string): string {
  return text
    .replace(LSOF, `$1 from tproc ${TPROC_VERSION}\n`)
    .replace(/^(\S+) from procps-ng 4\.0\.2$/gm, `$1 from tproc ${TPROC_VERSION}`)
    .replace(PSMISC, `$1 from tproc ${TPROC_VERSION}\n`);
}
