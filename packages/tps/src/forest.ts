/** A listed process for tree building: its pid, its parent's, and what to print. */
export interface TreeNode<T> {
  pid: number;
  ppid: number;
  item: T;
}

export interface Placed<T> {
  item: T;
  depth: number;
  /** For each level 1..depth-1: whether the ancestor at that level has a later sibling. */
  open: boolean[];
}

/**
 * Orders `nodes` (already sorted) as ps's `f` and `-H` do. Observed in ps 4.0.2: tree roots (no
 * listed parent) come in reverse list order, each followed by its descendants, and with `f` the
 * children of pid 1 stay at depth 0 right after it (init is not drawn as their parent); -H
 * indents them. A process's children are the run of nodes that starts at the first one naming it
 * as parent and lasts while the parent stays the same: in ps's own order (parent, then start
 * time) that is all of them, but under `--sort` the others are left out (`ps --sort=pid -eH`
 * stops at the first grandchild, `--sort=-pid -eH` shows init and one child).
 */
export function forestOrder<T>(nodes: readonly TreeNode<T>[], flattenInit = true): Placed<T>[] {
  const listed = new Set(nodes.map((n) => n.pid));
  const firstChild = new Map<number, number>();
  nodes.forEach((node, i) => {
    if (listed.has(node.ppid) && node.ppid !== node.pid && !firstChild.has(node.ppid)) firstChild.set(node.ppid, i);
  });
  const childrenOf = (pid: number): TreeNode<T>[] => {
    const kids: TreeNode<T>[] = [];
    for (let i = firstChild.get(pid) ?? nodes.length; i < nodes.length && nodes[i]?.ppid === pid; i++) {
      kids.push(nodes[i] as TreeNode<T>);
    }
    return kids;
  };
  const out: Placed<T>[] = [];
  const seen = new Set<number>();
  const visit = (node: TreeNode<T>, depth: number, open: boolean[], laterSibling: boolean): void => {
    if (seen.has(node.pid)) return;
    seen.add(node.pid);
    out.push({ item: node.item, depth, open });
    const kids = childrenOf(node.pid);
    const kidOpen = depth === 0 ? [] : [...open, laterSibling];
    kids.forEach((kid, k) => {
      if (node.pid === 1 && flattenInit) visit(kid, 0, [], false);
      else visit(kid, depth + 1, kidOpen, k < kids.length - 1);
    });
  };
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as TreeNode<T>;
    if (listed.has(node.ppid) && node.ppid !== node.pid) continue;
    visit(node, 0, [], false);
  }
  return out;
}

/** `f` / `--forest` art: ` \_ ` at depth 1, then `|   ` or four blanks per open ancestor. */
export function forestPrefix(placed: Placed<unknown>): string {
  if (placed.depth === 0) return '';
  let s = ' ';
  for (const isOpen of placed.open) s += isOpen ? '|   ' : '    ';
  return `${s}\\_ `;
}

/** `-H`: two blanks per level. */
export function hierarchyPrefix(placed: Placed<unknown>): string {
  return '  '.repeat(placed.depth);
}
