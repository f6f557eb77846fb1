import { asLatin1, bytesOf, type ProcText } from './text.ts';

/**
 * NUL-separated strings, as in /proc/<pid>/cmdline and /proc/<pid>/environ. Empty for kernel
 * threads and zombies. A trailing NUL ends the last string; a process that rewrote its
 * argument area may leave none, or may leave several (empty strings are kept between).
 */
export function parseNulList(input: ProcText): Buffer[] {
  const text = asLatin1(input);
  if (text.length === 0) return [];
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map(bytesOf);
}
