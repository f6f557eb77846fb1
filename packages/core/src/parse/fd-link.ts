/**
 * What a /proc/<pid>/fd/<n> link (or cwd, root, exe) points at, from the link text alone
 * (man 5 proc: "type:[inode]" for sockets, pipes and namespaces, "anon_inode:<kind>" for files
 * without an inode of their own, else a path, with " (deleted)" once unlinked).
 */
export type FdLink =
  | { kind: 'path'; path: Buffer; deleted: boolean }
  | { kind: 'socket'; inode: number }
  | { kind: 'pipe'; inode: number }
  /** `anon_inode:[eventfd]`, `anon_inode:inotify`: `name` without the brackets, `text` as written. */
  | { kind: 'anon'; name: string; text: string }
  /** Any other `type:[inode]`, e.g. `net:[4026531840]` for a namespace file. */
  | { kind: 'typed'; type: string; inode: number }
  | { kind: 'other'; text: Buffer };

const DELETED = ' (deleted)';
const TYPED = /^([A-Za-z_][A-Za-z0-9_]*):\[(\d+)\]$/;

export function parseFdLink(target: Buffer): FdLink {
  if (target[0] === 0x2f) {
    const text = target.toString('latin1');
    if (text.endsWith(DELETED))
      return { kind: 'path', path: target.subarray(0, target.length - DELETED.length), deleted: true };
    return { kind: 'path', path: target, deleted: false };
  }
  const text = target.toString('latin1');
  if (text.startsWith('anon_inode:')) {
    const name = text.slice('anon_inode:'.length);
    return { kind: 'anon', name: name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name, text: name };
  }
  const m = TYPED.exec(text);
  if (m) {
    const inode = Number(m[2]);
    if (m[1] === 'socket') return { kind: 'socket', inode };
    if (m[1] === 'pipe') return { kind: 'pipe', inode };
    return { kind: 'typed', type: m[1]!, inode };
  }
  return { kind: 'other', text: target };
}
