// strftime(3) in the C locale, for -r's m<fmt> marker (lsof formats it with localtime(3)).
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number, width = 2, fill = '0'): string => String(n).padStart(width, fill);

function dayOfYear(d: Date): number {
  const start = new Date(d.getFullYear(), 0, 1);
  return Math.round((new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() - start.getTime()) / 86400000) + 1;
}

function zone(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
}

export function strftime(format: string, d: Date): string {
  const conversions: Record<string, () => string> = {
    a: () => DAYS[d.getDay()]!.slice(0, 3),
    A: () => DAYS[d.getDay()]!,
    b: () => MONTHS[d.getMonth()]!.slice(0, 3),
    h: () => MONTHS[d.getMonth()]!.slice(0, 3),
    B: () => MONTHS[d.getMonth()]!,
    C: () => pad(Math.floor(d.getFullYear() / 100)),
    d: () => pad(d.getDate()),
    D: () => `${pad(d.getMonth() + 1)}/${pad(d.getDate())}/${pad(d.getFullYear() % 100)}`,
    e: () => pad(d.getDate(), 2, ' '),
    F: () => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    H: () => pad(d.getHours()),
    I: () => pad(d.getHours() % 12 || 12),
    j: () => pad(dayOfYear(d), 3),
    k: () => pad(d.getHours(), 2, ' '),
    l: () => pad(d.getHours() % 12 || 12, 2, ' '),
    m: () => pad(d.getMonth() + 1),
    M: () => pad(d.getMinutes()),
    n: () => '\n',
    p: () => (d.getHours() < 12 ? 'AM' : 'PM'),
    P: () => (d.getHours() < 12 ? 'am' : 'pm'),
    r: () =>
      `${pad(d.getHours() % 12 || 12)}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`,
    R: () => `${pad(d.getHours())}:${pad(d.getMinutes())}`,
    s: () => String(Math.floor(d.getTime() / 1000)),
    S: () => pad(d.getSeconds()),
    t: () => '\t',
    T: () => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
    u: () => String(d.getDay() || 7),
    w: () => String(d.getDay()),
    y: () => pad(d.getFullYear() % 100),
    Y: () => String(d.getFullYear()),
    z: () => zone(d),
    '%': () => '%',
  };
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    const conv = conversions[format[i + 1]!];
    if (conv) {
      out += conv();
      i++;
    } else out += c;
  }
  return out;
}
