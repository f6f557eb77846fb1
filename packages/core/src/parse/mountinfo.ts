/** One line of /proc/<pid>/mountinfo (man 5 proc). */
export interface Mount {
  mountId: number;
  parentId: number;
  /** st_dev of files on this mount. */
  major: number;
  minor: number;
  /** The directory of the filesystem that forms this mount's root. */
  root: Buffer;
  mountPoint: Buffer;
  /** Per-mount options, e.g. `rw,relatime`. */
  options: string;
  /** e.g. `shared:1`, `master:2`, `propagate_from:3`, `unbindable`. */
  optionalFields: string[];
  fsType: string;
  source: Buffer;
  /** Per-superblock options. */
  superOptions: string;
}

/** Undoes the kernel's octal escapes (`\040` space, `\011` tab, `\012` newline, `\134` backslash). */
export function unescapeOctal(field: string): Buffer {
  return Buffer.from(
    field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8) & 0xff)),
    'latin1',
  );
}

export function parseMountinfo(text: string | Buffer): Mount[] {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const mounts: Mount[] = [];
  for (const line of s.split('\n')) {
    // Escaping guarantees fields hold no spaces, so splitting on ' ' is exact.
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (dash < 0 || fields.length < dash + 3) continue;
    const [mountId, parentId, dev = '', root = '', mountPoint = '', options = ''] = fields;
    const [major, minor] = dev.split(':');
    mounts.push({
      mountId: Number(mountId),
      parentId: Number(parentId),
      major: Number(major),
      minor: Number(minor),
      root: unescapeOctal(root),
      mountPoint: unescapeOctal(mountPoint),
      options,
      optionalFields: fields.slice(6, dash),
      fsType: fields[dash + 1]!,
      source: unescapeOctal(fields[dash + 2]!),
      superOptions: fields[dash + 3] ?? '',
    });
  }
  return mounts;
}
