/** /proc/<pid>/maps (man 5 proc). */
export interface MapEntry {
  start: bigint;
  end: bigint;
  /** e.g. `r-xp`; the fourth char is `p` (private) or `s` (shared). */
  perms: string;
  offset: bigint;
  dev: { major: number; minor: number };
  inode: number;
  /** File path or pseudo name (`[heap]`, `[stack]`, `[vdso]`, `[anon:name]`); absent for anonymous maps. */
  path?: Buffer;
  /** The kernel appended ` (deleted)` to the path: the mapped file was unlinked. */
  deleted: boolean;
}

const LINE = /^([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) ([0-9a-f]+):([0-9a-f]+) (\d+) ?/;
const DELETED = ' (deleted)';

/** `text` is the file decoded as latin1 (or its raw bytes); paths come back as the original bytes. */
export function parseMaps(text: string | Buffer): MapEntry[] {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const entries: MapEntry[] = [];
  for (const line of s.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    // Paths are absolute or `[name]`, so the padding can be stripped. The kernel writes a newline
    // in a path as `\012` but leaves `\` alone (seq_file_path), so that escape is ambiguous: kept as is.
    let rest = line.slice(m[0].length).replace(/^ +/, '');
    let deleted = false;
    if (rest.endsWith(DELETED)) {
      deleted = true;
      rest = rest.slice(0, -DELETED.length);
    }
    const entry: MapEntry = {
      start: BigInt(`0x${m[1]}`),
      end: BigInt(`0x${m[2]}`),
      perms: m[3]!,
      offset: BigInt(`0x${m[4]}`),
      dev: { major: Number.parseInt(m[5]!, 16), minor: Number.parseInt(m[6]!, 16) },
      inode: Number(m[7]),
      deleted,
    };
    if (rest !== '') entry.path = Buffer.from(rest, 'latin1');
    entries.push(entry);
  }
  return entries;
}

/** Where a file-backed map's file lives: its device and inode (maps' 4th and 5th fields). */
export interface MappedFile {
  major: number;
  minor: number;
  inode: number;
}

/**
 * The device and inode of every map with an inode, in maps order (repeats kept): for scans that
 * compare files only (fuser's `m`), without reading addresses or paths.
 */
export function parseMapsFiles(text: string | Buffer): MappedFile[] {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const files: MappedFile[] = [];
  let start = 0;
  while (start < s.length) {
    let end = s.indexOf('\n', start);
    if (end < 0) end = s.length;
    // address perms offset dev inode [path]: the dev field follows the third space.
    const a = s.indexOf(' ', start);
    const b = a < 0 ? -1 : s.indexOf(' ', a + 1);
    const c = b < 0 ? -1 : s.indexOf(' ', b + 1);
    const d = c < 0 ? -1 : s.indexOf(' ', c + 1);
    if (d > 0 && d < end) {
      const colon = s.indexOf(':', c + 1);
      let e = s.indexOf(' ', d + 1);
      if (e < 0 || e > end) e = end;
      const inode = Number(s.slice(d + 1, e));
      if (inode > 0 && colon > c && colon < d) {
        files.push({
          major: Number.parseInt(s.slice(c + 1, colon), 16),
          minor: Number.parseInt(s.slice(colon + 1, d), 16),
          inode,
        });
      }
    }
    start = end + 1;
  }
  return files;
}
