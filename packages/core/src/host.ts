/** Facts about the running system that turn /proc units into human ones. Injectable for tests. */
export interface HostInfo {
  /** AT_CLKTCK: clock ticks per second (stat times and starttime are in these). */
  clockTicks: number;
  /** AT_PAGESZ: bytes per page (statm and stat rss are in pages). */
  pageSize: number;
  /** Seconds since the epoch when the system booted (`btime` of /proc/stat). */
  bootTime: number;
}
