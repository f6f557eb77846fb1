/** /proc/<pid>/fdinfo/<fd> (man 5 proc). */
export interface FdInfo {
  pos: number;
  /** open(2) flags; written in octal in the file. */
  flags: number;
  mntId?: number;
  ino?: number;
  /** Other `key: value` lines (eventfd-count, tfd, inotify, ...); the first of a repeated key wins. */
  extra: Record<string, string>;
  /** Every line other than pos/flags/mnt_id/ino, verbatim (epoll `tfd:` and `inotify wd:` lines repeat). */
  lines: string[];
}

export function parseFdinfo(text: string): FdInfo {
  const info: FdInfo = { pos: 0, flags: 0, extra: {}, lines: [] };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^([^\s:]+):\s*(.*)$/.exec(line);
    const key = m?.[1];
    const value = m?.[2] ?? '';
    if (key === 'pos') info.pos = Number(value);
    else if (key === 'flags') info.flags = Number.parseInt(value, 8);
    else if (key === 'mnt_id') info.mntId = Number(value);
    else if (key === 'ino') info.ino = Number(value);
    else {
      info.lines.push(line);
      // `inotify wd:1 ...` and `fanotify ...` have no `key:` head: keyed by their first word.
      const k = key ?? line.split(/\s/, 1)[0]!;
      const v = key ? value : line.slice(k.length).trim();
      if (!Object.hasOwn(info.extra, k)) info.extra[k] = v;
    }
  }
  return info;
}
