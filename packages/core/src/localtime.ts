/**
 * Local time as localtime(3) gives it, from the zone's TZif file (man 5 tzfile, RFC 8536), read
 * here: the runtimes' Date asks ICU, which costs 11-20 ms to set up its zone data under Bun on
 * the first local date (measured), longer than `tps -ef` spends on everything else.
 * The zone is chosen as glibc chooses it (man 3 tzset): TZ unset, /etc/localtime; TZ empty,
 * UTC; `TZ=:NAME` or `TZ=NAME`, the file NAME (under TZDIR or /usr/share/zoneinfo unless
 * absolute), else a POSIX rule. What this does not read (a zone with leap seconds, a rule with no
 * dates, a file it cannot parse) is left to Date.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_ETC_ROOT } from './roots.ts';

/** A broken-down time: month 0-11, day 1-31, weekday 0 (Sunday) to 6. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
  weekday: number;
}

export interface Zone {
  at(epochSeconds: number): LocalTime;
}

/** The zone `env` selects (TZ, TZDIR), with /etc/localtime under `etcRoot` by default. */
export function localZone(env: Record<string, string | undefined>, etcRoot = DEFAULT_ETC_ROOT): Zone {
  const tz = env.TZ;
  if (tz === '') return fixedZone(0);
  let file: string;
  if (tz === undefined) file = `${etcRoot}/localtime`;
  else {
    const name = tz.startsWith(':') ? tz.slice(1) : tz;
    file = name.startsWith('/') ? name : `${env.TZDIR || '/usr/share/zoneinfo'}/${name}`;
  }
  let data: Buffer | undefined;
  try {
    data = readFileSync(file);
  } catch {}
  // No file for TZ unset: UTC, as glibc. A TZ naming no file is a POSIX rule (EST5EDT,M3.2.0,M11.1.0).
  if (data === undefined) return memoized(tz === undefined ? fixedZone(0) : (parsePosixTz(tz) ?? DATE_ZONE));
  return memoized(parseTzif(data) ?? DATE_ZONE);
}

/** A listing asks for now's time on every line, and many processes start in the same tick. */
function memoized(zone: Zone): Zone {
  const seen = new Map<number, LocalTime>();
  return {
    at(t) {
      let d = seen.get(t);
      if (d === undefined) {
        d = zone.at(t);
        seen.set(t, d);
      }
      return d;
    },
  };
}

/** The runtime's Date (ICU) in the process's own TZ. */
const DATE_ZONE: Zone = {
  at(epochSeconds) {
    const d = new Date(epochSeconds * 1000);
    return {
      year: d.getFullYear(),
      month: d.getMonth(),
      day: d.getDate(),
      hours: d.getHours(),
      minutes: d.getMinutes(),
      seconds: d.getSeconds(),
      weekday: d.getDay(),
    };
  },
};

function fixedZone(utoff: number): Zone {
  return { at: (t) => brokenDown(t + utoff) };
}

/** UTC arithmetic on `seconds` (epoch seconds plus the offset). */
export function brokenDown(seconds: number): LocalTime {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const rest = s - days * 86400;
  // civil_from_days (H. Hinnant): the proleptic Gregorian date of a day count from 1970-01-01.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 2 : mp - 10;
  return {
    year: yoe + era * 400 + (month <= 1 ? 1 : 0),
    month,
    day,
    hours: Math.floor(rest / 3600),
    minutes: Math.floor((rest % 3600) / 60),
    seconds: rest % 60,
    // 1970-01-01 was a Thursday.
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

/** Days from 1970-01-01 to year-month-day (month 0-11). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 1 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 10) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** A TZif file (versions 1 to 4), or undefined when it is not one this reads. */
export function parseTzif(data: Buffer): Zone | undefined {
  if (data.length < 44 || data.toString('latin1', 0, 4) !== 'TZif') return undefined;
  const counts = (at: number) => ({
    isut: data.readUInt32BE(at + 20),
    isstd: data.readUInt32BE(at + 24),
    leap: data.readUInt32BE(at + 28),
    time: data.readUInt32BE(at + 32),
    type: data.readUInt32BE(at + 36),
    char: data.readUInt32BE(at + 40),
  });
  let c = counts(0);
  let at = 44;
  let timeSize = 4;
  const v1Size = c.time * 5 + c.type * 6 + c.char + c.leap * 8 + c.isstd + c.isut;
  const version = data[4] ?? 0;
  if (version >= 0x32) {
    // Version 2+: skip the 32-bit block, read the 64-bit one and the footer after it.
    const second = 44 + v1Size;
    if (data.length < second + 44 || data.toString('latin1', second, second + 4) !== 'TZif') return undefined;
    c = counts(second);
    at = second + 44;
    timeSize = 8;
  }
  // Leap seconds ("right/" zones): left to Date.
  if (c.leap > 0 || c.type === 0) return undefined;
  const blockSize = c.time * (timeSize + 1) + c.type * 6 + c.char + c.leap * (timeSize + 4) + c.isstd + c.isut;
  if (data.length < at + blockSize) return undefined;
  const times: number[] = [];
  for (let i = 0; i < c.time; i++) {
    times.push(timeSize === 8 ? Number(data.readBigInt64BE(at + i * 8)) : data.readInt32BE(at + i * 4));
  }
  const indexAt = at + c.time * timeSize;
  const typeAt = indexAt + c.time;
  const offsets: number[] = [];
  for (let i = 0; i < c.type; i++) offsets.push(data.readInt32BE(typeAt + i * 6));
  const typeOf: number[] = [];
  for (let i = 0; i < c.time; i++) typeOf.push(data[indexAt + i] ?? 0);
  let footer: Zone | undefined;
  if (timeSize === 8) {
    const start = at + blockSize;
    const end = data.indexOf(10, start + 1);
    if (data[start] !== 10 || end < 0) return undefined;
    const rule = data.toString('latin1', start + 1, end);
    if (rule !== '') {
      footer = parsePosixTz(rule);
      if (footer === undefined) return undefined;
    }
  }
  const first = offsets[0] ?? 0;
  return {
    at(t) {
      const last = times.length - 1;
      if (footer !== undefined && (last < 0 || t >= (times[last] ?? 0))) return footer.at(t);
      // The last transition at or before t; before the first, the first type (RFC 8536 3.2).
      let lo = 0;
      let hi = last;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((times[mid] ?? 0) <= t) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const utoff = found < 0 ? first : (offsets[typeOf[found] ?? 0] ?? first);
      return brokenDown(t + utoff);
    },
  };
}

/**
 * A POSIX TZ rule as TZif footers hold them (man 3 tzset, RFC 8536 3.3): `STDoffset[DST[offset]
 * [,start[/time],end[/time]]]`, offsets west of Greenwich positive, rules Jn, n or Mm.w.d.
 */
export function parsePosixTz(rule: string): Zone | undefined {
  let i = 0;
  const name = (): boolean => {
    if (rule[i] === '<') {
      const close = rule.indexOf('>', i);
      if (close < 0) return false;
      i = close + 1;
      return true;
    }
    const start = i;
    while (i < rule.length && /[A-Za-z]/.test(rule[i] ?? '')) i++;
    return i - start >= 3;
  };
  /** [+-]hh[:mm[:ss]] in seconds; hours up to 167 (RFC 8536 extension) for rule times. */
  const time = (): number | undefined => {
    const m = /^([+-]?)(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?/.exec(rule.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === '-' ? -seconds : seconds;
  };
  if (!name()) return undefined;
  const std = time();
  if (std === undefined) return undefined;
  const stdOff = -std;
  if (i === rule.length) return fixedZone(stdOff);
  if (!name()) return undefined;
  let dstOff = stdOff + 3600;
  if (rule[i] !== ',' && i < rule.length) {
    const dst = time();
    if (dst === undefined) return undefined;
    dstOff = -dst;
  }
  // A DST name without rules takes glibc's default rules, which are not read here.
  if (rule[i] !== ',') return undefined;
  i++;
  const startRule = transitionRule();
  if (startRule === undefined || rule[i] !== ',') return undefined;
  i++;
  const endRule = transitionRule();
  if (endRule === undefined || i !== rule.length) return undefined;

  function transitionRule(): ((year: number) => number) | undefined {
    let dayOf: (year: number) => number;
    const m = /^(?:M(\d{1,2})\.(\d)\.(\d)|J(\d{1,3})|(\d{1,3}))/.exec(rule.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    if (m[1] !== undefined) {
      const month = Number(m[1]) - 1;
      const week = Number(m[2]);
      const weekday = Number(m[3]);
      dayOf = (year) => {
        const firstDay = daysFromCivil(year, month, 1);
        const firstWeekday = (((firstDay + 4) % 7) + 7) % 7;
        let day = firstDay + ((weekday - firstWeekday + 7) % 7) + (week - 1) * 7;
        const nextMonth = daysFromCivil(month === 11 ? year + 1 : year, (month + 1) % 12, 1);
        while (day >= nextMonth) day -= 7;
        return day;
      };
    } else if (m[4] !== undefined) {
      // Jn: 1-365, February 29 never counted.
      const n = Number(m[4]);
      dayOf = (year) => {
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        return daysFromCivil(year, 0, 1) + n - 1 + (leap && n >= 60 ? 1 : 0);
      };
    } else {
      const n = Number(m[5]);
      dayOf = (year) => daysFromCivil(year, 0, 1) + n;
    }
    let at = 7200;
    if (rule[i] === '/') {
      i++;
      const t = time();
      if (t === undefined) return undefined;
      at = t;
    }
    return (year) => dayOf(year) * 86400 + at;
  }

  return {
    at(t) {
      // observed: before 1970 glibc compares with 1970's changes (TZ=EST5EDT,M3.2.0,M11.1.0 keeps
      // July 1969 in EST; TZ=AEST-10AEDT,M10.1.0,M4.1.0/3 puts all of 1901 in AEDT).
      const year = Math.max(1970, brokenDown(t + stdOff).year);
      // The start is given in standard time, the end in daylight time (man 3 tzset).
      const start = startRule(year) - stdOff;
      const end = endRule(year) - dstOff;
      const dst = start < end ? t >= start && t < end : t >= start || t < end;
      return brokenDown(t + (dst ? dstOff : stdOff));
    },
  };
}
