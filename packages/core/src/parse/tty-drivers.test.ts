import { describe, expect, it } from 'vitest';
import { decodeTtyNr, parseTtyDrivers, ttyName } from './tty-drivers.ts';

// cat /proc/tty/drivers on the build machine (one serial port, so `serial` shows a single minor).
const SAMPLE = `/dev/tty             /dev/tty        5       0 system:/dev/tty
/dev/console         /dev/console    5       1 system:console
/dev/ptmx            /dev/ptmx       5       2 system
/dev/vc/0            /dev/vc/0       4       0 system:vtmaster
serial               /dev/ttyS       4      64 serial
pty_slave            /dev/pts      136 0-1048575 pty:slave
pty_master           /dev/ptm      128 0-1048575 pty:master
unknown              /dev/tty        4 1-63 console
`;

const dev = (major: number, minor: number) => (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);

describe('parseTtyDrivers', () => {
  const drivers = parseTtyDrivers(SAMPLE);

  it('parses every row', () => {
    expect(drivers).toHaveLength(8);
    expect(drivers[0]).toEqual({
      name: '/dev/tty',
      devicePath: '/dev/tty',
      major: 5,
      minorStart: 0,
      minorEnd: 0,
      type: 'system:/dev/tty',
    });
    expect(drivers[5]).toEqual({
      name: 'pty_slave',
      devicePath: '/dev/pts',
      major: 136,
      minorStart: 0,
      minorEnd: 1048575,
      type: 'pty:slave',
    });
    expect(drivers[4]).toMatchObject({ minorStart: 64, minorEnd: 64 });
  });

  it('tolerates empty and malformed text', () => {
    expect(parseTtyDrivers('')).toEqual([]);
    expect(parseTtyDrivers('x y z\nname /dev/x 4 a-b t\n')).toEqual([]);
  });
});

describe('ttyName', () => {
  const drivers = parseTtyDrivers(SAMPLE);

  // Checked against `ps -o tty=` and /proc/<pid>/stat field 7 on the build machine:
  // 34816 pts/0, 34817 pts/1, 1025 tty1, 1029 tty5 (mknod c 4 5), 1087 tty63, 1088 ttyS0.
  it('matches ps on this machine', () => {
    expect(ttyName(34816, drivers)).toBe('pts/0');
    expect(ttyName(34817, drivers)).toBe('pts/1');
    expect(ttyName(1025, drivers)).toBe('tty1');
    expect(ttyName(1029, drivers)).toBe('tty5');
    expect(ttyName(1087, drivers)).toBe('tty63');
    expect(ttyName(1088, drivers)).toBe('ttyS0');
  });

  it('names single-device drivers by their path', () => {
    expect(ttyName(dev(5, 1), drivers)).toBe('console');
    expect(ttyName(dev(5, 0), drivers)).toBe('tty');
    expect(ttyName(dev(5, 2), drivers)).toBe('ptmx');
  });

  it('decodes minors above 255', () => {
    expect(decodeTtyNr(dev(136, 300))).toEqual({ major: 136, minor: 300 });
    expect(ttyName(dev(136, 300), drivers)).toBe('pts/300');
    expect(ttyName(dev(136, 1048575), drivers)).toBe('pts/1048575');
  });

  it('is undefined without a terminal or a driver', () => {
    expect(ttyName(0, drivers)).toBeUndefined();
    expect(ttyName(dev(4, 65), drivers)).toBeUndefined();
    expect(ttyName(dev(250, 0), drivers)).toBeUndefined();
  });

  it('falls back to fixed Linux numbering without a driver table', () => {
    expect(ttyName(34816, [])).toBe('pts/0');
    expect(ttyName(dev(137, 4), [])).toBe('pts/260');
    expect(ttyName(1025, [])).toBe('tty1');
    expect(ttyName(dev(4, 66), [])).toBe('ttyS2');
    expect(ttyName(dev(5, 1), [])).toBeUndefined();
  });
});
