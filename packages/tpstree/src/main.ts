import { available, type CommandIo, ProcFs, type ProcFsOptions } from '@tproc/core';
import { getopt } from './getopt.ts';
import { APPLY, defaultSettings, NS_TYPES, OPTION_SPECS, parsePid, type Settings } from './options.ts';
import { type RenderOptions, Renderer } from './render.ts';
import { SYMBOLS } from './symbols.ts';
import { lookupBold } from './terminfo.ts';
import { buildForest, type Node, sortTree, uidOf } from './tree.ts';
import { isUtf8Locale, outputWidth } from './environment.ts';

export interface MainOptions extends ProcFsOptions {
  /** The pid to take as "this process" for -h (tests); default: the proc root's `self`. */
  selfPid?: number;
}

const NAME = 'tpstree';

async function usage(io: CommandIo): Promise<number> {
  const { usageText } = await import('./usage.ts');
  io.stderr.write(usageText(NAME));
  return 1;
}

export async function main(argv: string[], io: CommandIo, fsOptions: MainOptions = {}): Promise<number> {
  const parsed = getopt(argv, OPTION_SPECS, io.argv0);
  const settings = defaultSettings();
  for (const [key, value] of parsed.options) {
    if (key === 'V') {
      const { versionText } = await import('./usage.ts');
      io.stderr.write(versionText(NAME));
      return 0;
    }
    if (!APPLY[key]!(settings, value)) return usage(io);
  }
  if (parsed.error !== undefined) {
    io.stderr.write(parsed.error);
    return usage(io);
  }
  if (parsed.operands.length > 1) return usage(io);

  const fs = new ProcFs(fsOptions);
  let rootPid = 1;
  let user: number | undefined;
  const operand = parsed.operands[0];
  if (operand !== undefined) {
    const c = operand.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      const pid = parsePid(operand);
      if (pid === undefined) return usage(io);
      rootPid = pid;
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
    else if (settings.highlightPid !== undefined) {
      io.stderr.write(found.error);
      return 1;
    }
  }

  const nodes = buildForest(fs, { threads: !settings.hideThreads, threadNames: settings.threadNames });
  const top = virtualRoot(nodes);
  sortTree(top, settings.numeric);

  const highlight = highlightSet(nodes, settings, fsOptions.selfPid ?? fs.selfPid());
  const renderer = new Renderer(renderOptions(settings, io, fs, bold, highlight));

  if (user !== undefined) {
    let first = true;
    const visit = (node: Node): void => {
      if (!node.thread && uidOf(node) === user && (!node.parent || uidOf(node.parent) !== user)) {
        if (!first) renderer.out.newline();
        first = false;
        renderer.draw(node, true);
        return;
      }
      for (const child of node.children) visit(child);
    };
    for (const child of top.children) visit(child);
  } else {
    const root = rootPid === 0 ? top : nodes.get(rootPid);
    if (!root) {
      if (settings.parents) {
        io.stderr.write(`Process ${rootPid} not found.\n`);
        return 1;
      }
      return 0;
    }
    renderer.draw(settings.parents ? withAncestors(root) : root);
  }
  io.stdout.write(renderer.out.result());
  return 0;
}

/** pid 0, `?`: the parent of every process whose parent is not listed (init, kthreadd). */
function virtualRoot(nodes: Map<number, Node>): Node {
  const top: Node = { pid: 0, name: Buffer.from('?'), thread: false, ppid: 0, pgid: 0, startTime: 0, children: [] };
  for (const node of nodes.values()) if (!node.thread && !node.parent) top.children.push(node);
  return top;
}

/** The chain from the topmost ancestor down to `node`, each ancestor showing only the next. */
function withAncestors(node: Node): Node {
  let view = node;
  for (let p = node.parent; p; p = p.parent) view = { ...p, children: [view] };
  return view;
}

function highlightSet(nodes: Map<number, Node>, s: Settings, selfPid: number): Set<Node> {
  const marked = new Set<Node>();
  const pid = s.highlightPid ?? (s.highlightSelf ? selfPid : undefined);
  if (pid === undefined) return marked;
  for (let n = nodes.get(pid); n; n = n.parent) marked.add(n);
  return marked;
}

function renderOptions(
  s: Settings,
  io: CommandIo,
  fs: ProcFs,
  bold: { on: string; off: string },
  highlight: Set<Node>,
): RenderOptions {
  const style = s.style ?? (io.stdoutIsTty && isUtf8Locale(io.env) ? 'utf8' : 'ascii');
  const noCompaction = !s.compact || s.pids;
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
    width: s.long ? undefined : outputWidth(io),
    compactProcesses: !noCompaction && !s.args && !s.context,
    compactThreads: !noCompaction,
    showArgs: s.args,
    showPids: s.pids,
    showPgids: s.pgids,
    showUids: s.uids,
    securityContext: s.context,
    highlighted: (node) => highlight.has(node),
    bold,
    colour,
    uid: uidOf,
    namespaceChanges: s.nsChanges ? namespaceChanges : undefined,
    userName: (uid) => users.userName(uid) ?? String(uid),
    cmdline: (node) => {
      try {
        return node.proc?.cmdlineBytes() ?? Buffer.alloc(0);
      } catch {
        return Buffer.alloc(0);
      }
    },
  };
}

function namespaceChanges(node: Node, parent: Node): string[] {
  if (!node.proc || !parent.proc) return [];
  const changed: string[] = [];
  for (const type of NS_TYPES) {
    const mine = available(() => node.proc!.namespace(type));
    const theirs = available(() => parent.proc!.namespace(type));
    if (mine !== undefined && theirs !== undefined && mine !== theirs) changed.push(type);
  }
  return changed;
}
