// tps vs ps on tasks of every scheduling policy (man 7 sched): ps shows ni as `-` for all but
// SCHED_OTHER and SCHED_BATCH, and rtprio as `-` for SCHED_OTHER only (observed). Each side runs
// in a PID namespace of its own where the same processes are started first, so their pids match;
// %CPU and memory columns are left out: each side's processes differ there.
import { describe, expect, it } from 'vitest';
import { compareTpsListings } from './signal-batch.ts';

const PREPARE = `
sleep 100000 & other=$!
nice -n 5 sleep 100000 & niced=$!
chrt -f 10 sleep 100000 & fifo=$!
chrt -r 20 sleep 100000 & rr=$!
nice -n 7 chrt -b 0 sleep 100000 & batch=$!
nice -n 3 chrt -i 0 sleep 100000 & idle=$!
chrt -d --sched-runtime 1000000 --sched-deadline 10000000 --sched-period 10000000 0 sleep 100000 & deadline=$!
zoo=$other,$niced,$fifo,$rr,$batch,$idle,$deadline
sleep 0.3
`;

const FORMATS: string[][] = [
  ['-o', 'pid,cls,class,policy,sched,rtprio,ni,nice,stat,comm'],
  ['-o', 'pid,pri,pri_api,pri_bar,pri_baz,pri_foo,opri,intpri,priority,comm'],
  // -l's columns but C and memory (each side's processes differ there).
  ['-o', 'f,s,uid,pid,ppid,pri,ni,addr,wchan,tty,time,cmd'],
  ['-c', '-o', 'pid,cls,pri,comm'],
  ['-o', '%p %n %c'],
  ['--sort=ni,pid', '-o', 'pid,ni'],
  ['--sort=-rtprio,pid', '-o', 'pid,rtprio'],
];

describe('tps vs ps on every scheduling policy, in fresh PID namespaces', () => {
  it('rtprio, ni and the priority scales per policy', async () => {
    const { failures, results } = await compareTpsListings(PREPARE, FORMATS);
    expect(failures).toEqual([]);
    // Every policy started: seven processes under the header, DLN among them.
    expect(results[0]?.reference.match(/ sleep\n/g)).toHaveLength(7);
    expect(results[0]?.reference).toMatch(/ DLN DLN DLN +6 +0 +- +- S +sleep\n/);
  }, 120_000);
});
