// tps vs ps on processes with unusual credentials: real, effective and saved ids apart, and more
// supplementary groups than SUPGID's 20 columns hold (observed: supgid and supgrp are cut to their
// width when not last, whole when last). Each side runs in a PID namespace of its own where the
// same processes are started first, so their pids match.
import { describe, expect, it } from 'vitest';
import { compareTpsListings } from './signal-batch.ts';

const PREPARE = `
setpriv --reuid 65534 --regid 65534 --groups 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25 sleep 100000 & many=$!
setpriv --ruid 1 --euid 2 --rgid 3 --egid 4 --clear-groups sleep 100000 & apart=$!
setpriv --reuid 12345 --regid 54321 --groups 54321,777 sleep 100000 & unnamed=$!
zoo=$many,$apart,$unnamed
sleep 0.3
`;

const FORMATS: string[][] = [
  ['-o', 'supgid,pid'],
  ['-o', 'supgrp,pid'],
  ['-o', 'pid,supgid,supgrp'],
  ['-o', 'supgid:5,supgrp:7,pid'],
  ['-o', 'supgid:60,supgrp:100,pid'],
  ['-o', 'pid,uid,ruid,suid,fuid,euid,gid,rgid,sgid,fgid,egid'],
  ['-o', 'pid,user,ruser,suser,fuser,group,rgroup,sgroup,fgroup'],
  ['n', '-o', 'pid,user,ruser,group,supgrp'],
  ['--sort=-supgid', '-o', 'pid,supgid:8'],
];

describe('tps vs ps on unusual credentials, in fresh PID namespaces', () => {
  it('ids apart, many and unnamed supplementary groups', async () => {
    const { failures, results } = await compareTpsListings(PREPARE, FORMATS);
    expect(failures).toEqual([]);
    // The groups were set: SUPGID cut to 20 columns before PID.
    expect(results[0]?.reference).toMatch(/\n1,2,3,4,5,6,7,8,9,10 +\d+\n/);
  }, 120_000);
});
