import { asLatin1, type ProcText } from './text.ts';

/** /proc/<pid>/statm, all in pages (man 5 proc). `lib` and `dt` are always 0 since Linux 2.6. */
export interface Statm {
  size: number;
  resident: number;
  shared: number;
  text: number;
  lib: number;
  data: number;
  dt: number;
}

export function parseStatm(input: ProcText): Statm {
  const [size = 0, resident = 0, shared = 0, text = 0, lib = 0, data = 0, dt = 0] = asLatin1(input)
    .trim()
    .split(' ')
    .map(Number);
  return { size, resident, shared, text, lib, data, dt };
}
