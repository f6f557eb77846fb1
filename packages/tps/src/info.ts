// `ps --info`: ps's debugging dump, on stderr (observed with procps-ng 4.0.2). Loaded only for it.
import { formatNames, type InfoShape } from './formats.ts';
import type { BsdFormat } from './options/types.ts';
import type { Personality } from './options/parse.ts';
import type { ScreenSize } from './screen.ts';

/** observed: the personality bits ps shows for each name it knows; others (posix, aix, ...) 0. */
const PERSONALITY_BITS: Record<string, number> = {
  bsd: 0x16,
  compaq: 0x22,
  digital: 0x22,
  tru64: 0x22,
  debian: 0x60,
  gnu: 0x60,
  hp: 0x400,
  hpux: 0x400,
  irix: 0x08,
  sgi: 0x08,
  linux: 0x320,
  old: 0x50,
  sco: 0x800,
  svr4: 0x800,
  sysv: 0x800,
  sunos4: 0x80,
};

/** `uname -m` names for process.arch. */
const MACHINES: Record<string, string> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  arm: 'armv7l',
  ia32: 'i686',
  ppc64: 'ppc64le',
  loong64: 'loongarch64',
};

const WORD32 = new Set(['arm', 'ia32', 'mips', 'mipsel', 'ppc']);

const BSD_LETTERS: BsdFormat[] = ['j', 'l', 's', 'u', 'v'];
const SYSV_SHAPES: InfoShape[] = ['f', 'fl', 'j', 'l'];

export interface InfoFacts {
  personality: Personality;
  screen: ScreenSize;
  euid: number;
  /** tty_nr of our own process (0: none). */
  ttyNr: number;
  pageSize: number;
  version: string;
}

export function infoText(f: InfoFacts): string {
  const names = formatNames(f.personality.key);
  const bits = PERSONALITY_BITS[f.personality.key] ?? 0;
  const major = (f.ttyNr >> 8) & 0xfff;
  const minor = (f.ttyNr & 0xff) | ((f.ttyNr >> 12) & 0xfff00);
  const word = WORD32.has(process.arch) ? 4 : 8;
  const lines = [
    ...BSD_LETTERS.map((l) => `BSD ${l}    ${names?.bsd?.[l] ?? `OL_${l}`}`),
    ...SYSV_SHAPES.map((s) => `SysV ${`-${s}`.padEnd(3)} ${names?.sysv?.[s] ?? '(none)'}`),
    '',
    `tproc version ${f.version}`,
    `Compiled with: node ${process.versions.node}`,
    '',
    // observed: --info stands alone, so no heading option ever changes these.
    'header_gap=-1 lines_to_next_header=1',
    `screen_cols=${f.screen.cols} screen_rows=${f.screen.rows}`,
    '',
    `personality=0x${bits.toString(16).padStart(8, '0')} (from "${f.personality.name}")`,
    `EUID=${f.euid} TTY=${major},${minor} page_size=${f.pageSize}`,
    `sizeof(proc_t)=${word} sizeof(long)=${word} sizeof(long)=${word}`,
    `archdefs: ${MACHINES[process.arch] ?? process.arch}`,
  ];
  return `${lines.join('\n')}\n`;
}
