// Which processes and files lsof lists (man 8 lsof, OPTIONS): exclusions (^pid, ^pgid, ^uid,
// ^command, ^fd) first; then the selections given are ORed, or ANDed with -a. Each search item
// (pid, pgid, user, command, name, Internet address) remembers whether anything matched it, for
// the exit status and -V.
import { mappedIpv4 } from './net-names.ts';
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
  /** Unix socket path as given (matched against /proc/net/unix). */
  socketPath?: Buffer;
  found: boolean;
}

export interface DirTarget {
  path: string;
  recursive: boolean;
  /** dev:inode of every file and directory in it (and itself). */
  members: Set<string>;
}

export class Selection {
  readonly pidFound = new Set<number>();
  readonly pgidFound = new Set<number>();
  readonly uidFound = new Set<number>();
  readonly commandFound = new Set<CommandSelection>();
  readonly inetFound = new Set<InetSelection>();
  nfsFound = false;
  names: NameTarget[] = [];
  dirs: DirTarget[] = [];

  constructor(readonly o: Options) {}

  /** Whether any list selection (as opposed to exclusions only) was given. */
  get selective(): boolean {
    const o = this.o;
    return (
      o.pids.include.length > 0 ||
      o.pgids.include.length > 0 ||
      o.users.include.length > 0 ||
      o.commands.some((c) => !c.exclude) ||
      this.fdIncludes ||
      o.inet !== undefined ||
      o.unix ||
      o.nfs ||
      this.names.length > 0 ||
      this.dirs.length > 0 ||
      o.linksBelow !== undefined
    );
  }

  get fdIncludes(): boolean {
    return this.o.fds !== undefined && !this.o.fds.exclude;
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
      if (o.pids.include.includes(p.pid)) {
        matched++;
        this.pidFound.add(p.pid);
      }
    }
    if (o.pgids.include.length) {
      given++;
      if (o.pgids.include.includes(p.pgid)) {
        matched++;
        this.pgidFound.add(p.pgid);
      }
    }
    if (o.users.include.length) {
      given++;
      if (o.users.include.some((u) => u.uid === p.uid)) {
        matched++;
        this.uidFound.add(p.uid);
      }
    }
    const commands = o.commands.filter((c) => !c.exclude);
    if (commands.length) {
      given++;
      let hit = false;
      for (const c of commands) {
        if (commandMatches(c, p.command)) {
          hit = true;
          this.commandFound.add(c);
        }
      }
      if (hit) matched++;
    }
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
      given++;
      if (this.#inetMatches(file)) matched++;
    }
    if (o.unix) {
      given++;
      if (file.type === 'unix') matched++;
    }
    if (o.nfs) given++;
    if (this.names.length) {
      given++;
      let hit = false;
      for (const n of this.names) {
        if (nameMatches(n, file)) {
          n.found = true;
          hit = true;
        }
      }
      if (hit) matched++;
    }
    if (this.dirs.length) {
      given++;
      if (file.dev && file.inode !== undefined && file.fd !== 'DEL') {
        const key = `${file.dev.major}:${file.dev.minor}:${file.inode}`;
        if (this.dirs.some((d) => d.members.has(key))) matched++;
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
    if (o.states.length && file.inet) {
      const state = stateName(file.inet);
      for (const s of o.states) {
        if (s.protocol !== (file.inet.protocol === 'TCP' ? 'TCP' : 'UDP')) continue;
        if (s.exclude.has(state)) return false;
        if (s.include.size && !s.include.has(state)) return false;
      }
    }
    return true;
  }

  #inetMatches(file: LsofFile): boolean {
    const inet = file.inet;
    const o = this.o;
    if (!inet) return false;
    const version = file.type === 'IPv4' ? 4 : 6;
    if (o.inetVersion !== undefined && o.inetVersion !== version) return false;
    if (o.inet!.length === 0) return true;
    let hit = false;
    for (const sel of o.inet!) {
      if (inetMatches(sel, inet, version)) {
        this.inetFound.add(sel);
        hit = true;
      }
    }
    return hit;
  }
}

function stateName(inet: InetInfo): string {
  if (inet.state) return inet.state;
  return inet.remote ? 'Idle' : 'Unbound';
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

function addressKey(address: string): string {
  const v4 = mappedIpv4(address);
  return v4 ?? address;
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
