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
 * Mapped files met before, by their line's text from the device on (device, inode, path): a
 * listing of thousands of processes that map the same libraries parses each line once. `id` is
 * the device and inode, which a process's files are distinct by.
 */
export type MappedFileCache = Map<string, { file: MappedFile | undefined; id: string }>;

/**
 * The distinct files of /proc/<pid>/maps (what lsof lists as mem and DEL), without parsing every
 * field of every line: a process maps each library four or five times, and a listing of every
 * process reads thousands of these files. Files of lines met before come from `known`, the same
 * objects.
 */
export function parseMappedFiles(text: string, known: MappedFileCache = new Map()): MappedFile[] {
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
      // Inode 0: no file.
      if (s5 !== s4 + 2 || text.charCodeAt(s4 + 1) !== 0x30) {
        const line = text.slice(s3 + 1, end);
        let hit = known.get(line);
        if (hit === undefined) {
          hit = mappedFile(text, s3, s4, s5, end);
          known.set(line, hit);
        }
        if (!seen.has(hit.id)) {
          seen.add(hit.id);
          if (hit.file) files.push(hit.file);
        }
      }
    }
    start = end + 1;
  }
  return files;
}

/** The file of a maps line whose device lies between s3 and s4, the inode up to s5. */
function mappedFile(text: string, s3: number, s4: number, s5: number, end: number) {
  const devText = text.slice(s3 + 1, s4);
  const inodeText = text.slice(s4 + 1, s5);
  const id = `${devText}:${inodeText}`;
  let p = s5;
  while (p < end && text.charCodeAt(p) === 0x20) p++;
  let path = text.slice(p, end);
  if (path === '') return { file: undefined, id };
  const deleted = path.endsWith(DELETED);
  if (deleted) path = path.slice(0, -DELETED.length);
  const colon = devText.indexOf(':');
  const dev = {
    major: Number.parseInt(devText.slice(0, colon), 16),
    minor: Number.parseInt(devText.slice(colon + 1), 16),
  };
  return { file: { dev, inode: Number(inodeText), path, deleted }, id };
}

/**
 * Whether some map in `maps` (the file's bytes) is of a file on device major:minor (with that
 * inode, when given). The kernel writes the device as ` %02x:%02x ` after the offset (fs/proc/
 * task_mmu.c), so the device is searched for as bytes and only its lines are read: a process that
 * maps nothing from the device costs one search.
 */
export function mapsHasFile(maps: Buffer, major: number, minor: number, inode?: number): boolean {
  const needle = deviceNeedle(major, minor);
  for (let pos = maps.indexOf(needle); pos >= 0; pos = maps.indexOf(needle, pos + 1)) {
    // The device field follows the third space of its line (a path may hold the same bytes).
    let spaces = 0;
    let i = pos - 1;
    for (; i >= 0 && maps[i] !== 0x0a; i--) if (maps[i] === 0x20) spaces++;
    if (spaces !== 2) continue;
    let value = 0;
    let j = pos + needle.length;
    for (let c = maps[j]; c !== undefined && c >= 0x30 && c <= 0x39; c = maps[++j]) value = value * 10 + (c - 0x30);
    if (value === 0) continue; // an anonymous map on a device numbered 0:0 is no file
    if (inode === undefined || value === inode) return true;
  }
  return false;
}

const needles = new Map<string, Buffer>();

/** ` fe:00 `: a device as maps writes it, made once per device. */
function deviceNeedle(major: number, minor: number): Buffer {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  const text = ` ${hex(major)}:${hex(minor)} `;
  let needle = needles.get(text);
  if (!needle) {
    needle = Buffer.from(text, 'latin1');
    needles.set(text, needle);
  }
  return needle;
}
