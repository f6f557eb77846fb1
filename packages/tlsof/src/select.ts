// Which processes and files lsof lists (man 8 lsof, OPTIONS): exclusions (^pid, ^pgid, ^uid,
// ^command, ^fd) first; then the selections given are ORed, or ANDed with -a. Each search item
// (pid, pgid, user, command, name, Internet address) remembers whether anything matched it, for
// the exit status and -V.
import { type DeviceNumber, lsofEscape, S_IFDIR, S_IFREG } from '@tproc/core';
import { addressKey } from './net-names.ts';
import { tcpStateName } from './sockets.ts';
import type { InetInfo, LsofFile } from './model.ts';
import type { CommandSelection, InetSelection, Options } from './options.ts';

/** What a process offers to process-level selections. */
export interface ProcessKey {
  pid: number;
  pgid: number;
  uid: number;
  /** comm as latin1 text (one char per byte). */
  command: string;
}

/** A named file resolved to what identifies it (stat of the name). */
export interface NameTarget {
  text: string;
  kind: 'file' | 'filesystem';
  dev?: { major: number; minor: number };
  rdev?: { major: number; minor: number };
  inode?: number;
  /** Character or block device file: matched by its device number too. */
  isDevice?: boolean;
  /** The file's type (st_mode & S_IFMT), for a name of kind `file`. */
  type?: number;
  /** Unix socket path as given (matched against /proc/net/unix). */
  socketPath?: Buffer;
  found: boolean;
}

/** Which of a process's files a name could be (Selection.namedKinds). */
export interface NamedKinds {
  /** cwd and root. */
  links: boolean;
  exe: boolean;
  maps: boolean;
}

/** A file found under a +d/+D directory: a search item of its own (man 8 lsof, -V). */
export interface DirMember {
  path: Buffer;
  found: boolean;
}

export interface DirTarget {
  path: string;
  recursive: boolean;
  /** The directory, then every file and directory in it, in the order walked. */
  walked: DirMember[];
  /** By dev:inode (and by path, for sockets). */
  members: Map<string, DirMember>;
}

export class Selection {
  readonly pidFound = new Set<number>();
  readonly pgidFound = new Set<number>();
  readonly uidFound = new Set<number>();
  readonly commandFound = new Set<CommandSelection>();
  readonly inetFound = new Set<InetSelection>();
  nfsFound = false;
  /** A task was listed (-K: `no tasks located` otherwise). */
  tasksFound = false;
  /** An Internet file was selected by -i (`no Internet files located` otherwise). */
  inetAnyFound = false;
  names: NameTarget[] = [];
  /** Names were given, even if none could be used (then nothing matches them). */
  namesGiven = false;
  dirs: DirTarget[] = [];

  /** The commands asked for (-c without ^). */
  readonly #commandsIncluded: CommandSelection[];

  constructor(
    readonly o: Options,
    /** A UTF-8 locale: names in messages pass printable UTF-8 through. */
    readonly utf8 = false,
  ) {
    this.#commandsIncluded = o.commands.filter((c) => !c.exclude);
  }

  /** Whether any list selection (as opposed to exclusions only) was given. */
  get selective(): boolean {
    const o = this.o;
    return (
      o.pids.include.length > 0 ||
      o.pgids.include.length > 0 ||
      o.users.include.length > 0 ||
      this.#commandsIncluded.length > 0 ||
      this.fdIncludes ||
      o.inet !== undefined ||
      o.unix ||
      o.nfs ||
      this.namesGiven ||
      this.dirs.length > 0 ||
      o.linksBelow !== undefined
    );
  }

  get fdIncludes(): boolean {
    return this.o.fds !== undefined && !this.o.fds.exclude;
  }

  /**
   * Search items nothing matched, as -V words them, in lsof's order (observed): commands and
   * names last given first, then Internet addresses (last first), PIDs, PGIDs, users, NFS.
   */
  notFound(): string[] {
    const o = this.o;
    const out: string[] = [];
    // observed: names last given first, then regular expressions in order; an exclusion (^perl)
    // is never found.
    for (const c of [...o.commands].reverse()) {
      if (!c.regex && !this.commandFound.has(c)) out.push(`command not located: ${c.prefix}`);
    }
    for (const c of o.commands) {
      if (c.regex && !this.commandFound.has(c)) out.push(`no command found for regex: ${c.regexSource}`);
    }
    for (const n of [...this.names].reverse()) if (!n.found) out.push(`no file use located: ${n.text}`);
    // observed: a directory's files last walked first, the directory itself last.
    for (const d of [...this.dirs].reverse()) {
      for (const m of [...d.walked].reverse()) {
        if (!m.found) out.push(`no file use located: ${lsofEscape(m.path, { wide: this.utf8 })}`);
      }
    }
    for (const i of [...(o.inet ?? [])].reverse()) {
      if (!this.inetFound.has(i)) out.push(`Internet address not located: ${i.text}`);
    }
    // observed: only when an -i without an address came (-i, -i4, -i6); addresses alone have their
    // own lines (lsof -V -i :1 -a -p $$: `Internet address not located: :1` alone; with -i4 too,
    // both lines).
    if (o.inetBare && !this.inetAnyFound) out.push('no Internet files located');
    for (const pid of o.pids.include) if (!this.pidFound.has(pid)) out.push(`process ID not located: ${pid}`);
    for (const pgid of o.pgids.include)
      if (!this.pgidFound.has(pgid)) out.push(`process group ID not located: ${pgid}`);
    // observed: users count only beside a command or an Internet address search.
    if (this.#commandsIncluded.length > 0 || (o.inet ?? []).length > 0) {
      for (const u of o.users.include) {
        if (this.uidFound.has(u.uid)) continue;
        out.push(/^\d+$/.test(u.text) ? `user ID not located: ${u.text}` : `login name not located: ${u.text}`);
      }
    }
    if (o.nfs && !this.nfsFound) out.push('no NFS files located');
    if (o.tasks && !this.tasksFound) out.push('no tasks located');
    return out;
  }

  /**
   * Marks the pid, process group and user of a process as found, before any exclusion (observed:
   * -c ^perl -p PERL finds the pid).
   */
  seen(p: ProcessKey): void {
    this.pidFound.add(p.pid);
    this.pgidFound.add(p.pgid);
    this.uidFound.add(p.uid);
  }

  /** Whether a command asked for (-c without ^) matches `command`. Marks nothing found. */
  commandIncluded(command: string): boolean {
    return this.#commandsIncluded.some((c) => commandMatches(c, command));
  }

  /** False when an exclusion drops the whole process. */
  processAllowed(p: ProcessKey): boolean {
    const o = this.o;
    if (o.pids.exclude.includes(p.pid)) return false;
    if (o.pgids.exclude.includes(p.pgid)) return false;
    if (o.users.exclude.includes(p.uid)) return false;
    for (const c of o.commands) if (c.exclude && commandMatches(c, p.command)) return false;
    return true;
  }

  /**
   * Process-level selections: `any` whether one of those given matched, `all` whether every
   * one given matched; `given` how many kinds were given. Marks found items.
   */
  processMatch(p: ProcessKey): { given: number; any: boolean; all: boolean } {
    const o = this.o;
    let given = 0;
    let matched = 0;
    if (o.pids.include.length) {
      given++;
      if (o.pids.include.includes(p.pid)) matched++;
    }
    if (o.pgids.include.length) {
      given++;
      if (o.pgids.include.includes(p.pgid)) matched++;
    }
    if (o.users.include.length) {
      given++;
      if (o.users.include.some((u) => u.uid === p.uid)) matched++;
    }
    const hits: CommandSelection[] = [];
    if (this.#commandsIncluded.length) {
      given++;
      for (const c of this.#commandsIncluded) if (commandMatches(c, p.command)) hits.push(c);
      if (hits.length) matched++;
    }
    // With -a a command counts as found only when the process passes every selection (observed:
    // -c perl -u 4242 -a reports the command not located).
    if (!o.and || matched === given) for (const c of hits) this.commandFound.add(c);
    return { given, any: matched > 0, all: matched === given };
  }

  /** File-level selections, as processMatch. */
  fileMatch(file: LsofFile): { given: number; any: boolean; all: boolean } {
    const o = this.o;
    let given = 0;
    let matched = 0;
    if (this.fdIncludes) {
      given++;
      if (fdInSet(this.o, file)) matched++;
    }
    if (o.inet !== undefined) {
      // A bare -i and the addresses are two selections (observed: `-i6 -a -i :80` lists only
      // IPv6 files on port 80, `-i6 -i :80` every IPv6 file and those on port 80).
      const { bare, address } = this.#inetMatches(file);
      if (o.inetBare) {
        given++;
        if (bare) matched++;
      }
      if (o.inet.length > 0 || !o.inetBare) {
        given++;
        if (address) matched++;
      }
    }
    if (o.unix) {
      given++;
      if (file.type === 'unix') matched++;
    }
    if (o.nfs) given++;
    if (this.namesGiven) {
      given++;
      // lsof keeps the names last first: a file matches the last name given that names it, and
      // only that name counts as found (observed: `dir dir/ dir/.` shows dir/. and exits 1).
      for (let i = this.names.length - 1; i >= 0; i--) {
        const n = this.names[i]!;
        if (!nameMatches(n, file)) continue;
        n.found = true;
        matched++;
        // A named file shows under the name given.
        if (n.kind === 'file' && file.type !== 'unix') {
          file.name = Buffer.from(n.text, 'utf8');
          file.nameSuffix = '';
        }
        break;
      }
    }
    if (this.dirs.length) {
      given++;
      // A bound Unix socket is found by its path among the directory's (observed: +d dir lists
      // dir/sock's listener).
      const key =
        file.type === 'unix'
          ? file.unixPath?.toString('latin1')
          : file.dev && file.inode !== undefined && file.fd !== 'DEL' && file.type !== 'unknown'
            ? `${file.dev.major}:${file.dev.minor}:${file.inode}`
            : undefined;
      if (key !== undefined) {
        let hit = false;
        for (const d of this.dirs) {
          const member = d.members.get(key);
          if (member === undefined) continue;
          member.found = true;
          hit = true;
          if (file.type !== 'unix') {
            file.name = member.path;
            file.nameSuffix = '';
          }
        }
        if (hit) matched++;
      }
    }
    if (o.linksBelow !== undefined) {
      given++;
      if (file.nlink !== undefined && file.nlink < o.linksBelow) matched++;
    }
    return { given, any: matched > 0, all: matched === given };
  }

  /** Exclusions that apply to single files: ^fd sets, -s state exclusions. */
  fileAllowed(file: LsofFile): boolean {
    const o = this.o;
    if (o.fds?.exclude && fdInSet(o, file)) return false;
    const tcp = o.states.find((s) => s.protocol === 'TCP');
    if (tcp && file.inet) {
      // observed: UDP sockets are judged by their state number read as TCP's (a connected one,
      // 01, passes -sTCP:ESTABLISHED; an idle one, 07, is CLOSE).
      const state = tcpStateName(file.inet.stateNumber);
      if (tcp.exclude.has(state)) return false;
      if (tcp.include.size && !tcp.include.has(state)) return false;
    }
    return true;
  }

  /**
   * Which of a process's files a name could be (for Inspector.mayHold): its cwd and root are
   * directories, its program a regular file, and no mapping is a directory; a file system's
   * name, or a device's (matched by device number too), could be any.
   */
  namedKinds(): NamedKinds {
    const any = (type: number) =>
      this.names.some((n) => n.kind === 'filesystem' || n.isDevice === true || n.type === type);
    return {
      links: any(S_IFDIR),
      exe: any(S_IFREG),
      maps: this.names.some((n) => n.kind === 'filesystem' || n.type !== S_IFDIR),
    };
  }

  /**
   * The inode numbers the names match files by, where each name is a file matched by its own
   * identity (not a file system, a device or a directory); undefined otherwise. A name not found
   * matches nothing, and gives none.
   */
  namedInodes(): number[] | undefined {
    const inodes: number[] = [];
    for (const n of this.names) {
      if (n.kind === 'filesystem' || n.isDevice === true || n.type === S_IFDIR) return undefined;
      if (n.dev !== undefined && n.inode !== undefined) inodes.push(n.inode);
    }
    return inodes;
  }

  /**
   * Whether a file of this identity could be one the names select: nameMatches without the
   * file's type, so a superset, for a pass that stats without describing (Inspector.mayHold).
   * Never for a name that is a Unix socket's path (matched by the socket table's path).
   */
  mayBeNamed(dev: DeviceNumber, inode: number, rdev: DeviceNumber | undefined): boolean {
    return this.names.some((n) => {
      if (n.dev === undefined) return false;
      if (n.kind === 'filesystem') return sameDev(dev, n.dev);
      if (inode !== n.inode) return false;
      return (
        sameDev(dev, n.dev) ||
        (n.isDevice === true && n.rdev !== undefined && rdev !== undefined && sameDev(rdev, n.rdev))
      );
    });
  }

  /**
   * Whether an Internet socket of these could be selected by -i (its version and addresses): a
   * socket no table lists never is (#inetMatches needs its table entry), so when none could, no
   * process has a file for -i to list. Records nothing found.
   */
  inetCouldMatch(sockets: readonly InetInfo[]): boolean {
    return sockets.some(
      (inet) => this.#bareMatches(inet.family) || this.o.inet!.some((sel) => inetMatches(sel, inet, inet.family)),
    );
  }

  /**
   * A bare -i (-i4, -i6) selects every Internet file of its version, beside the addresses given
   * (observed: `-i6 -i :1` lists every IPv6 file).
   */
  #bareMatches(version: 4 | 6): boolean {
    const o = this.o;
    return o.inetBare === true && (o.inetVersion === undefined || o.inetVersion === version);
  }

  /** Whether the bare -i selects `file`, and whether one of the addresses does (each found is noted). */
  #inetMatches(file: LsofFile): { bare: boolean; address: boolean } {
    const inet = file.inet;
    if (!inet) return { bare: false, address: false };
    const version = file.type === 'IPv4' ? 4 : 6;
    const bare = this.#bareMatches(version);
    if (bare) this.inetAnyFound = true;
    let address = false;
    for (const sel of this.o.inet!) {
      if (inetMatches(sel, inet, version)) {
        this.inetFound.add(sel);
        address = true;
      }
    }
    return { bare, address };
  }
}

function fdInSet(o: Options, file: LsofFile): boolean {
  const set = o.fds!;
  if (set.names.has(file.fd)) return true;
  if (set.names.has('fd') && file.fdNumber !== undefined) return true;
  if (file.fdNumber === undefined) return false;
  const n = file.fdNumber;
  return set.ranges.some(([low, high]) => n >= low && n <= high);
}

export function commandMatches(c: CommandSelection, command: string): boolean {
  if (c.prefix !== undefined) return command.startsWith(c.prefix);
  return c.regex!.test(command);
}

function inetMatches(sel: InetSelection, inet: InetInfo, version: 4 | 6): boolean {
  if (sel.version !== undefined && sel.version !== version) return false;
  if (sel.protocol !== undefined && sel.protocol !== inet.protocol) return false;
  const ends = [inet.local, ...(inet.remote ? [inet.remote] : [])];
  return ends.some((end) => {
    if (sel.addresses && !sel.addresses.has(addressKey(end.address))) return false;
    if (sel.ports && !sel.ports.some((p) => end.port >= p.low && end.port <= p.high)) return false;
    return true;
  });
}

function nameMatches(n: NameTarget, file: LsofFile): boolean {
  if (n.socketPath && file.unixPath?.equals(n.socketPath)) return true;
  if (n.kind === 'filesystem') {
    return file.dev !== undefined && n.dev !== undefined && sameDev(file.dev, n.dev) && file.type !== 'unknown';
  }
  if (n.isDevice && n.rdev && file.rdev && (file.type === 'CHR' || file.type === 'BLK')) {
    if (sameDev(file.rdev, n.rdev) && file.inode === n.inode) return true;
  }
  return (
    file.dev !== undefined &&
    n.dev !== undefined &&
    sameDev(file.dev, n.dev) &&
    file.inode !== undefined &&
    file.inode === n.inode
  );
}

const sameDev = (a: { major: number; minor: number }, b: { major: number; minor: number }): boolean =>
  a.major === b.major && a.minor === b.minor;
