// An ERE as the source of a JS RegExp (V8), keeping nothing of its shape that "does it match"
// does not need, so that V8 takes what glibc takes:
// - groups capture only when a back reference may name them (\1 to \9): V8 allows 32,766
//   captures, glibc took 40,000 groups (pgrep -f '(a)(a)...', observed);
// - a group without a quantifier melts into what holds it, and so does a group of alternatives
//   that is a whole alternative, or a group around one item: V8 overflows its stack near 12,000
//   nested groups, glibc near 13,000 (pgrep -f with 12,000 nested `(` matches; 13,000 crashes);
// - stacked `?`, `*`, `+` make one ((X+)? is X*), and the same item repeated in a row makes one
//   repetition (x*x* is x*, a{2}a{2} is a{4});
// - runs of characters are broken before V8's limit (RUN_LIMIT).
// What V8 still refuses (some 15,000 items in a row, measured) goes to ere-nfa.ts.
import type { AssertKind, EreBuilder } from './ere-parse.ts';

/**
 * V8 refuses a run of more than 32,767 characters or classes in a row (`Regular expression too
 * large`, measured: 32,767 `a`s compile, 32,768 do not); an empty group `(?:)` ends a run.
 */
const RUN_LIMIT = 16384;

const WORD = '[0-9A-Za-z_]';
const ASSERTS: Record<AssertKind, string> = {
  '^': '^',
  $: '$',
  b: '\\b',
  B: '\\B',
  '<': `(?<!${WORD})(?=${WORD})`,
  '>': `(?<=${WORD})(?!${WORD})`,
};

/**
 * A translated piece: its JS, what it is, and the characters in a row at its start and end
 * (`lead`, `trail`; `whole` when it is nothing else), so that joining two pieces can break a run.
 */
interface Frag {
  js: string;
  kind: 'text' | 'assert' | 'backref' | 'group' | 'repeat' | 'seq';
  lead: number;
  trail: number;
  whole: boolean;
}

/** Alternatives, as a list that takes another list whole in one step (nested groups of them). */
class Alternatives {
  head: { seq: Seq; next: Alternatives['head'] } | undefined;
  tail: Alternatives['head'];
  length = 0;

  push(seq: Seq): void {
    const node = { seq, next: undefined };
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    this.length++;
  }

  /** Takes every alternative of `other`, which is left unusable. */
  take(other: Alternatives): void {
    if (other.head === undefined) return;
    if (this.tail) this.tail.next = other.head;
    else this.head = other.head;
    this.tail = other.tail;
    this.length += other.length;
  }

  /** The one alternative, when there is one. */
  single(): Seq | undefined {
    return this.length === 1 ? this.head?.seq : undefined;
  }

  js(): string {
    const parts: string[] = [];
    for (let node = this.head; node; node = node.next) parts.push(node.seq.frag.js);
    return parts.join('|');
  }
}

/** A group; its JS is made when asked, since most groups melt into what holds them. */
class Group implements Frag {
  readonly kind = 'group';
  readonly lead = 0;
  readonly trail = 0;
  readonly whole = false;
  #js: string | undefined;
  constructor(
    readonly captured: boolean,
    readonly alts: Alternatives,
  ) {}

  get js(): string {
    this.#js ??= `${this.captured ? '(' : '(?:'}${this.alts.js()})`;
    return this.#js;
  }
}

interface Repeat extends Frag {
  kind: 'repeat';
  base: Frag;
  min: number;
  max: number | undefined;
}

/** A concatenation: its JS and how many items it holds (`only`: the one item, when one). */
interface Seq {
  frag: Frag;
  count: number;
  only: Frag | undefined;
}

const EMPTY: Seq = { frag: { js: '', kind: 'seq', lead: 0, trail: 0, whole: true }, count: 0, only: undefined };

function join(a: Frag, b: Frag): Frag {
  if (a.js === '') return b;
  if (b.js === '') return a;
  if (a.trail + b.lead > RUN_LIMIT) {
    return { js: `${a.js}(?:)${b.js}`, kind: 'seq', lead: a.lead, trail: b.trail, whole: false };
  }
  return {
    js: a.js + b.js,
    kind: 'seq',
    lead: a.whole ? a.lead + b.lead : a.lead,
    trail: b.whole ? a.trail + b.trail : b.trail,
    whole: a.whole && b.whole,
  };
}

function append(a: Seq, b: Seq): Seq {
  const count = a.count + b.count;
  return { frag: join(a.frag, b.frag), count, only: count === 1 ? (a.only ?? b.only) : undefined };
}

const item = (frag: Frag): Seq => ({ frag, count: 1, only: frag });
const text = (js: string): Frag => ({ js, kind: 'text', lead: 1, trail: 1, whole: true });
const other = <K extends Frag['kind']>(js: string, kind: K): Frag & { kind: K } => ({
  js,
  kind,
  lead: 0,
  trail: 0,
  whole: false,
});

function quantifier(min: number, max: number | undefined): string {
  if (max === undefined) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

/** `?`, `*` or `+`: stacked, they make one of themselves. */
const simple = (min: number, max: number | undefined): boolean => min <= 1 && (max === undefined || max === min + 1);

/** A group that adds nothing but its parentheses gives its one item: ((a))* is a*. */
function unwrap(node: Frag): Frag {
  if (!(node instanceof Group) || node.captured) return node;
  return node.alts.single()?.only ?? node;
}

function repeat(node: Frag, min: number, max: number | undefined): Repeat {
  const base = unwrap(node);
  if (base.kind === 'repeat') {
    const inner = base as Repeat;
    if (simple(inner.min, inner.max) && simple(min, max)) {
      return repeat(inner.base, inner.min * min, inner.max === undefined || max === undefined ? undefined : 1);
    }
  }
  const bare = base.kind === 'text' || base.kind === 'group' || base.kind === 'backref';
  return { ...other(`${bare ? base.js : `(?:${base.js})`}${quantifier(min, max)}`, 'repeat'), base, min, max };
}

/** X{a,b} then X{c,d} is X{a+c,b+d}, and a lone item is X{1}: the repetition of both, if one. */
function merge(a: Frag, b: Frag): Repeat | undefined {
  const ra = a.kind === 'repeat' ? (a as Repeat) : undefined;
  const rb = b.kind === 'repeat' ? (b as Repeat) : undefined;
  if (ra === undefined && rb === undefined) return undefined;
  const [baseA, minA, maxA] = ra ? [ra.base, ra.min, ra.max] : [a, 1, 1];
  const [baseB, minB, maxB] = rb ? [rb.base, rb.min, rb.max] : [b, 1, 1];
  if (baseA.js !== baseB.js || baseA.kind === 'assert') return undefined;
  const max = maxA === undefined || maxB === undefined ? undefined : maxA + maxB;
  return repeat(baseA, minA + minB, max);
}

/** One level of parentheses being read (0: the whole pattern). */
interface Level {
  group: number;
  alts: Alternatives;
  /** The alternative so far, but for its last two items. */
  prefix: Seq;
  /** The item before the last, kept apart while it may merge with the next. */
  held: Frag | undefined;
  /** The last item, which a quantifier may still take. */
  last: Frag | undefined;
}

const level = (group: number): Level => ({
  group,
  alts: new Alternatives(),
  prefix: EMPTY,
  held: undefined,
  last: undefined,
});

export class V8Builder implements EreBuilder {
  readonly #stack: Level[] = [level(0)];
  #top: Level = this.#stack[0] as Level;
  #source = '';

  /**
   * @param backrefs whether the pattern may hold a back reference: then groups 1 to 9 capture,
   *   and nothing merges (a merged group would shift their numbers)
   */
  constructor(readonly backrefs: boolean) {}

  /** The JS source, once end() was called. */
  source(): string {
    return this.#source;
  }

  char(js: string): void {
    this.#push(text(js));
  }

  assert(kind: AssertKind): void {
    this.#push(other(ASSERTS[kind], 'assert'));
  }

  backref(group: number): void {
    // In a group of its own: \1 then 0 is not \10.
    this.#push(other(`(?:\\${group})`, 'backref'));
  }

  open(group: number): void {
    this.#top = level(group);
    this.#stack.push(this.#top);
  }

  close(): void {
    this.#endAlternative(this.#top);
    const inner = this.#stack.pop() as Level;
    this.#top = this.#stack[this.#stack.length - 1] as Level;
    this.#push(new Group(this.backrefs && inner.group <= 9, inner.alts));
  }

  alternative(): void {
    this.#endAlternative(this.#top);
  }

  repeat(min: number, max: number | undefined): void {
    this.#top.last = repeat(this.#top.last as Frag, min, max);
  }

  end(): void {
    const top = this.#top;
    this.#endAlternative(top);
    this.#source = top.alts.js();
  }

  #push(frag: Frag): void {
    this.#sealLast(this.#top);
    this.#top.last = frag;
  }

  /** The last item can take no quantifier any more: it merges with the one before, or follows it. */
  #sealLast(l: Level): void {
    const last = l.last;
    if (last === undefined) return;
    l.last = undefined;
    const merged = l.held === undefined || this.backrefs ? undefined : merge(l.held, last);
    if (merged !== undefined) {
      l.held = merged;
      return;
    }
    this.#settle(l);
    l.held = last;
  }

  /** The held item joins the alternative: a group that needs no parentheses gives its items. */
  #settle(l: Level): void {
    const held = l.held;
    if (held === undefined) return;
    const melted = held instanceof Group && !held.captured ? held.alts.single() : undefined;
    l.prefix = append(l.prefix, melted ?? item(held));
    l.held = undefined;
  }

  /** Ends an alternative; one that is nothing but a group of alternatives gives them instead. */
  #endAlternative(l: Level): void {
    const g = l.last;
    if (l.prefix.count === 0 && l.held === undefined && g instanceof Group && !g.captured) l.alts.take(g.alts);
    else {
      this.#sealLast(l);
      this.#settle(l);
      l.alts.push(l.prefix);
    }
    l.prefix = EMPTY;
    l.held = undefined;
    l.last = undefined;
  }
}
