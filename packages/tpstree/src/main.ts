import {
  available,
  type CommandDeps,
  type CommandIo,
  getopt,
  gnuGetoptMessage,
  isUtf8Locale,
  type ProcFs,
  withDefaults,
} from '@tproc/core';
import {
  APPLY,
  defaultSettings,
  LONG_OPTIONS,
  NS_TYPES,
  type NsType,
  parsePid,
  SHORT_OPTIONS,
  type Settings,
} from './options.ts';
import { type RenderOptions, Renderer } from './render.ts';
import { SYMBOLS } from './symbols.ts';
import { lookupBold } from './terminfo.ts';
import { groupByNamespace, namespaceOf } from './namespaces.ts';
import { buildForest, type Node, procOf, sortTree, uidOf } from './tree.ts';
import { outputWidth } from './environment.ts';

const NAME = 'tpstree';

async function usage(io: CommandIo): Promise<number> {
  const { usageText } = await import('./usage.ts');
  io.stderr.write(usageText(NAME));
  return 1;
}

export async function main(argv: string[], io: CommandIo, deps: CommandDeps = {}): Promise<number> {
  const settings = defaultSettings();
  const { fs, terminal } = withDefaults(deps);
  const operands: string[] = [];
  for (const event of getopt(argv, { shorts: SHORT_OPTIONS, longs: LONG_OPTIONS, env: io.env })) {
    if (event.type === 'operand') {
      operands.push(event.value);
      continue;
    }
    if (event.type !== 'option') {
      io.stderr.write(gnuGetoptMessage(io.argv0, event) ?? '');
      return usage(io);
    }
    const { key, arg: value } = event;
    if (key === 'V') {
      const { versionText } = await import('./usage.ts');
      io.stderr.write(versionText(NAME));
      return 0;
    }
    // observed: -H and -N check the terminal and the namespace as they are read, before any
    // later bad option or operand is noticed.
    if (key === 'H') {
      const found = lookupBold(io.env);
      if (!found.ok) return fail(io, found.error);
    }
    if (!APPLY[key]!(settings, value)) return usage(io);
    if (key === 'N' && !namespaceReadable(fs, fs.selfPid(), settings.nsSort!)) {
      return fail(io, `procfs file for ${settings.nsSort} namespace not available\n`);
    }
  }
  if (operands.length > 1) return usage(io);

  let rootPid = 1;
  let user: number | undefined;
  const operand = operands[0];
  if (operand !== undefined) {
    const c = operand.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      const pid = parsePid(operand);
      if (pid === undefined) return usage(io);
      // observed: pid 0 is the `?` root, but with -s it means init (`pstree -s 0` = `pstree -s 1`).
      rootPid = pid === 0 && settings.parents ? 1 : pid;
    } else {
      user = fs.users().uidOf(operand);
      if (user === undefined) {
        io.stderr.write(`No such user name: ${operand}\n`);
        return 1;
      }
    }
  }

  let bold = { on: '', off: '' };
  if (settings.highlightPid !== undefined || settings.highlightSelf) {
    const found = lookupBold(io.env);
    if (found.ok) bold = found.bold;
  }

  const nodes = buildForest(fs, { threads: !settings.hideThreads, threadNames: settings.threadNames });
  const top = virtualRoot(nodes);
  sortTree(top, settings.numeric);

  const highlight = highlightSet(nodes, settings, fs.selfPid());
  const width = settings.long ? undefined : outputWidth(io, terminal);
  const renderer = new Renderer(renderOptions(settings, io, fs, width, bold, highlight));

  if (settings.nsSort !== undefined) {
    // observed: with -N a PID or USER operand is ignored, except that -s shows that pid's parents.
    const pid = settings.parents && user === undefined ? rootPid : 1;
    const root = nodes.get(pid);
    if (!root) {
      if (settings.parents) return notFound(io, pid);
    } else {
      const type = settings.nsSort;
      const groups = groupByNamespace(settings.parents ? withAncestors(root) : root, (n) => namespaceOf(n, type));
      for (const group of groups) {
        // observed: the header is counted as part of the first line of its tree when cutting.
        renderer.out.text(`[${group.inode}]\n`, 0);
        for (const tree of group.roots) renderer.draw(tree, { namespaceRoot: true });
      }
    }
  } else if (user !== undefined) {
    let found = false;
    const visit = (node: Node): void => {
      if (!node.thread && uidOf(node) === user && (!node.parent || uidOf(node.parent) !== user)) {
        if (found) renderer.out.newline();
        found = true;
        renderer.draw(node, { userRoot: true });
        return;
      }
      for (const child of node.children) visit(child);
    };
    for (const child of top.children) visit(child);
    if (!found) {
      io.stderr.write('No processes found.\n');
      return 1;
    }
  } else {
    const root = rootPid === 0 ? top : nodes.get(rootPid);
    if (!root) return settings.parents ? notFound(io, rootPid) : 0;
    renderer.draw(settings.parents ? withAncestors(root) : root);
  }
  io.stdout.write(renderer.out.result());
  return 0;
}

function fail(io: CommandIo, message: string): number {
  io.stderr.write(message);
  return 1;
}

/** pstree checks its own ns link first (observed: stat of /proc/<getpid()>/ns/TYPE). */
function namespaceReadable(fs: ProcFs, pid: number, type: NsType): boolean {
  return available(() => fs.process(pid).namespace(type)) !== undefined;
}

function notFound(io: CommandIo, pid: number): number {
  io.stderr.write(`Process ${pid} not found.\n`);
  return 1;
}

/** pid 0, `?`: the parent of every process whose parent is not listed (init, kthreadd). */
function virtualRoot(nodes: Map<number, Node>): Node {
  const top: Node = {
    pid: 0,
    name: '?',
    thread: false,
    ppid: 0,
    pgid: 0,
    startTime: 0,
    children: [],
    parent: undefined,
    uid: undefined,
    proc: undefined,
  };
  for (const node of nodes.values()) if (!node.thread && !node.parent) top.children.push(node);
  return top;
}

/** The chain from the topmost ancestor down to `node`, each ancestor showing only the next. */
function withAncestors(node: Node): Node {
  let view = node;
  for (let p = node.parent; p; p = p.parent) view = { ...p, children: [view] };
  return view;
}

/** The pids to highlight: by pid, since -s draws copies of the ancestors (withAncestors). */
function highlightSet(nodes: Map<number, Node>, s: Settings, selfPid: number): Set<number> {
  const marked = new Set<number>();
  const pid = s.highlightPid ?? (s.highlightSelf ? selfPid : undefined);
  if (pid === undefined) return marked;
  for (let n = nodes.get(pid); n; n = n.parent) marked.add(n.pid);
  return marked;
}

function renderOptions(
  s: Settings,
  io: CommandIo,
  fs: ProcFs,
  width: number | undefined,
  bold: { on: string; off: string },
  highlight: Set<number>,
): RenderOptions {
  const style = s.style ?? (io.stdoutIsTty && isUtf8Locale(io.env) ? 'utf8' : 'ascii');
  const noCompaction = !s.compact || s.pids;
  // Colour and highlight escapes are written by hand, not with chalk (which the issue suggests):
  // observed, pstree closes a colour with ESC[0m and a highlight with the terminal's `me` (ESC[0m,
  // or ESC[m SI for TERM=linux), whatever the terminal and even into a pipe, and writes a pair
  // around nothing for a name past the cut. chalk 5 closes colours with ESC[39m and bold with
  // ESC[22m, emits nothing for an empty string, and decides colour support itself
  // (supports-color), so it cannot give these bytes; loading it would only cost start-up time.
  let colour: RenderOptions['colour'];
  if (s.ageColour) {
    const ticks = fs.host().clockTicks;
    const now = fs.uptime().uptime * ticks;
    colour = (node) => {
      const age = (now - node.startTime) / ticks;
      return age < 60 ? '\x1b[32m' : age < 3600 ? '\x1b[33m' : '\x1b[31m';
    };
  }
  const users = fs.users();
  return {
    symbols: SYMBOLS[style],
    width,
    compactProcesses: !noCompaction && !s.args && !s.context,
    compactThreads: !noCompaction,
    showArgs: s.args,
    showPids: s.pids,
    showPgids: s.pgids,
    showUids: s.uids,
    securityContext: s.context,
    highlighted: (node) => highlight.has(node.pid),
    bold,
    colour,
    uid: uidOf,
    namespaceChanges: s.nsChanges ? namespaceChanges : undefined,
    userName: (uid) => users.userName(uid) ?? String(uid),
    cmdline: (node) => {
      try {
        return procOf(node)?.cmdlineBytes() ?? Buffer.alloc(0);
      } catch {
        return Buffer.alloc(0);
      }
    },
  };
}

function namespaceChanges(node: Node, parent: Node): string[] {
  const mine = procOf(node);
  const theirs = procOf(parent);
  if (!mine || !theirs) return [];
  const changed: string[] = [];
  for (const type of NS_TYPES) {
    const a = available(() => mine.namespace(type));
    const b = available(() => theirs.namespace(type));
    if (a !== undefined && b !== undefined && a !== b) changed.push(type);
  }
  return changed;
}
