import { describe, expect, it } from 'vitest';
import { parseGroup, parsePasswd, UserDb } from './users.ts';

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
# a comment

nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
broken line
bad:x:uid:0::/:
+nisuser::::::
toor:x:0:0:second root:/root:/bin/sh
alice:x:1000:1000:Alice Example,,,:/home/alice:/bin/bash
daemon:x:77:77:dup name:/:/bin/false
`;

const GROUP = `root:x:0:
daemon:x:1:
adm:x:4:syslog,alice
nogroup:x:65534:
# comment
bad:x:
wheel:x:0:alice
staff:x:50:,alice,
`;

describe('parsePasswd', () => {
  const entries = parsePasswd(PASSWD);

  it('parses valid lines and skips comments, blanks and malformed lines', () => {
    expect(entries.map((e) => e.name)).toEqual(['root', 'daemon', 'sync', 'nobody', 'toor', 'alice', 'daemon']);
    expect(entries[0]).toEqual({ name: 'root', uid: 0, gid: 0, gecos: 'root', home: '/root', shell: '/bin/bash' });
    expect(entries[5]?.gecos).toBe('Alice Example,,,');
  });

  it('tolerates CRLF, missing trailing fields and empty text', () => {
    expect(parsePasswd('x:x:5:6\r\n')).toEqual([{ name: 'x', uid: 5, gid: 6, gecos: '', home: '', shell: '' }]);
    expect(parsePasswd('')).toEqual([]);
  });
});

describe('parseGroup', () => {
  it('parses members', () => {
    const groups = parseGroup(GROUP);
    expect(groups.map((g) => g.name)).toEqual(['root', 'daemon', 'adm', 'nogroup', 'wheel', 'staff']);
    expect(groups[2]).toEqual({ name: 'adm', gid: 4, members: ['syslog', 'alice'] });
    expect(groups[0]?.members).toEqual([]);
    expect(groups[5]?.members).toEqual(['alice']);
  });
});

describe('UserDb', () => {
  it('looks names and ids up both ways; the first entry wins', () => {
    const db = UserDb.fromText(PASSWD, GROUP);
    expect(db.userName(0)).toBe('root');
    expect(db.uidOf('toor')).toBe(0);
    expect(db.uidOf('daemon')).toBe(1);
    expect(db.userName(77)).toBe('daemon');
    expect(db.userName(1234)).toBeUndefined();
    expect(db.uidOf('nisuser')).toBeUndefined();
    expect(db.groupName(0)).toBe('root');
    expect(db.gidOf('wheel')).toBe(0);
    expect(db.gidOf('nope')).toBeUndefined();
  });

  it('loads each file lazily, once', () => {
    let passwdReads = 0;
    let groupReads = 0;
    const db = new UserDb({
      passwd: () => {
        passwdReads++;
        return PASSWD;
      },
      group: () => {
        groupReads++;
        return undefined;
      },
    });
    expect(passwdReads + groupReads).toBe(0);
    db.userName(0);
    db.uidOf('alice');
    expect(passwdReads).toBe(1);
    expect(groupReads).toBe(0);
    expect(db.groupName(0)).toBeUndefined();
    db.gidOf('root');
    expect(groupReads).toBe(1);
  });
});

describe('UserDb over a directory', () => {
  it('reads passwd and group from it, and treats missing files as empty', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/tproc-users-`);
    try {
      writeFileSync(`${dir}/passwd`, PASSWD);
      const db = new UserDb(dir);
      expect(db.userName(1000)).toBe('alice');
      expect(db.groupName(0)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('keeps an index between databases while its file stays the same, and no longer', async () => {
    const { mkdtempSync, writeFileSync, renameSync, rmSync, statSync, utimesSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/tproc-users-`);
    const named = (name: string) => `${name}:x:1000:1000::/:/bin/sh\n`;
    try {
      writeFileSync(`${dir}/passwd`, named('ann'));
      utimesSync(`${dir}/passwd`, 1e9, 1e9);
      expect(new UserDb(dir).userName(1000)).toBe('ann');
      expect(new UserDb(dir).userName(1000)).toBe('ann');
      // Rewritten in place, same size, its times put back: only the change time tells.
      writeFileSync(`${dir}/passwd`, named('bob'));
      utimesSync(`${dir}/passwd`, 1e9, 1e9);
      expect(statSync(`${dir}/passwd`).mtimeMs).toBe(1e12);
      expect(new UserDb(dir).userName(1000)).toBe('bob');
      // Replaced by rename (as useradd and vipw write it): another inode.
      writeFileSync(`${dir}/passwd.new`, named('cat'));
      renameSync(`${dir}/passwd.new`, `${dir}/passwd`);
      expect(new UserDb(dir).userName(1000)).toBe('cat');
      writeFileSync(`${dir}/passwd`, named('dora-the-longer'));
      expect(new UserDb(dir).userName(1000)).toBe('dora-the-longer');
      rmSync(`${dir}/passwd`);
      expect(new UserDb(dir).userName(1000)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
