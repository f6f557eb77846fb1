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

/** A mapped file: a maps line with an inode, once per device and inode, in maps order. */
export interface MappedFile {
  dev: { major: number; minor: number };
  inode: number;
  /** The path as latin1 text (one char per byte, so the bytes come back exactly). */
  path: string;
  deleted: boolean;
}

/**
 * The distinct files of /proc/<pid>/maps (what lsof lists as mem and DEL), without parsing every
 * field of every line: a process maps each library four or five times, and a listing of every
 * process reads thousands of these files.
 */
export function parseMappedFiles(text: string): MappedFile[] {
  const files: MappedFile[] = [];
  const seen = new Set<string>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // start-end perms offset major:minor inode [path]
    const s1 = text.indexOf(' ', start);
    const s2 = s1 < 0 ? -1 : text.indexOf(' ', s1 + 1);
    const s3 = s2 < 0 ? -1 : text.indexOf(' ', s2 + 1);
    const s4 = s3 < 0 ? -1 : text.indexOf(' ', s3 + 1);
    if (s4 > 0 && s4 < end) {
      let s5 = text.indexOf(' ', s4 + 1);
      if (s5 < 0 || s5 > end) s5 = end;
      const inodeText = text.slice(s4 + 1, s5);
      if (inodeText !== '0') {
        const devText = text.slice(s3 + 1, s4);
        const key = `${devText}:${inodeText}`;
        if (!seen.has(key)) {
          seen.add(key);
          let p = s5;
          while (p < end && text.charCodeAt(p) === 0x20) p++;
          let path = text.slice(p, end);
          if (path !== '') {
            const deleted = path.endsWith(DELETED);
            if (deleted) path = path.slice(0, -DELETED.length);
            const colon = devText.indexOf(':');
            files.push({
              dev: {
                major: Number.parseInt(devText.slice(0, colon), 16),
                minor: Number.parseInt(devText.slice(colon + 1), 16),
              },
              inode: Number(inodeText),
              path,
              deleted,
            });
          }
        }
      }
    }
    start = end + 1;
  }
  return files;
}
