/** /proc/loadavg (man 5 proc): `0.53 0.18 0.06 2/84 3013`. */
export interface Loadavg {
  one: number;
  five: number;
  fifteen: number;
  /** Runnable scheduling entities (threads) right now. */
  running: number;
  /** Scheduling entities (threads) that exist. */
  total: number;
  /** The most recently created pid. */
  lastPid: number;
}

export function parseLoadavg(text: string): Loadavg {
  const [one, five, fifteen, counts = '', lastPid] = text.split(/\s+/).filter(Boolean);
  const [running, total] = counts.split('/').filter(Boolean);
  return {
    one: Number(one ?? Number.NaN),
    five: Number(five ?? Number.NaN),
    fifteen: Number(fifteen ?? Number.NaN),
    running: Number(running ?? Number.NaN),
    total: Number(total ?? Number.NaN),
    lastPid: Number(lastPid ?? Number.NaN),
  };
}
