/** /proc/uptime (man 5 proc). */
export interface Uptime {
  /** Seconds since boot. */
  uptime: number;
  /** Idle seconds summed over all CPUs, so it can exceed `uptime`. */
  idle: number;
}

export function parseUptime(text: string): Uptime {
  const [uptime, idle] = text.split(/\s+/).filter(Boolean);
  return { uptime: Number(uptime ?? Number.NaN), idle: Number(idle ?? Number.NaN) };
}
