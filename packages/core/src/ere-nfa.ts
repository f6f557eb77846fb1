// An ERE as a Thompson automaton, run over the subject one character at a time: no stack and no
// backtracking, so no size of pattern is too deep or too long for it. It serves what V8 refuses
// (ere-v8.ts): V8 compiles some 15,000 items in a row at most, where glibc takes `x*a` 16,000
// times over in 0.3 s (pgrep -f, observed). Back references have no place in it. Counted
// repetitions are copied out as glibc copies them (pgrep -f '(a{1000}){1000}' took 212 MB).
import type { AssertKind, EreBuilder } from './ere-parse.ts';

const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;

/** An edge still to be tied, or none. */
const HOLE = -1;
const NONE = -2;

/** States the automaton may hold before the pattern counts as too big (glibc: Memory exhausted). */
const MAX_STATES = 1 << 22;

const ASSERT_CODES: Record<AssertKind, number> = { '^': 0, $: 1, b: 2, B: 3, '<': 4, '>': 5 };

/** Raised when the automaton would be too big, or the pattern holds what it cannot do. */
export class NfaUnfit extends Error {}

/**
 * A piece of automaton: it starts at `start`, its states are lo..hi-1 (so it can be copied), and
 * `holes` are its loose edges (state << 1 | 1 for the second edge of a split).
 */
interface Piece {
  start: number;
  lo: number;
  hi: number;
  holes: number[];
}

/** One level of parentheses being read. */
interface Level {
  alts: Piece[];
  prefix: Piece | undefined;
  last: Piece | undefined;
}

const level = (): Level => ({ alts: [], prefix: undefined, last: undefined });

export interface NfaMatcher {
  test(subject: string): boolean;
}

export class NfaBuilder implements EreBuilder {
  #op = new Uint8Array(1024);
  #arg = new Int32Array(1024);
  #out = new Int32Array(1024);
  #out2 = new Int32Array(1024);
  #n = 0;
  readonly #sets: Uint8Array[] = [];
  readonly #setIds = new Map<string, number>();
  readonly #stack: Level[] = [level()];
  #top: Level = this.#stack[0] as Level;
  #start = 0;

  /** @param flags the RegExp flags that decide which characters each atom takes (`s`, `si`) */
  constructor(readonly flags: string) {}

  char(js: string): void {
    const s = this.#add(CHAR, this.#setId(js), HOLE, NONE);
    this.#push({ start: s, lo: s, hi: s + 1, holes: [s << 1] });
  }

  assert(kind: AssertKind): void {
    const s = this.#add(ASSERT, ASSERT_CODES[kind], HOLE, NONE);
    this.#push({ start: s, lo: s, hi: s + 1, holes: [s << 1] });
  }

  backref(): void {
    throw new NfaUnfit('back reference');
  }

  open(): void {
    this.#seal(this.#top);
    this.#top = level();
    this.#stack.push(this.#top);
  }

  close(): void {
    this.#endAlternative(this.#top);
    const inner = this.#stack.pop() as Level;
    this.#top = this.#stack[this.#stack.length - 1] as Level;
    this.#top.last = this.#alternation(inner.alts);
  }

  alternative(): void {
    this.#endAlternative(this.#top);
  }

  repeat(min: number, max: number | undefined): void {
    this.#top.last = this.#repeat(this.#top.last as Piece, min, max);
  }

  end(): void {
    this.#endAlternative(this.#top);
    const whole = this.#alternation(this.#top.alts);
    this.#tie(whole.holes, this.#add(MATCH, 0, NONE, NONE));
    this.#start = whole.start;
  }

  matcher(): NfaMatcher {
    const n = this.#n;
    return new Automaton(
      this.#op.slice(0, n),
      this.#arg.slice(0, n),
      this.#out.slice(0, n),
      this.#out2.slice(0, n),
      this.#sets,
      this.#start,
    );
  }

  /** Which of the 256 latin1 characters an atom takes, as V8 decides it with the same flags. */
  #setId(js: string): number {
    let id = this.#setIds.get(js);
    if (id === undefined) {
      const re = new RegExp(`^${js}$`, this.flags);
      const set = new Uint8Array(256);
      for (let c = 0; c < 256; c++) set[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
      id = this.#sets.push(set) - 1;
      this.#setIds.set(js, id);
    }
    return id;
  }

  #add(op: number, arg: number, out: number, out2: number): number {
    const s = this.#n;
    if (s >= MAX_STATES) throw new NfaUnfit('too big');
    if (s === this.#op.length) {
      const grow = <T extends Uint8Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.#op = grow(this.#op);
      this.#arg = grow(this.#arg);
      this.#out = grow(this.#out);
      this.#out2 = grow(this.#out2);
    }
    this.#op[s] = op;
    this.#arg[s] = arg;
    this.#out[s] = out;
    this.#out2[s] = out2;
    this.#n = s + 1;
    return s;
  }

  #tie(holes: number[], to: number): void {
    for (const h of holes) {
      if (h & 1) this.#out2[h >> 1] = to;
      else this.#out[h >> 1] = to;
    }
  }

  #push(piece: Piece): void {
    this.#seal(this.#top);
    this.#top.last = piece;
  }

  #seal(l: Level): void {
    if (l.last === undefined) return;
    l.prefix = l.prefix === undefined ? l.last : this.#concat(l.prefix, l.last);
    l.last = undefined;
  }

  #endAlternative(l: Level): void {
    this.#seal(l);
    l.alts.push(l.prefix ?? this.#empty());
    l.prefix = undefined;
  }

  #empty(): Piece {
    const s = this.#add(SPLIT, 0, HOLE, NONE);
    return { start: s, lo: s, hi: s + 1, holes: [s << 1] };
  }

  #concat(a: Piece, b: Piece): Piece {
    this.#tie(a.holes, b.start);
    return { start: a.start, lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi), holes: b.holes };
  }

  #alternation(alts: Piece[]): Piece {
    if (alts.length === 1) return alts[0] as Piece;
    const holes: number[] = [];
    for (const a of alts) for (const h of a.holes) holes.push(h);
    // A chain of splits, each to one alternative and on to the next split.
    let next = (alts[alts.length - 1] as Piece).start;
    for (let k = alts.length - 2; k >= 0; k--) next = this.#add(SPLIT, 0, (alts[k] as Piece).start, next);
    return { start: next, lo: (alts[0] as Piece).lo, hi: this.#n, holes };
  }

  /** A copy of `p`, whose states are still its own (no hole tied). */
  #copy(p: Piece): Piece {
    const offset = this.#n - p.lo;
    const moved = (e: number): number => (e >= 0 ? e + offset : e);
    for (let s = p.lo; s < p.hi; s++) {
      this.#add(
        this.#op[s] as number,
        this.#arg[s] as number,
        moved(this.#out[s] as number),
        moved(this.#out2[s] as number),
      );
    }
    return {
      start: p.start + offset,
      lo: p.lo + offset,
      hi: p.hi + offset,
      holes: p.holes.map((h) => h + (offset << 1)),
    };
  }

  /** X{min,max}: X copied as many times as needed (X{2,4} is XXX?X?, X{2,} is XX+). */
  #repeat(x: Piece, min: number, max: number | undefined): Piece {
    const copies = max === undefined ? Math.max(min, 1) : max;
    if (copies === 0) return { ...this.#empty(), lo: x.lo };
    if (this.#n + (x.hi - x.lo) * (copies - 1) + copies >= MAX_STATES) throw new NfaUnfit('too big');
    const pieces = [x];
    for (let k = 1; k < copies; k++) pieces.push(this.#copy(x));
    const loop = (p: Piece, skip: boolean): Piece => {
      // A split into the copy and on: it repeats the copy (back to its start) or skips it.
      const s = this.#add(SPLIT, 0, p.start, HOLE);
      if (!skip) {
        this.#tie(p.holes, s);
        return { start: p.start, lo: p.lo, hi: this.#n, holes: [(s << 1) | 1] };
      }
      return { start: s, lo: p.lo, hi: this.#n, holes: [...p.holes, (s << 1) | 1] };
    };
    const star = (p: Piece): Piece => {
      const s = this.#add(SPLIT, 0, p.start, HOLE);
      this.#tie(p.holes, s);
      return { start: s, lo: p.lo, hi: this.#n, holes: [(s << 1) | 1] };
    };
    let whole: Piece | undefined;
    for (let k = 0; k < copies; k++) {
      let p = pieces[k] as Piece;
      if (max === undefined) p = min === 0 ? star(p) : k === copies - 1 ? loop(p, false) : p;
      else if (k >= min) p = loop(p, true);
      whole = whole === undefined ? p : this.#concat(whole, p);
    }
    const result = whole as Piece;
    return { start: result.start, lo: x.lo, hi: this.#n, holes: result.holes };
  }
}

const isWord = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** The automaton, run as Thompson's simulation: every state reachable so far, one character at a time. */
class Automaton implements NfaMatcher {
  readonly #mark: Int32Array;
  readonly #stack: Int32Array;
  #now: Int32Array;
  #next: Int32Array;
  #generation = 0;

  constructor(
    readonly op: Uint8Array,
    readonly arg: Int32Array,
    readonly out: Int32Array,
    readonly out2: Int32Array,
    readonly sets: Uint8Array[],
    readonly start: number,
  ) {
    const n = op.length;
    this.#mark = new Int32Array(n).fill(-1);
    this.#stack = new Int32Array(n);
    this.#now = new Int32Array(n);
    this.#next = new Int32Array(n);
  }

  test(subject: string): boolean {
    const length = subject.length;
    let count = this.#closure(this.start, subject, 0, this.#now, 0);
    if (count < 0) return true;
    for (let pos = 0; pos < length; pos++) {
      const c = subject.charCodeAt(pos);
      const now = this.#now;
      const next = this.#next;
      this.#generation++;
      let added = 0;
      for (let k = 0; k < count; k++) {
        const s = now[k] as number;
        if (c < 256 && this.sets[this.arg[s] as number]?.[c] === 1) {
          added = this.#closure(this.out[s] as number, subject, pos + 1, next, added, false);
          if (added < 0) return true;
        }
      }
      // A match may also start after this character.
      added = this.#closure(this.start, subject, pos + 1, next, added, false);
      if (added < 0) return true;
      this.#now = next;
      this.#next = now;
      count = added;
    }
    return false;
  }

  /**
   * Adds to `list` (holding `count` states) the character states reachable from `from` at `pos`
   * without reading; returns the new count, or -1 when the end of the pattern is reached.
   */
  #closure(from: number, subject: string, pos: number, list: Int32Array, count: number, fresh = true): number {
    if (fresh) this.#generation++;
    const gen = this.#generation;
    const mark = this.#mark;
    const stack = this.#stack;
    if (mark[from] === gen) return count;
    mark[from] = gen;
    let sp = 0;
    stack[sp++] = from;
    let n = count;
    while (sp > 0) {
      const s = stack[--sp] as number;
      const op = this.op[s];
      if (op === CHAR) {
        list[n++] = s;
        continue;
      }
      if (op === MATCH) return -1;
      if (op === ASSERT && !holds(this.arg[s] as number, subject, pos)) continue;
      const a = this.out[s] as number;
      if (a >= 0 && mark[a] !== gen) {
        mark[a] = gen;
        stack[sp++] = a;
      }
      const b = this.out2[s] as number;
      if (b >= 0 && mark[b] !== gen) {
        mark[b] = gen;
        stack[sp++] = b;
      }
    }
    return n;
  }
}

function holds(code: number, subject: string, pos: number): boolean {
  const before = pos > 0 && isWord(subject.charCodeAt(pos - 1));
  const after = pos < subject.length && isWord(subject.charCodeAt(pos));
  switch (code) {
    case 0:
      return pos === 0;
    case 1:
      return pos === subject.length;
    case 2:
      return before !== after;
    case 3:
      return before === after;
    case 4:
      return !before && after;
    default:
      return before && !after;
  }
}
