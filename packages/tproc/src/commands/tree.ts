// tproc tree [PID]: the process tree, coloured by state on a terminal; --json nested.
import { type ProcessNode, processTree, tprocEscape } from '@tproc/core';
import type { Argv } from 'yargs';
import { parsePid } from '../args.ts';
import type { Context } from '../context.ts';
import { ProcessLister, type ProcessView, processJson } from '../process-view.ts';
import { cut } from '../render/text.ts';
import type { CommandSpec } from './spec.ts';

type Node = ProcessNode<ProcessView>;

function find(nodes: readonly Node[], pid: number): Node | undefined {
  for (const node of nodes) {
    if (node.process.pid === pid) return node;
    const below = find(node.children, pid);
    if (below) return below;
  }
  return undefined;
}

export function treeJson(node: Node): Record<string, unknown> {
  return { ...processJson(node.process), children: node.children.map(treeJson) };
}

export async function runTree(ctx: Context, args: { pid?: string }): Promise<number> {
  const pid = args.pid === undefined ? undefined : parsePid(args.pid);
  const lister = new ProcessLister(ctx.fs, ctx.deps.now());
  const forest = processTree(lister.list());
  let roots = forest;
  if (pid !== undefined) {
    const node = find(forest, pid);
    if (!node) {
      ctx.warn(`no process with pid ${pid}`);
      return 1;
    }
    roots = [node];
  }
  if (ctx.json) {
    ctx.writeJson(roots.map(treeJson));
    return 0;
  }
  const style = await ctx.style();
  const width = ctx.width;
  let out = '';
  const visit = (node: Node, lead: string, branch: string): void => {
    const v = node.process;
    const head = `${v.pid} ${tprocEscape(v.name)}`;
    const rest = v.argv.length > 1 ? ` ${tprocEscape(v.argv.slice(1).join(' '))}` : '';
    const plain = `${lead}${branch}${head}${rest}`;
    // Cut as plain text first, then paint the parts that survived.
    const shown = width === undefined ? plain : cut(plain, width);
    const prefix = `${lead}${branch}`;
    const headShown = shown.slice(prefix.length, prefix.length + head.length);
    const restShown = shown.slice(prefix.length + headShown.length);
    out += `${style.dim(prefix)}${style.state(v.state)(headShown)}${style.dim(restShown)}\n`;
    const next = lead + (branch === '' ? '' : branch === '└─ ' ? '   ' : '│  ');
    node.children.forEach((child, i) => {
      visit(child, next, i === node.children.length - 1 ? '└─ ' : '├─ ');
    });
  };
  for (const root of roots) visit(root, '', '');
  ctx.out(out);
  return 0;
}

export const tree: CommandSpec = {
  command: 'tree [pid]',
  describe: 'the process tree (from PID, or every process)',
  builder: (y: Argv) =>
    y
      .positional('pid', { type: 'string', describe: 'show only this process and its descendants' })
      .example('$0 tree', 'every process under its parent')
      .example('$0 tree $$', 'this shell and what it started')
      .example('$0 tree 1 --json', 'the whole tree as nested JSON (children arrays)'),
  run: (ctx, args) => runTree(ctx, args as { pid?: string }),
};
