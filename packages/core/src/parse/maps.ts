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
