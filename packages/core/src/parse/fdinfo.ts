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

/** JavaScript's \s as latin1 text can hold it. */
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;

export function parseFdinfo(text: string): FdInfo {
  const info: FdInfo = { pos: 0, flags: 0, extra: {}, lines: [] };
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) parseLine(text, start, end, info);
    start = end + 1;
  }
  return info;
}

/** One line, text[start, end): `key:` (no blank nor colon in the key), blanks, the value. */
function parseLine(text: string, start: number, end: number, info: FdInfo): void {
  let colon = start;
  while (colon < end && text.charCodeAt(colon) !== 0x3a && !isSpace(text.charCodeAt(colon))) colon++;
  const keyed = colon > start && colon < end && text.charCodeAt(colon) === 0x3a;
  let from = colon + 1;
  while (keyed && from < end && isSpace(text.charCodeAt(from))) from++;
  const key = keyed ? text.slice(start, colon) : undefined;
  const value = keyed ? text.slice(from, end) : '';
  if (key === 'pos') info.pos = Number(value);
  else if (key === 'flags') info.flags = Number.parseInt(value, 8);
  else if (key === 'mnt_id') info.mntId = Number(value);
  else if (key === 'ino') info.ino = Number(value);
  else {
    const line = text.slice(start, end);
    info.lines.push(line);
    // `inotify wd:1 ...` and `fanotify ...` have no `key:` head: keyed by their first word.
    const k = key ?? line.split(/\s/, 1)[0]!;
    const v = key ? value : line.slice(k.length).trim();
    if (!Object.hasOwn(info.extra, k)) info.extra[k] = v;
  }
}
