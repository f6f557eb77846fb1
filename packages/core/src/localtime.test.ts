import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { brokenDown, type LocalTime, localZone, parsePosixTz } from './localtime.ts';

/** glibc's localtime(3) through date(1), the reference: one run for every instant. */
function byGlibc(tz: string, ts: number[]): LocalTime[] {
  const out = execFileSync('date', ['-f', '-', '+%Y %m %d %H %M %S %w'], {
    input: ts.map((t) => `@${t}\n`).join(''),
    env: { PATH: process.env.PATH, TZ: tz },
    encoding: 'utf8',
  });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [year, month, day, hours, minutes, seconds, weekday] = line.split(' ').map(Number) as number[];
      return { year, month: month! - 1, day, hours, minutes, seconds, weekday } as LocalTime;
    });
}

/** Every 7 days and 7 minutes from 1901 to 2100, and both sides of each hour around DST changes. */
function instants(): number[] {
  const out: number[] = [];
  for (let t = -2_170_000_000; t < 4_102_444_800; t += 7 * 86400 + 420) out.push(t);
  for (let t = 1_700_000_000; t < 1_800_000_000; t += 86400 * 3 + 1799) out.push(t, t + 1, t - 1);
  return out;
}

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Europe/Dublin', // negative DST in its rules
  'Australia/Sydney', // DST across the new year
  'Australia/Lord_Howe', // half-hour DST
  'Asia/Kolkata',
  'Pacific/Kiritimati',
  'America/St_Johns',
  'Africa/Casablanca',
  'Antarctica/Troll', // two hours of DST
  'America/Santiago',
  'Europe/Moscow', // offsets changed with no DST
];

describe('localZone', () => {
  for (const tz of ZONES) {
    it(`agrees with glibc in ${tz}`, () => {
      const zone = localZone({ TZ: tz });
      const colon = localZone({ TZ: `:${tz}` });
      const ts = instants();
      const reference = byGlibc(tz, ts);
      const wrong: string[] = [];
      for (const [i, t] of ts.entries()) {
        const expected = reference[i];
        const got = zone.at(t);
        if (JSON.stringify(got) !== JSON.stringify(expected) || JSON.stringify(colon.at(t)) !== JSON.stringify(got)) {
          wrong.push(`${t}: ${JSON.stringify(got)} != ${JSON.stringify(expected)}`);
        }
      }
      expect(wrong.slice(0, 5)).toEqual([]);
    });
  }

  it('is UTC for an empty TZ and when /etc/localtime is missing', () => {
    expect(localZone({ TZ: '' }).at(86400 * 365)).toEqual(brokenDown(86400 * 365));
    expect(localZone({}, '/nonexistent').at(1_700_000_000)).toMatchObject({
      year: 2023,
      month: 10,
      day: 14,
      hours: 22,
    });
  });

  it('reads a POSIX rule in TZ', () => {
    const ts = instants();
    for (const tz of ['EST5EDT,M3.2.0,M11.1.0', '<+03>-3', 'AEST-10AEDT,M10.1.0,M4.1.0/3', 'XYZ3ABC2,J60/1,300/-1']) {
      const reference = byGlibc(tz, ts);
      const wrong = ts.filter((t, i) => JSON.stringify(localZone({ TZ: tz }).at(t)) !== JSON.stringify(reference[i]));
      expect([tz, wrong.slice(0, 3)]).toEqual([tz, []]);
    }
  });
});

describe('parsePosixTz', () => {
  it('reads fixed offsets, quoted names and rules', () => {
    expect(parsePosixTz('<+0530>-5:30')?.at(0)).toMatchObject({ hours: 5, minutes: 30 });
    // Summer in New York: EDT, 4 hours behind.
    expect(parsePosixTz('EST5EDT,M3.2.0,M11.1.0')?.at(1_720_000_000)).toMatchObject({ hours: 5, minutes: 46 });
    expect(parsePosixTz('EST5EDT,M3.2.0,M11.1.0')?.at(1_700_000_000)).toMatchObject({ hours: 17, minutes: 13 });
    expect(parsePosixTz('EST5EDT')).toBeUndefined();
    expect(parsePosixTz('5')).toBeUndefined();
  });
});

describe('brokenDown', () => {
  it('counts days as the proleptic Gregorian calendar does', () => {
    expect(brokenDown(0)).toEqual({ year: 1970, month: 0, day: 1, hours: 0, minutes: 0, seconds: 0, weekday: 4 });
    expect(brokenDown(951_782_400)).toMatchObject({ year: 2000, month: 1, day: 29, weekday: 2 });
    expect(brokenDown(-1)).toMatchObject({ year: 1969, month: 11, day: 31, hours: 23, seconds: 59, weekday: 3 });
  });
});
