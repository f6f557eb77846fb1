/** Times spent by the CPU(s) in each mode, in clock ticks (USER_HZ). */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  /** Already included in `user` (man 5 proc). */
  guest: number;
  /** Already included in `nice`. */
  guestNice: number;
}

export interface SystemStat {
  /** Boot time, seconds since the epoch. */
  btime: number;
  cpu: CpuTimes;
  /** Indexed by the cpuN number; offline CPUs have no line, leaving holes. */
  cpus: CpuTimes[];
  ctxt: number;
  /** Forks since boot. */
  processes: number;
  procsRunning: number;
  procsBlocked: number;
}

const CPU_FIELDS = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
] as const;

function cpuTimes(fields: string[]): CpuTimes {
  const times = {} as CpuTimes;
  CPU_FIELDS.forEach((name, i) => {
    // Older kernels print fewer columns: missing ones are 0.
    times[name] = Number(fields[i] ?? 0);
  });
  return times;
}

/** /proc/stat (man 5 proc). */
export function parseSystemStat(text: string): SystemStat {
  const stat: SystemStat = {
    btime: 0,
    cpu: cpuTimes([]),
    cpus: [],
    ctxt: 0,
    processes: 0,
    procsRunning: 0,
    procsBlocked: 0,
  };
  for (const line of text.split('\n')) {
    // Split only the lines we keep: `intr` holds a count per interrupt line, hundreds of numbers.
    const trimmed = line.trim();
    const space = trimmed.search(/\s/);
    const key = space < 0 ? trimmed : trimmed.slice(0, space);
    if (!key || key === 'intr' || key === 'softirq') continue;
    const fields = space < 0 ? [] : trimmed.slice(space).trim().split(/\s+/);
    if (key === 'cpu') stat.cpu = cpuTimes(fields);
    else if (key.startsWith('cpu') && /^\d+$/.test(key.slice(3))) stat.cpus[Number(key.slice(3))] = cpuTimes(fields);
    else if (key === 'btime') stat.btime = Number(fields[0]);
    else if (key === 'ctxt') stat.ctxt = Number(fields[0]);
    else if (key === 'processes') stat.processes = Number(fields[0]);
    else if (key === 'procs_running') stat.procsRunning = Number(fields[0]);
    else if (key === 'procs_blocked') stat.procsBlocked = Number(fields[0]);
  }
  return stat;
}
