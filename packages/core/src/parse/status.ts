import { asLatin1, bytesOf, type ProcText } from './text.ts';

/** /proc/<pid>/status (man 5 proc). Memory fields are in kB and absent for kernel threads. */
export interface Status {
  /** Unescaped name bytes: the kernel writes `\n` as `\\n` and `\` as `\\` here (not in stat). */
  name: Buffer;
  umask?: number;
  state: string;
  tgid: number;
  ngid?: number;
  pid: number;
  ppid: number;
  tracerPid: number;
  /** Real, effective, saved, filesystem. */
  uid: [number, number, number, number];
  gid: [number, number, number, number];
  fdSize?: number;
  groups: number[];
  /** Ids in each nested pid namespace, outermost first. */
  nsTgid?: number[];
  nsPid?: number[];
  nsPgid?: number[];
  nsSid?: number[];
  vmPeak?: number;
  vmSize?: number;
  vmLck?: number;
  vmPin?: number;
  vmHwm?: number;
  vmRss?: number;
  rssAnon?: number;
  rssFile?: number;
  rssShmem?: number;
  vmData?: number;
  vmStk?: number;
  vmExe?: number;
  vmLib?: number;
  vmPte?: number;
  vmSwap?: number;
  threads: number;
  /** "queued/limit" */
  sigQ?: [number, number];
  sigPnd: bigint;
  shdPnd: bigint;
  sigBlk: bigint;
  sigIgn: bigint;
  sigCgt: bigint;
  capInh?: bigint;
  capPrm?: bigint;
  capEff?: bigint;
  capBnd?: bigint;
  capAmb?: bigint;
  seccomp?: number;
  voluntaryCtxtSwitches?: number;
  nonvoluntaryCtxtSwitches?: number;
  /** Every line, raw, by key: for fields not typed above. */
  fields: Map<string, string>;
}

function unescapeName(value: string): Buffer {
  return bytesOf(value.replace(/\\(n|\\)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\')));
}

/** `\nKey:` for each key asked, made once: a listing asks the same few of every process. */
const needles = new Map<string, string>();
function needleOf(key: string): string {
  let needle = needles.get(key);
  if (needle === undefined) {
    needle = `\n${key}:`;
    needles.set(key, needle);
  }
  return needle;
}

const ids = (v: string | undefined): number[] =>
  v === undefined || v.trim() === '' ? [] : v.trim().split(/\s+/).map(Number);

/**
 * Status with every field computed on first use: a listing usually needs two or three of the
 * fifty lines (measured: parsing all of them cost more than reading the file).
 */
class LazyStatus {
  readonly #text: string;
  #fields?: Map<string, string>;
  #memo?: Map<string, unknown>;

  constructor(text: string) {
    this.#text = text;
  }

  /** The raw value of `key` (after the tab), or undefined when the line is absent. */
  #raw(key: string): string | undefined {
    const from = this.#valueAt(key);
    if (from < 0) return undefined;
    const text = this.#text;
    const end = text.indexOf('\n', from);
    return text.slice(from, end < 0 ? text.length : end);
  }

  /** Where the value of `key` starts (after its tab), or -1 when the line is absent. */
  #valueAt(key: string): number {
    const text = this.#text;
    const needle = needleOf(key);
    let from: number;
    const at = text.indexOf(needle);
    if (at >= 0) from = at + needle.length;
    // The first line has no newline before it.
    else if (text.startsWith(needle.slice(1))) from = needle.length - 1;
    else return -1;
    return text.charCodeAt(from) === 9 ? from + 1 : from;
  }

  #get<T>(key: string, compute: () => T): T {
    this.#memo ??= new Map();
    const memo = this.#memo;
    if (memo.has(key)) return memo.get(key) as T;
    const value = compute();
    memo.set(key, value);
    return value;
  }

  /** The decimal at the start of the value, as parseInt reads it (`    1776 kB` is 1776). */
  #num(key: string): number | undefined {
    const text = this.#text;
    let i = this.#valueAt(key);
    if (i < 0) return undefined;
    let c = text.charCodeAt(i);
    while (c === 32 || c === 9) c = text.charCodeAt(++i);
    const negative = c === 45; // '-'
    if (negative) c = text.charCodeAt(++i);
    if (c < 48 || c > 57) return Number.NaN;
    let value = 0;
    for (; c >= 48 && c <= 57; c = text.charCodeAt(++i)) value = value * 10 + c - 48;
    return negative ? -value : value;
  }
  #hex(key: string): bigint {
    const v = this.#raw(key)?.trim();
    return v ? BigInt(`0x${v}`) : 0n;
  }
  #optHex(key: string): bigint | undefined {
    return this.#raw(key) === undefined ? undefined : this.#hex(key);
  }
  /** Uid and Gid: four tab-separated decimals, read in place (every listing reads one). */
  #quad(key: string): [number, number, number, number] {
    const text = this.#text;
    const quad: [number, number, number, number] = [0, 0, 0, 0];
    let n = 0;
    let i = this.#valueAt(key);
    while (i >= 0 && i < text.length && n < 4) {
      let c = text.charCodeAt(i);
      if (c === 10) break;
      if (c < 48 || c > 57) {
        i++;
        continue;
      }
      let value = 0;
      for (; c >= 48 && c <= 57; c = text.charCodeAt(++i)) value = value * 10 + c - 48;
      quad[n++] = value;
    }
    // Fewer than four: the rest repeat the first.
    for (let k = Math.max(n, 1); k < 4; k++) quad[k] = quad[0];
    return quad;
  }
  #list(key: string): number[] | undefined {
    const v = this.#raw(key);
    return v === undefined ? undefined : ids(v);
  }

  get name(): Buffer {
    return this.#get('Name', () => unescapeName(this.#raw('Name') ?? ''));
  }
  get umask(): number | undefined {
    const v = this.#raw('Umask');
    return v === undefined ? undefined : Number.parseInt(v, 8);
  }
  get state(): string {
    return (this.#raw('State') ?? '?').trim().charAt(0);
  }
  get tgid(): number {
    return this.#num('Tgid') ?? 0;
  }
  get ngid(): number | undefined {
    return this.#num('Ngid');
  }
  get pid(): number {
    return this.#num('Pid') ?? 0;
  }
  get ppid(): number {
    return this.#num('PPid') ?? 0;
  }
  get tracerPid(): number {
    return this.#num('TracerPid') ?? 0;
  }
  // Read for nearly every process of a listing: own fields instead of the memo map.
  #uid?: [number, number, number, number];
  #gid?: [number, number, number, number];
  get uid(): [number, number, number, number] {
    this.#uid ??= this.#quad('Uid');
    return this.#uid;
  }
  get gid(): [number, number, number, number] {
    this.#gid ??= this.#quad('Gid');
    return this.#gid;
  }
  get fdSize(): number | undefined {
    return this.#num('FDSize');
  }
  get groups(): number[] {
    return this.#get('Groups', () => ids(this.#raw('Groups')));
  }
  get nsTgid(): number[] | undefined {
    return this.#get('NStgid', () => this.#list('NStgid'));
  }
  get nsPid(): number[] | undefined {
    return this.#get('NSpid', () => this.#list('NSpid'));
  }
  get nsPgid(): number[] | undefined {
    return this.#get('NSpgid', () => this.#list('NSpgid'));
  }
  get nsSid(): number[] | undefined {
    return this.#get('NSsid', () => this.#list('NSsid'));
  }
  get vmPeak(): number | undefined {
    return this.#num('VmPeak');
  }
  get vmSize(): number | undefined {
    return this.#num('VmSize');
  }
  get vmLck(): number | undefined {
    return this.#num('VmLck');
  }
  get vmPin(): number | undefined {
    return this.#num('VmPin');
  }
  get vmHwm(): number | undefined {
    return this.#num('VmHWM');
  }
  get vmRss(): number | undefined {
    return this.#num('VmRSS');
  }
  get rssAnon(): number | undefined {
    return this.#num('RssAnon');
  }
  get rssFile(): number | undefined {
    return this.#num('RssFile');
  }
  get rssShmem(): number | undefined {
    return this.#num('RssShmem');
  }
  get vmData(): number | undefined {
    return this.#num('VmData');
  }
  get vmStk(): number | undefined {
    return this.#num('VmStk');
  }
  get vmExe(): number | undefined {
    return this.#num('VmExe');
  }
  get vmLib(): number | undefined {
    return this.#num('VmLib');
  }
  get vmPte(): number | undefined {
    return this.#num('VmPTE');
  }
  get vmSwap(): number | undefined {
    return this.#num('VmSwap');
  }
  get threads(): number {
    return this.#num('Threads') ?? 1;
  }
  get sigQ(): [number, number] | undefined {
    const q = this.#raw('SigQ')?.trim().split('/').map(Number);
    return q && q.length === 2 ? [q[0] ?? 0, q[1] ?? 0] : undefined;
  }
  get sigPnd(): bigint {
    return this.#hex('SigPnd');
  }
  get shdPnd(): bigint {
    return this.#hex('ShdPnd');
  }
  get sigBlk(): bigint {
    return this.#hex('SigBlk');
  }
  get sigIgn(): bigint {
    return this.#hex('SigIgn');
  }
  get sigCgt(): bigint {
    return this.#hex('SigCgt');
  }
  get capInh(): bigint | undefined {
    return this.#optHex('CapInh');
  }
  get capPrm(): bigint | undefined {
    return this.#optHex('CapPrm');
  }
  get capEff(): bigint | undefined {
    return this.#optHex('CapEff');
  }
  get capBnd(): bigint | undefined {
    return this.#optHex('CapBnd');
  }
  get capAmb(): bigint | undefined {
    return this.#optHex('CapAmb');
  }
  get seccomp(): number | undefined {
    return this.#num('Seccomp');
  }
  get voluntaryCtxtSwitches(): number | undefined {
    return this.#num('voluntary_ctxt_switches');
  }
  get nonvoluntaryCtxtSwitches(): number | undefined {
    return this.#num('nonvoluntary_ctxt_switches');
  }
  get fields(): Map<string, string> {
    if (!this.#fields) {
      const fields = new Map<string, string>();
      for (const line of this.#text.split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        // Name keeps its leading/trailing spaces; other values are tab-separated and padded.
        fields.set(line.slice(0, colon), line.slice(colon + 1).replace(/^\t/, ''));
      }
      this.#fields = fields;
    }
    return this.#fields;
  }
}

export function parseStatus(input: ProcText): Status {
  return new LazyStatus(asLatin1(input));
}
