import { NOT_ASCII, type Proc, psEscapeLatin1 } from '@tproc/core';
import { statCommLatin1 } from './columns/command.ts';
import type { Selection, SelectionList } from './options/types.ts';

/** Who is asking: ps's default selection is "same effective user, same terminal". */
export interface Caller {
  euid: number;
  /** tty_nr of the caller's own process; 0 when it has no terminal. */
  ttyNr: number;
}

function listMatches(list: SelectionList, proc: Proc, utf8: boolean): boolean {
  const values = list.values;
  switch (list.kind) {
    case 'pid':
      return values.includes(proc.pid);
    case 'ppid':
      return values.includes(proc.stat().ppid);
    case 'sid':
    case 'sidOrEgroup':
      return values.includes(proc.stat().session);
    case 'pgid':
      return values.includes(proc.stat().pgrp);
    case 'tty':
      return values.includes(proc.stat().ttyNr);
    case 'euid':
      return values.includes(proc.status().uid[1]);
    case 'ruid':
      return values.includes(proc.status().uid[0]);
    case 'egid':
      return values.includes(proc.status().gid[1]);
    case 'rgid':
      return values.includes(proc.status().gid[0]);
    case 'comm':
      return values.includes(shownBytes(statCommLatin1(proc.stat()), utf8));
  }
}

/**
 * The command name as ps shows it in this locale, as latin1 of its UTF-8 bytes. observed: -C
 * compares names with that, not with the name's own bytes (`-C h??llo` finds héllo in the C
 * locale, `-C 'a?b'` a name holding a tab).
 */
function shownBytes(comm: string, utf8: boolean): string {
  const shown = psEscapeLatin1(comm, utf8);
  return NOT_ASCII.test(shown) ? Buffer.from(shown, 'utf8').toString('latin1') : shown;
}

/**
 * Builds the predicate for a selection. Every selector adds processes (a union); BSD r keeps only
 * running ones; -N negates what is left (observed: `ps r -N -e` lists every process not running).
 * With no selector at all ps selects the caller's processes on the caller's terminal, or, once
 * any BSD option is present, the caller's processes that have a terminal (observed: `ps r` on a
 * terminal-less caller lists nothing).
 */
export function selector(sel: Selection, bsdSeen: boolean, caller: Caller, utf8: boolean): (proc: Proc) => boolean {
  const tests: ((proc: Proc) => boolean)[] = [];
  const leader = (p: Proc): boolean => p.stat().session === p.pid;
  if (sel.all || (sel.bsdAll && sel.bsdNoTty)) tests.push(() => true);
  else {
    if (sel.ttyNotLeader) tests.push((p) => p.stat().ttyNr !== 0 && !leader(p));
    if (sel.notLeader) tests.push((p) => !leader(p));
    if (sel.bsdAll) tests.push((p) => p.stat().ttyNr !== 0);
    if (sel.bsdNoTty) tests.push((p) => p.status().uid[1] === caller.euid);
    if (sel.thisTerminal) tests.push((p) => p.stat().ttyNr === caller.ttyNr);
    for (const list of sel.lists) tests.push((p) => listMatches(list, p, utf8));
    if (tests.length === 0) {
      if (bsdSeen) tests.push((p) => p.stat().ttyNr !== 0 && p.status().uid[1] === caller.euid);
      else tests.push((p) => p.stat().ttyNr === caller.ttyNr && p.status().uid[1] === caller.euid);
    }
  }
  const negate = sel.negate;
  const running = sel.running;
  return (proc) => {
    let hit = false;
    for (const test of tests) {
      if (test(proc)) {
        hit = true;
        break;
      }
    }
    if (hit && running) hit = proc.stat().state === 'R';
    return negate ? !hit : hit;
  };
}
