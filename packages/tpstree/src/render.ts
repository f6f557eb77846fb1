import { pstreeEscapeLatin1 } from '@tproc/core';
import { argumentPieces, writeArguments } from './args.ts';
import { LineWriter } from './line.ts';
import type { Symbols } from './symbols.ts';
import type { Node } from './tree.ts';

export interface RenderOptions {
  symbols: Symbols;
  /** undefined: no cut (`-l`). */
  width: number | undefined;
  /** Processes merged when identical (off with -c, -p, -a, -Z). */
  compactProcesses: boolean;
  /** Threads merged when identical (off with -c, -p). */
  compactThreads: boolean;
  showArgs: boolean;
  showPids: boolean;
  showPgids: boolean;
  showUids: boolean;
  securityContext: boolean;
  /** Whether a node is drawn bold (-h/-H). */
  highlighted: (node: Node) => boolean;
  bold: { on: string; off: string };
  /** Colour escape for a node (-C age), or undefined. */
  colour: ((node: Node) => string) | undefined;
  uid: (node: Node) => number;
  /** `-S`: the namespace types in which a process differs from its parent. */
  namespaceChanges: ((node: Node, parent: Node) => string[]) | undefined;
  userName: (uid: number) => string;
  cmdline: (node: Node) => Buffer;
}

/** How the root of a drawing differs from the root of a PID operand. */
export interface RootKind {
  /** Found for a USER operand: observed, its uid is not shown (-u). */
  userRoot?: boolean;
  /** Starts a `-N` section: observed, it shows no namespace transitions (-S). */
  namespaceRoot?: boolean;
}

interface Level {
  column: number;
  more: boolean;
}

interface Group {
  node: Node;
  count: number;
}

/** Draws trees the way pstree 23.6 does; one renderer may draw several roots. */
export class Renderer {
  readonly out: LineWriter;
  readonly #levels: Level[] = [];
  /** `-a` and `-Z` draw one process per line, children this far right of their parent. */
  readonly #vertical: number;
  #root: Node | undefined;
  #rootKind: RootKind = {};

  constructor(readonly opts: RenderOptions) {
    this.out = new LineWriter(opts.width);
    this.#vertical = opts.showArgs ? 2 : opts.securityContext ? 1 : 0;
  }

  /** A root, or one step of a `-s` chain (children = the next ancestor only). */
  draw(root: Node, kind: RootKind = {}): void {
    this.#root = root;
    this.#rootKind = kind;
    if (this.#vertical) this.#drawVertical(root, 1, 0);
    else this.#drawHorizontal(root, 1, 0, this.out.escapesAfter(0));
  }

  #indent(): void {
    const levels = this.#levels;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      this.out.padTo(level.column);
      if (i < levels.length - 1) {
        if (level.more) this.out.text(this.opts.symbols.vertical, 2);
        else this.out.text('  ');
      }
    }
  }

  /** Draws a connector; returns whether the process after it gets its escapes (see LineWriter). */
  #connect(s: string, drawn: number): boolean {
    const escapes = this.out.escapesAfter(drawn);
    this.out.text(s, drawn);
    return escapes;
  }

  #drawHorizontal(node: Node, count: number, closing: number, escapes: boolean): void {
    const { symbols } = this.opts;
    if (count > 1) this.out.text(`${count}*[`);
    this.#label(node, escapes);
    const groups = this.#groups(node.children);
    if (groups.length === 0) {
      this.out.text(']'.repeat(closing));
      this.out.newline();
      return;
    }
    if (groups.length === 1) {
      const only = groups[0]!;
      const next = this.#connect(symbols.single, 3);
      this.#drawHorizontal(only.node, only.count, closing + (only.count > 1 ? 1 : 0), next);
      return;
    }
    const level: Level = { column: this.out.column + 1, more: true };
    // observed: when the branch is already past the cut (as pstree counts: a `-N` header and the
    // bytes of `-G` escapes count too), only the first child is drawn.
    const past = this.opts.width !== undefined && this.out.count + 1 >= this.opts.width;
    let next = this.#connect(symbols.first, 3);
    const shown = past ? groups.slice(0, 1) : groups;
    this.#levels.push(level);
    shown.forEach((g, k) => {
      const last = k === shown.length - 1;
      if (k > 0) {
        this.#indent();
        next = this.#connect(last ? symbols.last : symbols.branch, 2);
      }
      level.more = !last;
      this.#drawHorizontal(g.node, g.count, (last ? closing : 0) + (g.count > 1 ? 1 : 0), next);
    });
    this.#levels.pop();
  }

  #drawVertical(node: Node, count: number, closing: number): void {
    const { symbols } = this.opts;
    const start = this.out.column;
    if (count > 1) this.out.text(`${count}*[`);
    // observed: with -a (and -Z) every process gets its escapes, however far past the cut.
    this.#label(node, true);
    this.out.text(']'.repeat(closing));
    this.out.newline();
    const groups = this.#groups(node.children);
    if (groups.length === 0) return;
    const level: Level = { column: start + this.#vertical, more: true };
    this.#levels.push(level);
    groups.forEach((g, k) => {
      const last = k === groups.length - 1;
      this.#indent();
      this.out.text(last ? symbols.last : symbols.branch, 2);
      level.more = !last;
      this.#drawVertical(g.node, g.count, g.count > 1 ? 1 : 0);
    });
    this.#levels.pop();
  }

  #groups(children: Node[]): Group[] {
    const { compactProcesses, compactThreads } = this.opts;
    if (!compactProcesses && !compactThreads) return children.map((node) => ({ node, count: 1 }));
    const groups: Group[] = [];
    const merged = new Set<Node>();
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!;
      if (merged.has(node)) continue;
      let count = 1;
      if (node.thread ? compactThreads : compactProcesses) {
        for (let j = i + 1; j < children.length; j++) {
          const other = children[j]!;
          if (!merged.has(other) && this.#same(node, other)) {
            merged.add(other);
            count++;
          }
        }
      }
      groups.push({ node, count });
    }
    return groups;
  }

  #same(a: Node, b: Node): boolean {
    if (a.thread !== b.thread || a.name !== b.name || a.children.length !== b.children.length) return false;
    if (this.opts.showUids && this.opts.uid(a) !== this.opts.uid(b)) return false;
    if (this.opts.highlighted(a) !== this.opts.highlighted(b)) return false;
    for (let i = 0; i < a.children.length; i++) if (!this.#same(a.children[i]!, b.children[i]!)) return false;
    return true;
  }

  /** What follows the name: pid, pgid, a uid change, the (absent) security context. */
  #details(node: Node): string[] {
    const o = this.opts;
    const parts: string[] = [];
    // observed: a zero pid or pgid (the `?` root, init's pgid) prints as nothing: `?()`, `(1,)`.
    if (o.showPids) parts.push(node.pid === 0 ? '' : String(node.pid));
    if (o.showPgids) parts.push(node.pgid === 0 ? '' : String(node.pgid));
    const isRoot = node === this.#root;
    if (o.showUids && node.parent && !node.thread && !(isRoot && this.#rootKind.userRoot)) {
      const uid = o.uid(node);
      if (uid !== o.uid(node.parent)) parts.push(o.userName(uid));
    }
    if (o.namespaceChanges && node.parent && !node.thread && !(isRoot && this.#rootKind.namespaceRoot))
      parts.push(...o.namespaceChanges(node, node.parent));
    // observed: without SELinux, -Z shows an empty context quoted as `'.
    if (o.securityContext) parts.push("`'");
    return parts;
  }

  /** `escapes`: whether colour and highlight escapes are written (see LineWriter.escapesAfter). */
  #label(node: Node, escapes: boolean): void {
    const o = this.opts;
    const colour = escapes ? o.colour?.(node) : undefined;
    const bold = escapes && o.highlighted(node);
    if (colour) this.out.raw(colour);
    if (bold) this.out.raw(o.bold.on);
    const name = pstreeEscapeLatin1(node.name);
    const parts = this.#details(node);
    if (o.showArgs) {
      const base = name + parts.map((p) => `,${p}`).join('');
      const cmdline = node.thread ? undefined : o.cmdline(node);
      this.out.text(cmdline?.length === 0 ? `(${base})` : base);
      // observed: the highlight ends before the arguments, the colour after them.
      if (bold) this.out.raw(o.bold.off);
      if (cmdline?.length) writeArguments(this.out, argumentPieces(cmdline, o.width), o.width);
    } else {
      this.out.text(parts.length > 0 ? `${name}(${parts.join(',')})` : name);
      if (bold) this.out.raw(o.bold.off);
    }
    if (colour) this.out.raw('\x1b[0m');
  }
}
