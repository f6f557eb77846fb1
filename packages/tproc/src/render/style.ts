// Colour: chalk, loaded only when colour is on (a terminal, no --no-color, no NO_COLOR), so a
// piped or JSON run never loads it.
export type Paint = (text: string) => string;

export interface Style {
  enabled: boolean;
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  blue: Paint;
  magenta: Paint;
  cyan: Paint;
  /** The colour of a process state letter (R running, D disk sleep, Z zombie, T stopped...). */
  state(state: string): Paint;
}

const plain: Paint = (text) => text;

export const NO_STYLE: Style = {
  enabled: false,
  bold: plain,
  dim: plain,
  red: plain,
  green: plain,
  yellow: plain,
  blue: plain,
  magenta: plain,
  cyan: plain,
  state: () => plain,
};

/** 1 (16 colours), 2 (256) or 3 (truecolor), from the terminal's own claims. */
export function colorLevel(env: Record<string, string | undefined>): 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force === '2' || force === '3') return Number(force) as 2 | 3;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (/-256(color)?$/i.test(env.TERM ?? '')) return 2;
  return 1;
}

export async function loadStyle(level: 1 | 2 | 3): Promise<Style> {
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level });
  const states: Record<string, Paint> = {
    R: (t) => c.green.bold(t),
    D: (t) => c.yellow(t),
    Z: (t) => c.red.bold(t),
    T: (t) => c.magenta(t),
    t: (t) => c.magenta(t),
    I: (t) => c.dim(t),
  };
  return {
    enabled: true,
    bold: (t) => c.bold(t),
    dim: (t) => c.dim(t),
    red: (t) => c.red(t),
    green: (t) => c.green(t),
    yellow: (t) => c.yellow(t),
    blue: (t) => c.blue(t),
    magenta: (t) => c.magenta(t),
    cyan: (t) => c.cyan(t),
    state: (s) => states[s] ?? plain,
  };
}
