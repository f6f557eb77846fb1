// What every tproc command handler gets: the io, the deps, the chosen output form, and the
// writers for each form (JSON, NDJSON, tables, colour).
import type { CommandIo, ProcFs } from '@tproc/core';
import type { Env } from './deps.ts';
import { colorLevel, loadStyle, NO_STYLE, type Style } from './render/style.ts';

export type Format = 'table' | 'json' | 'ndjson';

/** A bad argument: one line on stderr naming it, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The options every command takes: yargs declares them global (cli.ts), quick-args.ts reads them. */
export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', describe: 'print JSON (one document)' },
  ndjson: { type: 'boolean', describe: 'print JSON, one object per line' },
  color: { type: 'boolean', describe: 'colour on a terminal (--no-color, or NO_COLOR, turns it off)' },
  'proc-root': { type: 'string', describe: 'read processes from this proc directory' },
} as const;

export interface GlobalOptions {
  json?: boolean;
  ndjson?: boolean;
  color?: boolean;
  procRoot?: string;
}

/**
 * JSON.stringify escapes C0 controls but writes DEL, the C1 controls (U+0080..U+009F, among them
 * CSI) and the line separators raw: as \\u escapes here, so that no process-controlled byte can
 * steer the terminal JSON is printed on. The text stays the same JSON value.
 */
const TERMINAL_STEERING = /[\x7f-\x9f\u2028\u2029]/;

export function safeJson(text: string): string {
  if (!TERMINAL_STEERING.test(text)) return text;
  return text.replace(
    new RegExp(TERMINAL_STEERING.source, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export class Context {
  readonly format: Format;
  readonly color: boolean;
  #style?: Style;

  constructor(
    readonly io: CommandIo,
    readonly deps: Env,
    readonly fs: ProcFs,
    options: GlobalOptions,
  ) {
    if (options.json && options.ndjson) throw new UsageError('--json and --ndjson exclude each other');
    this.format = options.json ? 'json' : options.ndjson ? 'ndjson' : 'table';
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    const noColor = (io.env.NO_COLOR ?? '') !== '';
    this.color = this.format === 'table' && io.stdoutIsTty && options.color !== false && !noColor;
  }

  /** The terminal's width; undefined when output goes to a pipe or a file (nothing is cut). */
  get width(): number | undefined {
    return this.deps.columns;
  }

  async style(): Promise<Style> {
    this.#style ??= this.color ? await loadStyle(colorLevel(this.io.env)) : NO_STYLE;
    return this.#style;
  }

  /**
   * `--json`: the value, indented; `--ndjson`: each item of a list (or the one object) on a line.
   * Strings from processes are lossless text (core's textFromBytes), written as JSON escapes.
   */
  writeJson(value: unknown): void {
    // On a terminal: indented, and nothing a process wrote can steer the terminal (safeJson).
    // Piped: compact, for programs (the same JSON values either way).
    const tty = this.io.stdoutIsTty;
    const terminal = (text: string): string => (tty ? safeJson(text) : text);
    if (this.format === 'ndjson') {
      const items = Array.isArray(value) ? value : [value];
      let out = '';
      for (const item of items) out += `${terminal(JSON.stringify(item))}\n`;
      this.io.stdout.write(out);
    } else {
      this.io.stdout.write(`${terminal(tty ? JSON.stringify(value, null, 2) : JSON.stringify(value))}\n`);
    }
  }

  get json(): boolean {
    return this.format !== 'table';
  }

  out(text: string): void {
    this.io.stdout.write(text);
  }

  /** A complaint on stderr, `tproc: ...`, one line. */
  warn(text: string): void {
    this.io.stderr.write(`tproc: ${text}\n`);
  }
}
