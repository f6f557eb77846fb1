import { isDenied, isGone } from '@tproc/core';
import type { NsType } from './options.ts';
import { type Node, procOf } from './tree.ts';

/** One `[inode]` section of `-N TYPE`: the trees whose root entered that namespace. */
export interface NamespaceGroup {
  inode: number;
  roots: Node[];
}

/**
 * The namespace inode of a process; 0 when its ns link is gone (observed: a zombie's links
 * vanish and psmisc 23.6 lists it under `[0]`), undefined when access is denied (observed: such
 * a process is left out of every section, its readable children start trees of their own).
 */
export function namespaceOf(node: Node, type: NsType): number | undefined {
  try {
    return procOf(node)?.namespace(type) ?? 0;
  } catch (err) {
    if (isGone(err)) return 0;
    if (isDenied(err)) return undefined;
    throw err;
  }
}

/**
 * `-N TYPE` as psmisc 23.6 draws it (observed): every process whose namespace differs from its
 * parent's is cut from its parent and starts a tree of its own in the section of its namespace.
 * Sections, and the trees inside one, come in the order a depth-first walk of the sorted tree
 * meets them. Threads stay with their process. `root`'s subtree is rearranged in place.
 */
export function groupByNamespace(root: Node, inodeOf: (node: Node) => number | undefined): NamespaceGroup[] {
  const groups = new Map<number, Node[]>();
  const inodes = new Map<Node, number | undefined>();
  const inode = (node: Node): number | undefined => {
    if (!inodes.has(node)) inodes.set(node, inodeOf(node));
    return inodes.get(node);
  };
  // Each entry: a node, and whether it starts a tree.
  const stack: [Node, boolean][] = [[root, true]];
  while (stack.length > 0) {
    const [node, starts] = stack.pop()!;
    const mine = inode(node);
    if (starts && mine !== undefined) {
      const roots = groups.get(mine);
      if (roots) roots.push(node);
      else groups.set(mine, [node]);
    }
    const children = node.children;
    if (children.length === 0) continue;
    const kept: Node[] = [];
    const visits: [Node, boolean][] = [];
    for (const child of children) {
      const cut = !child.thread && (mine === undefined || inode(child) !== mine);
      if (!cut) kept.push(child);
      visits.push([child, cut]);
    }
    node.children = kept;
    for (let i = visits.length - 1; i >= 0; i--) stack.push(visits[i]!);
  }
  return [...groups].map(([inode, roots]) => ({ inode, roots }));
}
