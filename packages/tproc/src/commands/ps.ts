// tproc ps [KEYWORD...]: a readable process table that fits the terminal, or JSON.
import { processTree, tprocEscape } from '@tproc/core';
import type { Argv } from 'yargs';
import { type Context, UsageError } from '../context.ts';
import { containerText, type Extra, ProcessLister, type ProcessView, processJson } from '../process-view.ts';
import type { Paint, Style } from '../render/style.ts';
import { type ColumnSpec, type Row, renderTable } from '../render/table.ts';
import { humanBytes, humanDuration, isoTime } from '../render/text.ts';
import type { CommandSpec } from './spec.ts';

interface PsColumn extends ColumnSpec {
  /** What the column reads beyond the basic process facts. */
  needs?: Extra;
  text(v: ProcessView): string;
  paint?(v: ProcessView, style: Style): Paint | undefined;
}

const fixed = (n: number, digits: number): string => n.toFixed(digits);

/** Every column `--columns` accepts, by name; the table's columns and the sort keys. */
export const PS_COLUMNS: Readonly<Record<string, PsColumn>> = {
  pid: { header: 'PID', align: 'right', text: (v) => String(v.pid) },
  ppid: { header: 'PPID', align: 'right', text: (v) => String(v.ppid) },
  pgid: { header: 'PGID', align: 'right', text: (v) => String(v.pgid) },
  sid: { header: 'SID', align: 'right', text: (v) => String(v.sid) },
  user: { header: 'USER', text: (v) => v.user, paint: (v, s) => (v.uid === 0 ? s.red : undefined) },
  uid: { header: 'UID', align: 'right', text: (v) => String(v.uid) },
  cpu: {
    header: 'CPU%',
    align: 'right',
    text: (v) => fixed(v.cpuPercent, 1),
    paint: (v, s) => (v.cpuPercent >= 50 ? s.red : v.cpuPercent >= 10 ? s.yellow : undefined),
  },
  mem: { header: 'MEM', align: 'right', text: (v) => humanBytes(v.rssBytes) },
  mem_percent: { header: 'MEM%', align: 'right', text: (v) => fixed(v.memPercent, 1) },
  rss: { header: 'RSS', align: 'right', text: (v) => humanBytes(v.rssBytes) },
  vsz: { header: 'VSZ', align: 'right', text: (v) => humanBytes(v.vszBytes) },
  state: { header: 'S', text: (v) => v.state, paint: (v, s) => s.state(v.state) },
  age: { header: 'AGE', align: 'right', text: (v) => humanDuration(v.ageSeconds) },
  start: { header: 'STARTED', text: (v) => isoTime(v.startTime).slice(0, 19).replace('T', ' ') },
  time: { header: 'TIME', align: 'right', text: (v) => humanDuration(v.cpuSeconds) },
  threads: { header: 'THR', align: 'right', text: (v) => String(v.threads) },
  nice: { header: 'NI', align: 'right', text: (v) => String(v.nice) },
  name: { header: 'NAME', text: (v) => tprocEscape(v.name) },
  token: { header: 'TOKEN', text: (v) => v.token },
  ports: {
    header: 'PORTS',
    needs: 'ports',
    text: (v) => (v.ports?.length ? v.ports.map((p) => `${p.port}/${p.protocol}`).join(',') : '-'),
    paint: (v, s) => (v.ports?.length ? s.cyan : undefined),
  },
  container: { header: 'CONTAINER', needs: 'container', text: (v) => containerText(v.container) },
  cwd: { header: 'CWD', needs: 'cwd', text: (v) => (v.cwd == null ? '-' : tprocEscape(v.cwd)) },
  read_bytes: {
    header: 'READ',
    align: 'right',
    needs: 'io',
    text: (v) => (v.readBytes == null ? '-' : humanBytes(v.readBytes)),
  },
  write_bytes: {
    header: 'WRITE',
    align: 'right',
    needs: 'io',
    text: (v) => (v.writeBytes == null ? '-' : humanBytes(v.writeBytes)),
  },
  command: { header: 'COMMAND', flex: true, text: (v) => tprocEscape(v.command) },
};

export const DEFAULT_COLUMNS = ['pid', 'user', 'cpu', 'mem', 'state', 'age', 'command'];

type SortValue = number | string;
const SORT_KEYS: Readonly<Record<string, (v: ProcessView) => SortValue>> = {
  pid: (v) => v.pid,
  ppid: (v) => v.ppid,
  user: (v) => v.user,
  uid: (v) => v.uid,
  cpu: (v) => v.cpuPercent,
  mem: (v) => v.rssBytes,
  rss: (v) => v.rssBytes,
  vsz: (v) => v.vszBytes,
  state: (v) => v.state,
  age: (v) => v.ageSeconds,
  start: (v) => v.startTicks,
  time: (v) => v.cpuSeconds,
  threads: (v) => v.threads,
  nice: (v) => v.nice,
  name: (v) => v.name,
  command: (v) => v.command,
};

/** `cpu` ascending, `-cpu` descending. */
export function sorter(spec: string): (a: ProcessView, b: ProcessView) => number {
  const descending = spec.startsWith('-');
  const key = descending ? spec.slice(1) : spec;
  const get = SORT_KEYS[key];
  if (!get) throw new UsageError(`invalid --sort key '${spec}' (one of ${Object.keys(SORT_KEYS).join(', ')})`);
  return (a, b) => {
    const x = get(a);
    const y = get(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (descending ? -c : c) || a.pid - b.pid;
  };
}

export function parseColumns(specs: readonly string[] | undefined): string[] {
  if (!specs || specs.length === 0) return DEFAULT_COLUMNS;
  const out: string[] = [];
  for (const spec of specs) {
    for (const raw of spec.split(',')) {
      const name = raw.trim().replace(/-/g, '_');
      if (name === '') continue;
      if (!PS_COLUMNS[name]) {
        throw new UsageError(`invalid --columns entry '${raw}' (one of ${Object.keys(PS_COLUMNS).join(', ')})`);
      }
      out.push(name);
    }
  }
  return out;
}

/**
 * A number matches that pid alone (`tproc ps 1` is pid 1, not every command line holding a 1);
 * other keywords match the user name or part of the command line (any case).
 */
export function matcher(keywords: readonly string[], all: boolean): (v: ProcessView) => boolean {
  if (keywords.length === 0) return () => true;
  const tests = keywords.map((k) => {
    if (/^\d+$/.test(k)) {
      const pid = Number(k);
      return (v: ProcessView): boolean => v.pid === pid;
    }
    const lower = k.toLowerCase();
    return (v: ProcessView): boolean =>
      v.user === k || v.command.toLowerCase().includes(lower) || v.name.toLowerCase().includes(lower);
  });
  return all ? (v) => tests.every((t) => t(v)) : (v) => tests.some((t) => t(v));
}

/** Depth-first order with each row's depth and the tree's branch glyphs for the command column. */
function treeOrder(rows: ProcessView[], compare: (a: ProcessView, b: ProcessView) => number) {
  const out: { view: ProcessView; prefix: string; depth: number }[] = [];
  const visit = (nodes: ReturnType<typeof processTree<ProcessView>>, indent: string, depth: number): void => {
    const sorted = [...nodes].sort((a, b) => compare(a.process, b.process));
    sorted.forEach((node, i) => {
      const last = i === sorted.length - 1;
      out.push({ view: node.process, prefix: depth === 0 ? '' : `${indent}${last ? '└─ ' : '├─ '}`, depth });
      visit(node.children, depth === 0 ? '' : `${indent}${last ? '   ' : '│  '}`, depth + 1);
    });
  };
  visit(processTree(rows), '', 0);
  return out;
}

interface PsArgs {
  keyword?: string[];
  and?: boolean;
  or?: boolean;
  sort?: string;
  tree?: boolean;
  columns?: string | string[];
}

export async function runPs(ctx: Context, args: PsArgs): Promise<number> {
  if (args.and && args.or) throw new UsageError('--and and --or exclude each other');
  const columns = parseColumns(args.columns === undefined ? undefined : [args.columns].flat());
  const compare = sorter(args.sort ?? 'pid');
  const extras = new Set<Extra>();
  for (const name of columns) {
    const needs = PS_COLUMNS[name]!.needs;
    if (needs) extras.add(needs);
  }
  const lister = new ProcessLister(ctx.fs, ctx.deps.now());
  const self = ctx.fs.selfPid();
  const match = matcher(args.keyword ?? [], args.and === true);
  // tproc itself is left out of a keyword search (it would match its own arguments).
  const rows = lister.list({ extras }).filter((v) => (args.keyword?.length ? v.pid !== self && match(v) : true));
  const ordered = args.tree
    ? treeOrder(rows, compare)
    : rows.sort(compare).map((view) => ({ view, prefix: '', depth: 0 }));
  if (ctx.json) {
    ctx.writeJson(ordered.map((r) => (args.tree ? { ...processJson(r.view), depth: r.depth } : processJson(r.view))));
    return 0;
  }
  const style = await ctx.style();
  const specs = columns.map((name) => PS_COLUMNS[name]!);
  const table: Row[] = ordered.map(({ view, prefix }) =>
    specs.map((col) => {
      const text = col === PS_COLUMNS.command ? prefix + col.text(view) : col.text(view);
      const paint = col.paint?.(view, style);
      return paint ? { text, paint } : text;
    }),
  );
  ctx.out(await renderTable(specs, table, { width: ctx.width, paintHeader: style.bold }));
  return 0;
}

export const ps: CommandSpec = {
  command: 'ps [keyword..]',
  describe: 'list processes (pid, user, cpu, memory, state, age, command)',
  builder: (y: Argv) =>
    y
      .positional('keyword', {
        type: 'string',
        array: true,
        describe: 'match the pid, the user or part of the command line',
      })
      .option('and', { type: 'boolean', describe: 'every keyword must match' })
      .option('or', { type: 'boolean', describe: 'any keyword may match (the default)' })
      .option('sort', {
        type: 'string',
        describe: `sort key, '-' before it for descending: ${Object.keys(SORT_KEYS).join(', ')}`,
      })
      .option('tree', { type: 'boolean', describe: 'children below their parent' })
      // Not an array option: yargs would take the keywords after it as more columns. Repeated,
      // it still gives every value (duplicate arguments become an array).
      .option('columns', {
        type: 'string',
        describe: `columns to show, comma-separated: ${Object.keys(PS_COLUMNS).join(', ')}`,
      })
      .example('$0 ps nginx', 'processes whose command line holds "nginx"')
      .example('$0 ps --sort=-cpu', 'the busiest first')
      .example('$0 ps --columns pid,user,ports,container,command', 'listening ports and containers')
      .example('$0 ps --json | jq ".[] | select(.rss_bytes > 1e9)"', 'processes over 1 GB of memory'),
  run: (ctx, args) => runPs(ctx, args as PsArgs),
};
