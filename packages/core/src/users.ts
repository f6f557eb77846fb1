import { readText, statOf } from './read.ts';

/** A line of passwd(5). */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** A line of group(5). */
export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

function isId(field: string | undefined): field is string {
  return field !== undefined && /^\d+$/.test(field);
}

function records(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/\r$/, '').split(':'));
}

/** Skips comments, blank lines and lines without a name or numeric ids (NIS `+` lines included). */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const [name, , uid, gid, gecos = '', home = '', shell = ''] of records(text)) {
    if (!name || name.startsWith('+') || name.startsWith('-') || !isId(uid) || !isId(gid)) continue;
    entries.push({ name, uid: Number(uid), gid: Number(gid), gecos, home, shell });
  }
  return entries;
}

export function parseGroup(text: string): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const [name, , gid, members = ''] of records(text)) {
    if (!name || name.startsWith('+') || name.startsWith('-') || !isId(gid)) continue;
    entries.push({ name, gid: Number(gid), members: members === '' ? [] : members.split(',').filter(Boolean) });
  }
  return entries;
}

export interface UserDbSource {
  /** Text of /etc/passwd; undefined when unreadable. */
  passwd(): string | undefined;
  /** Text of /etc/group; undefined when unreadable. */
  group(): string | undefined;
}

interface Index {
  byId: Map<number, string>;
  byName: Map<string, number>;
}

function index(entries: readonly { name: string; id: number }[]): Index {
  const byId = new Map<number, string>();
  const byName = new Map<string, number>();
  // The first entry wins on duplicates, as getpwuid/getpwnam do over files.
  for (const { name, id } of entries) {
    if (!byId.has(id)) byId.set(id, name);
    if (!byName.has(name)) byName.set(name, id);
  }
  return { byId, byName };
}

function readOptional(path: string): string | undefined {
  try {
    return readText(path);
  } catch {
    return undefined;
  }
}

/**
 * The index of each passwd or group file read, kept while the path names the same file unchanged
 * (device, inode, size, modification and change times): a program that lists processes again and
 * again reads /etc/passwd again only once it changes.
 */
const keptIndexes = new Map<string, { identity: string; index: Index }>();

function identityOf(path: string): string | undefined {
  try {
    const st = statOf(path);
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    return undefined;
  }
}

function fileIndex(path: string, entries: (text: string) => readonly { name: string; id: number }[]): Index {
  // Known before the read: a file replaced between the two is read again next time.
  const identity = identityOf(path);
  const kept = keptIndexes.get(path);
  if (identity !== undefined && kept?.identity === identity) return kept.index;
  const made = index(entries(readOptional(path) ?? ''));
  if (identity === undefined) keptIndexes.delete(path);
  else keptIndexes.set(path, { identity, index: made });
  return made;
}

const passwdIds = (text: string) => parsePasswd(text).map((e) => ({ name: e.name, id: e.uid }));
const groupIds = (text: string) => parseGroup(text).map((e) => ({ name: e.name, id: e.gid }));

/** Name/id lookups over passwd and group, each read and parsed on first use. */
export class UserDb {
  readonly #usersOf: () => Index;
  readonly #groupsOf: () => Index;
  #users?: Index;
  #groups?: Index;

  /** `source` is a loader, or a directory holding `passwd` and `group` (e.g. `/etc`). */
  constructor(source: UserDbSource | string) {
    if (typeof source === 'string') {
      this.#usersOf = () => fileIndex(`${source}/passwd`, passwdIds);
      this.#groupsOf = () => fileIndex(`${source}/group`, groupIds);
    } else {
      this.#usersOf = () => index(passwdIds(source.passwd() ?? ''));
      this.#groupsOf = () => index(groupIds(source.group() ?? ''));
    }
  }

  /** A database over fixed texts (tests, or texts already read). */
  static fromText(passwd: string, group: string): UserDb {
    return new UserDb({ passwd: () => passwd, group: () => group });
  }

  get #usersIndex(): Index {
    this.#users ??= this.#usersOf();
    return this.#users;
  }

  get #groupsIndex(): Index {
    this.#groups ??= this.#groupsOf();
    return this.#groups;
  }

  userName(uid: number): string | undefined {
    return this.#usersIndex.byId.get(uid);
  }

  uidOf(name: string): number | undefined {
    return this.#usersIndex.byName.get(name);
  }

  groupName(gid: number): string | undefined {
    return this.#groupsIndex.byId.get(gid);
  }

  gidOf(name: string): number | undefined {
    return this.#groupsIndex.byName.get(name);
  }
}
