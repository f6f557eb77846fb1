// tlsof: a drop-in lsof 4.95. options -> query on core -> render.
import { type CommandIo, compileEre, isGone, ProcFs, type ProcFsOptions, parseStatLsof } from '@tproc/core';
import { Inspector } from './gather.ts';
import type { LsofProcess } from './model.ts';
import { resolveNames } from './names.ts';
import { NetNames } from './net-names.ts';
import { basicToExtended, type Options, type ParseContext, parseOptions } from './options.ts';
import { renderFields } from './fields.ts';
import { renderColumns } from './render.ts';
import { type ProcessKey, Selection } from './select.ts';
import { SocketTables } from './sockets.ts';
import { BANNER, FIELD_HELP, HELP, MORE_HELP, USAGE, VERSION_INFO } from './texts.ts';

export interface LsofDeps extends ProcFsOptions {
  fs?: ProcFs;
  /** getxattr(2) for socket protocols (`protocol: TCP`), loaded when first needed. */
  loadGetxattr?: () => Promise<((path: string, name: string) => Buffer | undefined) | undefined>;
  /** Milliseconds since the epoch (repeat markers). */
  clock?: () => number;
  /** The effective uid of this process. */
  euid?: number;
}

const COMMAND_MAX = 15;

/** LC_ALL, else LC_CTYPE, else LANG names a UTF-8 locale (setlocale(LC_CTYPE, "")). */
export function localeIsUtf8(env: Record<string, string | undefined>): boolean {
  const value = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /\.utf-?8$/i.test(value);
}

export async function main(argv: string[], io: CommandIo, deps: LsofDeps = {}): Promise<number> {
  const program = io.argv0 || 'tlsof';
  let getxattr: ((path: string, name: string) => Buffer | undefined) | undefined;
  const fs = deps.fs ?? new ProcFs({ ...deps, getxattr: (path, name) => getxattr?.(path, name) });
  const loadGetxattr = async () => {
    getxattr ??= await (deps.loadGetxattr ?? defaultGetxattr)();
  };
  const ctx: ParseContext = {
    uidOf: (name) => fs.users().uidOf(name),
    compileRegex: (source, flags) => {
      const r = compileEre(flags.basic ? basicToExtended(source) : source, flags.ignoreCase);
      return r.ok ? r.regex : 'Invalid regular expression';
    },
    servicePort: (name, protocol) =>
      new NetNames(fs, { numericHosts: false, numericPorts: false }).servicePort(name, protocol),
    hostAddresses: (name) =>
      fs
        .hosts()
        .filter((h) => h.names.includes(name))
        .map((h) => h.address),
    commandMax: COMMAND_MAX,
  };
  const parsed = parseOptions(argv, ctx);
  for (const m of parsed.messages) io.stderr.write(`${program}: ${m}\n`);
  if (!parsed.ok) {
    io.stderr.write(`${program}${BANNER.slice('lsof'.length)}${USAGE}${MORE_HELP}`);
    return 1;
  }
  const o = parsed.options;
  if (o.help) {
    io.stderr.write(`${program}${BANNER.slice('lsof'.length)}${USAGE}${HELP}`);
    return 0;
  }
  if (o.version) {
    io.stderr.write(VERSION_INFO.replace('PROGRAM', program));
    return 0;
  }
  if (o.fieldHelp) {
    io.stderr.write(`${program}:${FIELD_HELP}`);
    return 0;
  }
  return list(o, io, fs, program, loadGetxattr);
}

async function list(
  o: Options,
  io: CommandIo,
  fs: ProcFs,
  program: string,
  loadGetxattr: () => Promise<void>,
): Promise<number> {
  let status = 0;
  const warn = (text: string) => {
    if (o.warnings) io.stderr.write(`${program}: ${text}\n`);
  };
  const resolved = resolveNames(o, fs);
  for (const m of resolved.messages) io.stderr.write(`${program}: ${m}\n`);
  if (resolved.usage) {
    io.stderr.write(`${program}${BANNER.slice('lsof'.length)}${USAGE}${MORE_HELP}`);
    return 1;
  }
  if (resolved.failed) status = 1;
  const selection = new Selection(o, localeIsUtf8(io.env));
  selection.names = resolved.names;
  selection.namesGiven = o.names.length > 0;
  selection.dirs = resolved.dirs;
  const names = new NetNames(fs, { numericHosts: o.numericHosts, numericPorts: o.numericPorts });
  const needFlags = o.fileFlags !== undefined || (o.fields?.includes('G') ?? false);
  const inspector = new Inspector(fs, new SocketTables(fs, o.skipInet), names, needFlags, o.showOffset);

  const selective = selection.selective;
  const pidsOnly =
    o.pids.include.length > 0 &&
    (o.and ||
      (selection.names.length === 0 &&
        o.inet === undefined &&
        !o.unix &&
        !o.nfs &&
        !selection.fdIncludes &&
        o.users.include.length === 0 &&
        o.pgids.include.length === 0 &&
        !o.commands.some((c) => !c.exclude) &&
        selection.dirs.length === 0 &&
        o.linksBelow === undefined));
  const pids = pidsOnly ? [...new Set(o.pids.include)].sort((a, b) => a - b) : fs.pids();
  const selfPid = fs.selfPid();

  const listed: LsofProcess[] = [];
  let lastCommand = '';
  const pending: { pid: number; item: { file: LsofProcess['files'][number]; fd: number } }[] = [];
  for (const pid of pids) {
    if (pid === selfPid) continue;
    const proc = fs.process(pid);
    let key: ProcessKey;
    let ppid: number;
    let command: Buffer;
    try {
      // lsof's own reading of stat, quirks and all (see parseStatLsof).
      const stat = parseStatLsof(proc.file('stat').toString('latin1'));
      if (!stat || stat.state === 'Z') continue;
      // observed: an empty command (a process named ')') shows the previous process's.
      const commandText = stat.command === '' ? lastCommand : stat.command;
      lastCommand = commandText;
      key = { pid, pgid: stat.pgid, uid: proc.owner().uid, command: commandText };
      ppid = stat.ppid;
      command = Buffer.from(commandText, 'latin1');
    } catch (err) {
      if (isGone(err)) continue;
      throw err;
    }
    selection.seen(key);
    if (!selection.processAllowed(key)) continue;
    const pm = selection.processMatch(key);
    let gathered: ReturnType<Inspector['gather']>;
    try {
      gathered = inspector.gather(proc);
    } catch (err) {
      if (isGone(err)) continue;
      throw err;
    }
    const files = gathered.files.filter((f) => {
      // observed: failure lines (NOFD, readlink or stat denied) are warnings: -w (and -t) drop them.
      if (!o.warnings && f.error) return false;
      if (!selection.fileAllowed(f)) return false;
      if (!selective) return true;
      const fm = selection.fileMatch(f);
      const given = pm.given + fm.given;
      if (given === 0) return true;
      return o.and ? pm.all && fm.all : pm.any || fm.any;
    });
    for (const item of gathered.pendingProtocols) if (files.includes(item.file)) pending.push({ pid, item });
    if (files.length === 0) continue;
    listed.push({ pid, ppid, pgid: key.pgid, uid: key.uid, command, files });
  }
  if (pending.length && o.skipInet) {
    // observed: with -X, sockets that no table lists are not asked for their protocol.
    for (const { item } of pending) item.file.name = Buffer.from("can't identify protocol (-X specified)");
  } else if (pending.length) {
    await loadGetxattr();
    for (const { pid, item } of pending) inspector.resolveProtocol(pid, item);
  }

  const missed = selection.notFound();
  if (missed.length) status = 1;

  const users = fs.users();
  if (o.terse) {
    for (const p of listed) io.stdout.write(`${p.pid}\n`);
  } else if (o.fields !== undefined) {
    io.stdout.write(
      renderFields(listed, {
        options: o,
        utf8: localeIsUtf8(io.env),
        login: (uid) => {
          const name = users.userName(uid);
          if (name === undefined) warn(`no pwd entry for UID ${uid}`);
          return name;
        },
      }),
    );
  } else if (listed.length) {
    const out = renderColumns(listed, {
      options: o,
      utf8: localeIsUtf8(io.env),
      user: (uid) => {
        if (o.numericUids) return { text: numericUid(uid) };
        const name = users.userName(uid);
        if (name !== undefined) return { text: name };
        return { text: numericUid(uid), warning: `no pwd entry for UID ${uid}` };
      },
      warn,
    });
    io.stdout.write(out);
  }
  // -V: what was asked for and not found, after the listing, on stdout (observed).
  if (o.verbose) for (const m of missed) io.stdout.write(`${program}: ${m}\n`);
  return o.quiet ? 0 : status;
}

/** observed: a uid is printed in 8 characters, cut there (uid 1234567890 shows as 12345678). */
function numericUid(uid: number): string {
  return String(uid).padStart(8).slice(0, 8);
}

async function defaultGetxattr(): Promise<((path: string, name: string) => Buffer | undefined) | undefined> {
  const { loadSyscalls } = await import('@tproc/syscalls');
  const native = await loadSyscalls();
  if (!native) return undefined;
  return (path, name) => native.getxattr(path, name);
}
