/** A row of /proc/tty/drivers (man 5 proc). */
export interface TtyDriver {
  /** Driver name, e.g. `pty_slave`, `serial`, `/dev/tty`. */
  name: string;
  /** e.g. `/dev/pts`, `/dev/ttyS`, `/dev/console`. */
  devicePath: string;
  major: number;
  minorStart: number;
  /** Inclusive; equals minorStart when the file shows a single minor. */
  minorEnd: number;
  /** e.g. `system:/dev/tty`, `system:console`, `console`, `serial`, `pty:slave`. */
  type: string;
}

export function parseTtyDrivers(text: string): TtyDriver[] {
  const drivers: TtyDriver[] = [];
  for (const line of text.split('\n')) {
    const [name, devicePath, major, range, type = ''] = line.trim().split(/\s+/);
    if (!name || !devicePath || !major || !range) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (!m || !/^\d+$/.test(major)) continue;
    const minorStart = Number(m[1]);
    drivers.push({ name, devicePath, major: Number(major), minorStart, minorEnd: Number(m[2] ?? minorStart), type });
  }
  return drivers;
}

/** Splits a stat(5) tty_nr into its device numbers (the kernel's new_encode_dev layout). */
export function decodeTtyNr(ttyNr: number): { major: number; minor: number } {
  return { major: (ttyNr >>> 8) & 0xfff, minor: (ttyNr & 0xff) | ((ttyNr >>> 12) & 0xfff00) };
}

function nameFor(driver: TtyDriver, minor: number): string {
  const base = driver.devicePath.replace(/^\/dev\//, '');
  // `system` drivers are single devices: /dev/tty, /dev/console, /dev/ptmx, /dev/vc/0.
  if (driver.type.startsWith('system')) return base;
  if (driver.type === 'pty:slave') return `${base}/${minor - driver.minorStart}`;
  // The virtual console driver starts at minor 1 but numbers from 1 too (tty1 is 4:1), while
  // serial starts at minor 64 with ttyS0: the kernel's name_base is not in the file.
  if (driver.type === 'console') return `${base}${minor}`;
  return `${base}${minor - driver.minorStart}`;
}

/**
 * The terminal name ps prints (without `/dev/`) for a stat tty_nr: `pts/3`, `tty1`, `ttyS0`.
 * Undefined for 0 (no controlling terminal) or a device no driver claims. Given no drivers
 * (unreadable table), falls back to the fixed Linux numbering of pts (136-143), tty and ttyS (4).
 */
export function ttyName(ttyNr: number, drivers: readonly TtyDriver[]): string | undefined {
  if (ttyNr === 0) return undefined;
  const { major, minor } = decodeTtyNr(ttyNr);
  const driver = drivers.find((d) => d.major === major && d.minorStart <= minor && minor <= d.minorEnd);
  if (driver) return nameFor(driver, minor);
  if (drivers.length > 0) return undefined;
  if (major >= 136 && major <= 143) return `pts/${(major - 136) * 256 + minor}`;
  if (major === 4 && minor >= 1 && minor < 64) return `tty${minor}`;
  if (major === 4 && minor >= 64 && minor < 256) return `ttyS${minor - 64}`;
  return undefined;
}
