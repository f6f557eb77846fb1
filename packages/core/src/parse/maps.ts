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
 * compare files only (fuser's `m`), reading bytes without making strings of them.
 */
export function parseMapsFiles(text: string | Uint8Array): MappedFile[] {
  const b = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  const files: MappedFile[] = [];
  const n = b.length;
  let i = 0;
  while (i < n) {
    // address perms offset dev inode [path]: skip three fields to reach dev.
    for (let field = 0; field < 3 && i < n; field++) {
      while (i < n && b[i] !== 0x20 && b[i] !== 0x0a) i++;
      if (b[i] === 0x20) i++;
    }
    let major = 0;
    let minor = 0;
    let inode = 0;
    let c = b[i];
    while (c !== undefined && c !== 0x3a && c !== 0x0a) {
      major = major * 16 + hexDigit(c);
      c = b[++i];
    }
    if (c === 0x3a) c = b[++i];
    while (c !== undefined && c !== 0x20 && c !== 0x0a) {
      minor = minor * 16 + hexDigit(c);
      c = b[++i];
    }
    if (c === 0x20) c = b[++i];
    while (c !== undefined && c >= 0x30 && c <= 0x39) {
      inode = inode * 10 + (c - 0x30);
      c = b[++i];
    }
    if (inode > 0) files.push({ major, minor, inode });
    while (i < n && b[i] !== 0x0a) i++;
    i++;
  }
  return files;
}

function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
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
