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

const ids = (v: string | undefined): number[] =>
  v === undefined || v.trim() === '' ? [] : v.trim().split(/\s+/).map(Number);

export function parseStatus(input: ProcText): Status {
  const fields = new Map<string, string>();
  for (const line of asLatin1(input).split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    // Name keeps its leading/trailing spaces; other values are tab-separated and padded.
    const raw = line.slice(colon + 1).replace(/^\t/, '');
    fields.set(line.slice(0, colon), raw);
  }
  const num = (k: string): number | undefined => {
    const v = fields.get(k);
    return v === undefined ? undefined : Number.parseInt(v.trim(), 10);
  };
  const hex = (k: string): bigint => {
    const v = fields.get(k)?.trim();
    return v ? BigInt(`0x${v}`) : 0n;
  };
  const optHex = (k: string): bigint | undefined => (fields.has(k) ? hex(k) : undefined);
  const quad = (k: string): [number, number, number, number] => {
    const [a = 0, b = a, c = a, d = a] = ids(fields.get(k));
    return [a, b, c, d];
  };
  const list = (k: string): number[] | undefined => (fields.has(k) ? ids(fields.get(k)) : undefined);
  const sigQ = fields.get('SigQ')?.trim().split('/').map(Number);
  const umask = fields.get('Umask');
  return {
    name: unescapeName(fields.get('Name') ?? ''),
    umask: umask === undefined ? undefined : Number.parseInt(umask, 8),
    state: (fields.get('State') ?? '?').trim().charAt(0),
    tgid: num('Tgid') ?? 0,
    ngid: num('Ngid'),
    pid: num('Pid') ?? 0,
    ppid: num('PPid') ?? 0,
    tracerPid: num('TracerPid') ?? 0,
    uid: quad('Uid'),
    gid: quad('Gid'),
    fdSize: num('FDSize'),
    groups: ids(fields.get('Groups')),
    nsTgid: list('NStgid'),
    nsPid: list('NSpid'),
    nsPgid: list('NSpgid'),
    nsSid: list('NSsid'),
    vmPeak: num('VmPeak'),
    vmSize: num('VmSize'),
    vmLck: num('VmLck'),
    vmPin: num('VmPin'),
    vmHwm: num('VmHWM'),
    vmRss: num('VmRSS'),
    rssAnon: num('RssAnon'),
    rssFile: num('RssFile'),
    rssShmem: num('RssShmem'),
    vmData: num('VmData'),
    vmStk: num('VmStk'),
    vmExe: num('VmExe'),
    vmLib: num('VmLib'),
    vmPte: num('VmPTE'),
    vmSwap: num('VmSwap'),
    threads: num('Threads') ?? 1,
    sigQ: sigQ && sigQ.length === 2 ? [sigQ[0] ?? 0, sigQ[1] ?? 0] : undefined,
    sigPnd: hex('SigPnd'),
    shdPnd: hex('ShdPnd'),
    sigBlk: hex('SigBlk'),
    sigIgn: hex('SigIgn'),
    sigCgt: hex('SigCgt'),
    capInh: optHex('CapInh'),
    capPrm: optHex('CapPrm'),
    capEff: optHex('CapEff'),
    capBnd: optHex('CapBnd'),
    capAmb: optHex('CapAmb'),
    seccomp: num('Seccomp'),
    voluntaryCtxtSwitches: num('voluntary_ctxt_switches'),
    nonvoluntaryCtxtSwitches: num('nonvoluntary_ctxt_switches'),
    fields,
  };
}
