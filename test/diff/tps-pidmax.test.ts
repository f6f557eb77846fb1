// tps vs ps when /proc/sys/kernel/pid_max is not 32768. ps sizes its pid columns (PID, PPID, PGID,
// SID, TID, TPGID...) by that file (observed: 4194304, systemd's default on 64-bit machines, gives
// 7 columns). pid_max is per PID namespace, so each side runs in a namespace of its own and sets it
// there; the processes listed are started before any command runs, so their pids match.
import { describe, expect, it } from 'vitest';
import { compareNamespaceBatch, shellQuote } from './signal-batch.ts';

const PREPARE = `
victim sleep
victim Sleepy 100001
sh -c 'sleep 100002 & exec sleep 100003' & parent=$!
spin has_comm $parent sleep
# One at a time, so that the threads' ids are the same in both runs.
perl -e 'use threads; threads->create(sub { sleep 100000 }) for 1..2; sleep 100000' & threaded=$!
three_threads() { set -- /proc/$threaded/task/*; [ $# -eq 3 ]; }
spin three_threads
zoo=$(echo $victims $parent $threaded | tr ' ' ,)
`;

const PID_MAXES = ['4194304', '999999', '100000', '99999', '1000'];

// Formats without %CPU, C, memory and start-time columns: each side starts its own processes,
// which differ there from one run to the other (STIME too, when a minute ends between the two
// sides' starts: 07:50 against 07:51, seen once in CI).
const FORMATS: string[][] = [
  ['-j'],
  ['-jH'],
  ['j'],
  ['s'],
  ['-L'],
  ['-T'],
  ['-m', '-o', 'pid,tid,lwp,comm'],
  ['-o', 'pid,ppid,pgid,pgrp,sid,sess,session,tgid,lwp,spid,tid,tpgid,tsid,tsess,tsession,taskid,comm'],
  ['-o', 'user,pid,ppid,tty,time,cmd'],
  ['-o', 'pid=,ppid=X,tpgid=,sid:2,tsid='],
  ['-o', 'pid:3,ppid:9,comm'],
  ['-o', '%p %P %r'],
  ['--forest', '-o', 'pid,ppid,comm'],
  ['--sort=-ppid', '-o', 'ppid,pid'],
];

describe('tps vs ps under other pid_max values, in fresh PID namespaces', () => {
  it('pid columns are as wide as pid_max', async () => {
    const templates = PID_MAXES.flatMap((max) =>
      FORMATS.map(
        (args) => `echo ${max} > /proc/sys/kernel/pid_max; "$TOOL" ${args.map(shellQuote).join(' ')} -p "$zoo"`,
      ),
    );
    const { failures, results } = await compareNamespaceBatch('/usr/bin/ps', 'tps', '', [], templates, {
      prepare: PREPARE,
    });
    expect(failures).toEqual([]);
    // Each case listed the zoo: the header and its processes.
    for (const r of results) expect(r.reference.split('\n').length).toBeGreaterThan(7);
    // pid_max 4194304 gives seven-column pids.
    expect(results[0]?.reference).toMatch(/--- stdout\n {4}PID {4}PGID {5}SID TTY/);
  }, 240_000);
});
