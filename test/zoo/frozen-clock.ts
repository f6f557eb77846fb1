import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `<dir>/frozen`, a wrapper run as `frozen UPTIME STAT cmd args...`: it runs cmd in a
 * mount namespace of its own with the files UPTIME and STAT bind-mounted over /proc/uptime and
 * /proc/stat. ps takes elapsed time from uptime and start dates from stat's btime, so both
 * commands see one frozen clock (and a moved boot time shows dates of other days and years).
 */
export function writeFrozenClockWrapper(dir: string): string {
  const wrapper = join(dir, 'frozen');
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec unshare --mount sh -c 'mount --bind "$0" /proc/uptime && mount --bind "$1" /proc/stat && shift && exec "$@"' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return wrapper;
}
