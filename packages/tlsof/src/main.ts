// tlsof: a drop-in lsof 4.95. options -> query on core -> render.
import {
  type CommandDeps,
  type CommandIo,
  compileEre,
  isGone,
  type Proc,
  ProcFs,
  parseStat,
  parseStatLsof,
  restartForLongWalk,
  versionLine,
  withDefaults,
} from '@tproc/core';
import { GATHER_READS, Inspector, mayHoldReads } from './gather.ts';
import type { LsofFile, LsofProcess } from './model.ts';
import { resolveNames } from './names.ts';
import { NetNames } from './net-names.ts';
import { basicToExtended, type Options, type ParseContext, parseOptions } from './options.ts';
import { renderFields } from './fields.ts';
import { renderJson, renderJsonLines } from './json.ts';
import { renderColumns } from './render.ts';
import { strftime } from './strftime.ts';
import { type ProcessKey, Selection } from './select.ts';
import { inetInfo, SocketTables } from './sockets.ts';
import { BANNER, FIELD_HELP, HELP, MORE_HELP, USAGE } from './texts.ts';

const COMMAND_MAX = 15;
/** Bytes kept for a comm read with others' (kernel threads' names run to 64). */
const COMM_SLOT = 128;

/**
 * The command an empty one shows (lsof's, observed: the previous process's, as shown) when the
 * processes before it were passed over unread: read back from the one before `position`.
 */
function commandBefore(fs: ProcFs, pids: readonly number[], position: number, selfPid: number): string {
  for (let j = position - 1; j >= 0; j--) {
    if (pids[j] === selfPid) continue;
    try {
      const stat = parseStatLsof(
        fs
          .process(pids[j] as number)
          .file('stat')
          .toString('latin1'),
      );
      if (stat && stat.state !== 'Z' && stat.command !== '') return stat.command;
    } catch {}
  }
  return '';
}

/**
 * Which comms (their bytes, the newline included) may list a process under the commands `-c`
 * includes, before a string is made of each: one whose first byte begins no included prefix is
 * passed over unless empty or holding a parenthesis (stat then names it, see byComm). Undefined
 * (every comm a string) when a regular expression is included.
 */
export function mayNameBy(
  o: Pick<Options, 'commands'>,
): ((data: Buffer, start: number, end: number) => boolean) | undefined {
  const first = new Uint8Array(256);
  for (const c of o.commands) {
    if (c.exclude) continue;
    if (c.prefix === undefined || c.prefix === '') return undefined;
    const code = c.prefix.charCodeAt(0);
    if (code < 256) first[code] = 1;
  }
  return (data, start, end) => {
    if (end - start <= 1 || first[data[start] as number] === 1) return true;
    for (let k = start; k < end; k++) if (data[k] === 0x28 || data[k] === 0x29) return true;
    return false;
  };
}

/** A process as its stat (and owner) show it: what selections match and rows show. */
interface Identity {
  /** uid -1: not read yet (no selection needed it). */
  key: ProcessKey;
  ppid: number;
  /** stat's num_threads, when the listing shows tasks; else 0. */
  threads: number;
}

/** A process its selections keep, with how they match it. */
interface Chosen extends Identity {
  match: ReturnType<Selection['processMatch']>;
}

/** stat's num_threads (field 20, man 5 proc, read past the name's last `)`); 0 when unreadable. */
function threadCount(statText: string): number {
  try {
    return parseStat(statText).numThreads;
  } catch {
    return 0;
  }
}

/** LC_ALL, else LC_CTYPE, else LANG names a UTF-8 locale (setlocale(LC_CTYPE, "")). */
export function localeIsUtf8(env: Record<string, string | undefined>): boolean {
  const value = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /\.utf-?8$/i.test(value);
}

export async function main(argv: string[], io: CommandIo, deps: CommandDeps = {}): Promise<number> {
  const program = io.argv0 || 'tlsof';
  const { fs } = withDefaults(deps);
  // -r reads afresh each time: a new ProcFs per listing, unless the caller gave one (tests).
  const newFs = () => deps.fs ?? new ProcFs();
  const ctx: ParseContext = {
    uidOf: (name) => fs.users().uidOf(name),
    compileRegex: (source, flags) => {
      const r = compileEre(flags.basic ? basicToExtended(source) : source, flags.ignoreCase);
      return r.ok ? r.regex : r.error;
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
  // -J/-j without -F report the state and the queues, as -F T does.
  if (o.json && o.fields === undefined) o.tcpInfo = { enabled: true, state: true, queues: true, flags: false };
  // observed: each one asked for is printed, in this order, and nothing is listed.
  if (o.help || o.fieldHelp || o.version) {
    if (o.help) io.stderr.write(`${program}${BANNER.slice('lsof'.length)}${USAGE}${HELP}`);
    if (o.fieldHelp) io.stderr.write(`${program}:${FIELD_HELP}`);
    // Where lsof prints its version block (stderr, status 0): the line every tproc command gives.
    if (o.version) io.stderr.write(versionLine(program));
    return 0;
  }
  return list(o, io, fs, newFs, program);
}

async function list(o: Options, io: CommandIo, fs: ProcFs, newFs: () => ProcFs, program: string): Promise<number> {
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
  let listedAny = false;
  /** One listing (repeat mode makes several, each on a fresh read of /proc). */
  const cycle = async (fs: ProcFs): Promise<boolean> => {
    let listedAny = false;
    const names = new NetNames(fs, { numericHosts: o.numericHosts, numericPorts: o.numericPorts });
    const needFlags = o.fileFlags !== undefined || (o.fields?.includes('G') ?? false);
    const inspector = new Inspector(
      fs,
      new SocketTables(fs, o.skipInet),
      names,
      needFlags,
      o.showOffset,
      o.statTimeout * 1000,
    );

    const selective = selection.selective;
    // Only the named pids need reading when nothing else can select a file or be found: a process
    // group, user or command asked for is looked for in every process, even with -a.
    const processItems = o.users.include.length > 0 || o.pgids.include.length > 0 || o.commands.some((c) => !c.exclude);
    const otherSelections =
      selection.namesGiven ||
      o.inet !== undefined ||
      o.unix ||
      o.nfs ||
      selection.fdIncludes ||
      selection.dirs.length > 0 ||
      o.linksBelow !== undefined ||
      o.tasks;
    const pidsOnly = o.pids.include.length > 0 && !processItems && (o.and || !otherSelections);
    const fileCategories =
      (selection.namesGiven ? 1 : 0) +
      (selection.dirs.length ? 1 : 0) +
      (selection.fdIncludes ? 1 : 0) +
      (o.inet !== undefined ? 1 : 0) +
      (o.unix ? 1 : 0) +
      (o.nfs ? 1 : 0) +
      (o.linksBelow !== undefined ? 1 : 0);
    const socketCategoriesOnly =
      (o.inet !== undefined || o.unix) &&
      !selection.namesGiven &&
      selection.dirs.length === 0 &&
      !o.nfs &&
      o.linksBelow === undefined;
    // observed: with nothing selected (exclusions aside, but any -d counts) lsof lists the tasks
    // of every process too, with TID and TASKCMD columns, as -K asks.
    const withTasks = o.tasks || (!selective && o.fds === undefined && !o.ignoreTasks);
    // A selection's files ask their fdinfo whether /proc/locks is worth its wait (a short walk
    // cannot hide it); a whole listing reads the table from the start, beside its walk.
    if (selective) inspector.locksFromFdinfo();
    else if (!socketCategoriesOnly) inspector.readLocksSoon();
    // One kind of file selection and nothing else: no process, task or descriptor set asked for.
    const fileSelectionAlone =
      fileCategories === 1 && !processItems && o.pids.include.length === 0 && !o.tasks && o.fds === undefined;
    // -i alone: only a socket of this namespace's tables can match it (Selection.inetCouldMatch);
    // when none there does, no process has a file to list, and none is read.
    const nothingToFind =
      fileSelectionAlone &&
      o.inet !== undefined &&
      !selection.inetCouldMatch(inspector.sockets.inetEntries().map(inetInfo));
    // When process selections alone can drop a process, every process's stat (and owner, for -u)
    // is read first, and only the chosen ones are then described: `-c NAME` reads comm alone of
    // the others (byComm), and the reader thread reads ahead only what the chosen need.
    const processesFirst = !withTasks && processItems && (o.and || fileCategories === 0);
    const withOwner = !processesFirst || o.users.include.length > 0 || o.users.exclude.length > 0;
    // -c without -u or -g: only a command asked for (or a pid, with -p) can list a process, and
    // comm names it in a read that costs the kernel less than stat's (28 against 46 ms for 5,000
    // processes here, in C). stat is read for the others, and where comm holds a parenthesis or
    // nothing: there lsof's reading of stat makes another name (parseStatLsof). Every comm is read
    // at once, while /proc is listed (ProcFs.pidsWithTexts).
    const byComm =
      processesFirst &&
      o.users.include.length + o.users.exclude.length + o.pgids.include.length + o.pgids.exclude.length === 0;
    const comms = byComm
      ? fs.pidsWithTexts('comm', COMM_SLOT, o.pids.include.length ? undefined : mayNameBy(o))
      : undefined;
    const pids =
      comms?.pids ?? (nothingToFind ? [] : pidsOnly ? [...new Set(o.pids.include)].sort((a, b) => a - b) : fs.pids());
    // Names alone: a process is first asked by stat alone whether it may hold one (stats that
    // cannot block here), and only those that may are described.
    const namesAlone = fileSelectionAlone && selection.namesGiven && !o.avoidBlocking && !inspector.ownMountsMayBlock();
    const named = selection.mayBeNamed.bind(selection);
    const namedSockets = namesAlone
      ? inspector.sockets.unixBoundAt(selection.names.flatMap((n) => (n.socketPath ? [n.socketPath] : [])))
      : new Set<number>();
    const selfPid = fs.selfPid();

    const listed: LsofProcess[] = [];
    let lastCommand = '';
    const pending: { pid: number; item: { file: LsofProcess['files'][number]; fd: number } }[] = [];
    // Names alone stat what no mount can block (namesAlone), and every other stat of a file is
    // made after #mayBlock said none could: the reader thread may stat ahead (WalkOptions).
    const kinds = selection.namedKinds();
    // Where lastCommand came from: processes passed over unread since (names alone) leave it stale,
    // and so may a comm (-c): it does not tell a zombie, whose command lsof passes over.
    let lastRead = -1;
    let lastFromComm = false;

    /** A process as its stat and owner show it; undefined for a zombie or an unreadable stat. */
    const identify = (proc: Proc, position: number): Identity | undefined => {
      // lsof's own reading of stat, quirks and all (see parseStatLsof).
      const text = proc.text('stat');
      const stat = parseStatLsof(text);
      if (!stat || stat.state === 'Z') return undefined;
      // observed: an empty command (a process named ')') shows the previous process's.
      if (stat.command === '' && ((namesAlone && lastRead < position - 1) || lastFromComm))
        lastCommand = commandBefore(fs, pids, position, selfPid);
      const commandText = stat.command === '' ? lastCommand : stat.command;
      lastCommand = commandText;
      lastRead = position;
      lastFromComm = false;
      return {
        key: { pid: proc.pid, pgid: stat.pgid, uid: withOwner ? proc.owner().uid : -1, command: commandText },
        ppid: stat.ppid,
        threads: withTasks ? threadCount(text) : 0,
      };
    };
    /** How the process's selections match it, if it is listed at all; marks what it is found by. */
    const chosen = (id: Identity): Chosen | undefined => {
      selection.seen(id.key);
      if (!selection.processAllowed(id.key)) return undefined;
      const match = selection.processMatch(id.key);
      // Nothing when only process selections were given and it fails them.
      const listed = withTasks || match.given === 0 || (o.and ? match.all : match.any || fileCategories > 0);
      return listed ? { ...id, match } : undefined;
    };
    const gatherAhead = {
      statsAhead: !o.avoidBlocking,
      ...(!socketCategoriesOnly && !o.avoidBlocking && { readAhead: GATHER_READS }),
    };
    // A walk that reads each process's stat, then gathers it.
    const statAndGatherAhead = {
      ...gatherAhead,
      readAhead: gatherAhead.readAhead && ['stat', ...gatherAhead.readAhead],
    };
    function* described(): Generator<[Proc, Chosen]> {
      if (processesFirst) {
        // Chosen, or a process whose comm may be listed, its stat not read yet.
        const ids: (Chosen | number)[] = [];
        const consider = (proc: Proc, position: number) => {
          try {
            const id = identify(proc, position);
            const listed = id && chosen(id);
            if (listed) ids.push(listed);
          } catch (err) {
            if (!isGone(err)) throw err;
          }
        };
        if (comms) {
          for (let position = 0; position < pids.length; position++) {
            const pid = pids[position] as number;
            const comm = comms.texts[position];
            if (pid === selfPid) continue;
            // Gone, or declined by mayNameBy: commandBefore reads back past it if need be.
            if (comm === undefined) {
              lastFromComm = true;
              continue;
            }
            const command = comm.slice(0, -1);
            if (command === '' || command.includes('(') || command.includes(')')) {
              consider(fs.process(pid), position);
              continue;
            }
            lastCommand = command;
            lastRead = position;
            lastFromComm = true;
            if (o.pids.include.includes(pid) || selection.commandIncluded(command)) ids.push(pid);
          }
        } else {
          let position = -1;
          for (const proc of fs.processesOf(pids, { readAhead: ['stat'] })) {
            position++;
            if (proc.pid !== selfPid) consider(proc, position);
          }
        }
        let index = 0;
        const pidsChosen = ids.map((id) => (typeof id === 'number' ? id : id.key.pid));
        restartForLongWalk(pidsChosen.length);
        for (const proc of fs.processesOf(pidsChosen, byComm ? statAndGatherAhead : gatherAhead)) {
          const entry = ids[index++] as Chosen | number;
          let id: Chosen | undefined;
          try {
            if (typeof entry === 'number') {
              const read = identify(proc, -1);
              id = read && chosen(read);
            } else id = entry;
            // Read now when no selection needed it (withOwner).
            if (id && id.key.uid < 0) id.key.uid = proc.owner().uid;
          } catch (err) {
            if (!isGone(err)) throw err;
            continue;
          }
          if (id) yield [proc, id];
        }
        return;
      }
      const walk = namesAlone ? { statsAhead: true, readAhead: mayHoldReads(kinds) } : statAndGatherAhead;
      // Names alone, of files by their inode: the kernel may tell at once which processes could
      // hold one (ProcFs.mayHoldAny), and only those are asked. Positions stay the listing's.
      const inodes = namesAlone ? selection.namedInodes() : undefined;
      const visited = inodes ? fs.mayHoldAny(pids, [...inodes, ...namedSockets]) : pids;
      let position = -1;
      restartForLongWalk(visited.length);
      for (const proc of fs.processesOf(visited, walk)) {
        position++;
        while (position < pids.length && pids[position] !== proc.pid) position++;
        if (proc.pid === selfPid) continue;
        // Names alone: whether the process may hold one is asked first, before its stat is read.
        if (namesAlone && !inspector.mayHold(proc, named, namedSockets, kinds)) continue;
        let listed: Chosen | undefined;
        try {
          const id = identify(proc, position);
          listed = id && chosen(id);
        } catch (err) {
          if (!isGone(err)) throw err;
        }
        if (listed) yield [proc, listed];
      }
    }

    for (const [proc, { key, ppid, threads, match: pm }] of described()) {
      const pid = proc.pid;
      const command = Buffer.from(key.command, 'latin1');
      const socketsOnly = socketCategoriesOnly && !withTasks && (o.and || (!pm.any && !selection.fdIncludes));
      // A task's files are listed (-K) whatever else is asked, unless -a ANDs them with it; with -a
      // the process itself shows only beside tasks that do (man 8 lsof, -K; observed).
      const filesOf = (p: Proc, task: boolean): LsofFile[] | undefined => {
        let gathered: ReturnType<Inspector['gather']>;
        try {
          gathered = inspector.gather(p, { socketsOnly });
        } catch (err) {
          if (isGone(err)) return undefined;
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
          if (o.and) return pm.all && fm.all;
          return task || pm.any || fm.any;
        });
        for (const item of gathered.pendingProtocols) if (files.includes(item.file)) pending.push({ pid, item });
        return files;
      };
      const files = filesOf(proc, false);
      if (files === undefined) continue;
      const row = { pid, ppid, pgid: key.pgid, uid: key.uid, command };
      const tasks: LsofProcess[] = [];
      // One thread: task/ holds the process alone, and is not read.
      if (withTasks && threads !== 1) {
        let tids: number[] = [];
        try {
          tids = proc.tids();
        } catch {}
        for (const tid of tids) {
          if (tid === pid) continue;
          const task = proc.task(tid);
          let taskCommand: Buffer;
          try {
            const stat = parseStatLsof(task.file('stat').toString('latin1'));
            if (!stat) continue;
            taskCommand = Buffer.from(stat.command, 'latin1');
          } catch {
            continue;
          }
          const taskFiles = filesOf(task, true);
          if (taskFiles?.length) tasks.push({ ...row, tid, taskCommand, files: taskFiles });
        }
      }
      if (tasks.length) selection.tasksFound = true;
      if (o.tasks && o.and && tasks.length === 0) continue;
      if (files.length) listed.push({ ...row, files });
      listed.push(...tasks);
    }
    await inspector.resolveLocks();
    if (pending.length && o.skipInet) {
      // observed: with -X, sockets that no table lists are not asked for their protocol.
      for (const { item } of pending) item.file.name = Buffer.from("can't identify protocol (-X specified)");
    } else if (pending.length) {
      await fs.loadAttributes();
      for (const { pid, item } of pending) inspector.resolveProtocol(pid, item);
    }

    listedAny ||= listed.length > 0;

    const users = fs.users();
    const login = (uid: number) => {
      const name = users.userName(uid);
      if (name === undefined) warn(`no pwd entry for UID ${uid}`);
      return name;
    };
    if (o.json) {
      const ctx = { options: o, utf8: localeIsUtf8(io.env), login };
      io.stdout.write(o.json === 'object' ? renderJson(listed, ctx) : renderJsonLines(listed, ctx));
    } else if (o.terse) {
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
      renderColumns(
        listed,
        {
          options: o,
          taskColumns: withTasks,
          utf8: localeIsUtf8(io.env),
          user: (uid) => {
            if (o.numericUids) return { text: numericUid(uid) };
            const name = users.userName(uid);
            if (name !== undefined) return { text: name };
            return { text: numericUid(uid), warning: `no pwd entry for UID ${uid}` };
          },
          warn,
        },
        (text) => io.stdout.write(text),
      );
    }
    return listedAny;
  };
  if (!o.repeat) listedAny = await cycle(fs);
  else {
    const r = o.repeat;
    // observed: -r with a count and no marker format (-r1c2) lists nothing under -a, only its
    // markers (lsof -r1c1 -a -p PID -d 3).
    const blind = r.sign === '-' && r.count !== undefined && r.marker === undefined && o.and;
    for (let n = 1; ; n++) {
      const listed = blind ? false : await cycle(n === 1 ? fs : newFs());
      // +r ends at the first listing with nothing in it (observed: no marker then).
      if (r.sign === '+' && !listed) break;
      listedAny ||= listed;
      io.stdout.write(`${marker(o)}\n`);
      // Each listing reaches the reader before the wait (lsof flushes it).
      (io.stdout as { flush?: () => void }).flush?.();
      if (r.count !== undefined && n >= r.count) break;
      await sleep(r.seconds * 1000);
    }
  }
  const missed = selection.notFound();
  if (missed.length) status = 1;
  // -V: what was asked for and not found, after the listing, on stdout (observed).
  if (o.verbose) for (const m of missed) io.stdout.write(`${program}: ${m}\n`);
  if (o.repeat) {
    // observed: -r ends in 1 when its count runs out (unless it has a marker format); +r in 1
    // when it never listed anything.
    if (o.repeat.sign === '-' && o.repeat.marker === undefined) return 1;
    if (o.repeat.sign === '+' && !listedAny) return 1;
  }
  return o.quiet ? 0 : status;
}

/** observed: a uid is printed in 8 characters, cut there (uid 1234567890 shows as 12345678). */
function numericUid(uid: number): string {
  return String(uid).padStart(8).slice(0, 8);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The line after each listing of -r: `=======`, `m` with -F, or the strftime(3) of m<fmt>. */
function marker(o: Options): string {
  const fmt = o.repeat?.marker;
  const text = fmt === undefined ? undefined : strftime(fmt, new Date());
  if (o.fields !== undefined) return `m${text ?? ''}`;
  return text ?? '=======';
}
