import { unescapeOctal } from './mountinfo.ts';

/** A line of /proc/swaps (man 5 proc): a swap partition or file in use. */
export interface SwapArea {
  /** The path as the kernel prints it, its octal escapes (`\040`) undone. */
  filename: Buffer;
  /** `partition` or `file`. */
  type: string;
  /** KiB. */
  size: number;
  used: number;
  priority: number;
}

export function parseSwaps(text: string | Buffer): SwapArea[] {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const areas: SwapArea[] = [];
  for (const line of s.split('\n').slice(1)) {
    // The kernel escapes white space in the path (seq_file_path), so fields split on white space.
    const [filename, type, size, used, priority] = line.split(/[ \t]+/);
    if (filename === undefined || filename === '' || priority === undefined) continue;
    areas.push({
      filename: unescapeOctal(filename),
      type: type ?? '',
      size: Number(size),
      used: Number(used),
      priority: Number(priority),
    });
  }
  return areas;
}
