// The commands of tproc, in the order help lists them.
import { files } from './files.ts';
import { inspect } from './inspect.ts';
import { kill } from './kill.ts';
import { ports } from './ports.ts';
import { ps } from './ps.ts';
import type { CommandSpec } from './spec.ts';
import { tree } from './tree.ts';
import { who } from './who.ts';

export const VERSION = '0.1.0';

export const COMMANDS: readonly CommandSpec[] = [ps, tree, inspect, ports, kill, files, who];

/** The names a user may type first (for the unknown-command message). */
export const NAMES = new Set([...COMMANDS.map((c) => c.command.split(' ')[0]!), 'completion']);
