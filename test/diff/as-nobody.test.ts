// A share of the ps, pgrep and pidof differentials run as `nobody` on both sides: what each shows of
// processes it may not inspect (another user's environ for `e`, io, exe, cwd, smaps, ns links
// are denied) must match too. Our commands run from a copy nobody can read (test/zoo/nobody.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Comparison, keepZooLines } from '../zoo/compare.ts';
import { FrozenClock } from '../zoo/frozen-clock.ts';
import { AS_NOBODY, type NobodyBin, nobodyBin } from '../zoo/nobody.ts';
import { startZoo, type Zoo } from '../zoo/zoo.ts';
import { compareCommandBatch, compareNamespaceBatch, mapStdout, shellQuote } from './signal-batch.ts';

/** Every key `ps L` lists that reads a file nobody may be denied, and their neighbours. */
const DENIED_KEYS = [
  'pid,exe,cwd,environ,comm,args,rchars,wchars,rbytes,wbytes,wcbytes,rops,wops,stat,lim,numa,psr',
  'pid,ipcns,mntns,netns,pidns,userns,utsns,cgroupns,timens,lxc,wchan,wname,nwchan,eip,esp,stackp,start_stack',
  'pid,sig,sigcatch,sigignore,sigmask,pending,blocked,caught,ignored,oom,oomadj,maj_flt,min_flt,sz,vsz,rss,drs,trs',
  'pid,cgroup,cgname,unit,uunit,slice,machine,seat,label,ouid,lsession,supgid,supgrp,user,ruser,suser,fuser,egid',
  'pid,lstart,etime,etimes,time,pcpu,c,cp,cuu,cuc,nlwp,ni,pri,rtprio,sched,policy,size,fgid',
];

interface Case {
  name: string;
  args: (z: Zoo) => string[];
  /** Columns whose values move between the two runs (pss, uss: see tps-columns.test.ts). */
  drift?: Record<string, number>;
}

const p = (z: Zoo): string => z.pids.join(',');
const PS_CASES: Case[] = [
  ...DENIED_KEYS.map((keys): Case => ({ name: `-o ${keys}`, args: (z) => ['-o', keys, '-p', p(z)] })),
  { name: '-o pss,uss', args: (z) => ['-o', 'pid,pss,uss,rss', '-p', p(z)], drift: { PSS: 32, USS: 12 } },
  // The environment of a process of another user's is denied: e shows the command alone.
  { name: 'e', args: (z) => ['e', '-o', 'pid,args', '-p', p(z)] },
  { name: 'e c', args: (z) => ['e', 'c', '-o', 'pid,comm,args', '-p', p(z)] },
  { name: 'e forest', args: (z) => ['ef', '-p', p(z)] },
  ...['-F', '-l', 'u', 'v', 's', '-M'].map((f): Case => ({ name: `format ${f}`, args: (z) => [f, '-p', p(z)] })),
  { name: 'threads -L', args: (z) => ['-L', '-o', 'pid,tid,comm,wchan,stat', '-p', String(z.threaded.pid)] },
  { name: 'threads -m', args: (z) => ['-m', '-o', 'pid,tid,stat,rchars', '-p', String(z.threaded.pid)] },
  { name: '--sort=-rss', args: (z) => ['--sort=-rss,pid', '-o', 'pid,rss,exe', '-p', p(z)] },
];

describe('as nobody', () => {
  let zoo: Zoo;
  let bin: NobodyBin;
  let clock: FrozenClock;
  beforeAll(async () => {
    [zoo, bin] = await Promise.all([startZoo(), nobodyBin(['tps', 'tpgrep', 'tpidof'])]);
    clock = new FrozenClock({ reference: 'ps', ours: 'tps', ourPath: bin.path('tps') });
  }, 60_000);
  afterAll(async () => {
    await zoo?.stop();
    bin?.remove();
    clock?.remove();
  });

  describe.concurrent('tps vs ps, as nobody', () => {
    it.each(PS_CASES.map((c) => [c.name, c] as const))(
      '%s',
      async (_name, c) => {
        const args = c.args(zoo);
        const cmp: Comparison = await clock.compare(
          [...AS_NOBODY, 'ps', ...args],
          [...AS_NOBODY, bin.path('tps'), ...args],
          { drift: c.drift, timeoutMs: 30_000 },
        );
        expect(cmp.diff, `tps ${args.join(' ')}`).toBe('');
      },
      60_000,
    );
  });

  it('denies what it should: the zoo is root-owned but for one process', async () => {
    // So that the cases above show denied fields at all (and the copy is not run as root).
    const args = ['-o', 'pid,exe', '-p', `${zoo.niced},${zoo.nobody}`];
    const cmp = await clock.compare([...AS_NOBODY, 'ps', ...args], [...AS_NOBODY, bin.path('tps'), ...args], {});
    expect(cmp.diff).toBe('');
    expect(cmp.reference.stdout).toMatch(new RegExp(`^ *${zoo.niced} -\\n *${zoo.nobody} /usr/bin/sleep\\n`, 'm'));
  });

  it('tpgrep vs pgrep, as nobody', async () => {
    const z = zoo;
    const fam = String(z.family.parent);
    const cases: string[][] = [
      ['-P', fam, '-a'],
      ['-P', fam, '-l', '-x', 'sleep'],
      ['-f', '-a', `${z.dir}/threads.pl`],
      ['-a', '-x', 'averyveryverylo'],
      ['-u', 'nobody', '-l'],
      ['-u', 'root', '-P', fam],
      ['--ns', String(z.nobody), '-P', fam],
      ['--ns', String(z.niced), '-P', fam],
      ['--ns', String(z.nobody), '--nslist', 'net', '-l', '-x', 'sleep'],
      ['--cgroup', '/', '-P', fam],
      ['-A', '-P', fam, '-l'],
      ['-t', z.pty.tty, '-a'],
      ['-P', String(z.zombie.parent), '-a'],
    ];
    const keep = (text: string) => mapStdout(text, (stdout) => keepZooLines(stdout, z.pids));
    const { failures } = await compareCommandBatch('/usr/bin/pgrep', 'tpgrep', cases, keep, {
      prefix: AS_NOBODY,
      ourPath: bin.path('tpgrep'),
    });
    expect(failures).toEqual([]);
  }, 120_000);

  it('tpidof vs pidof, as nobody (own PID namespace)', async () => {
    // Root's processes and nobody's: pidof may not read a root process's exe.
    const prepare = `
cp /usr/bin/sleep ./Sleepy
chmod 755 . ./Sleepy
printf '#!/usr/bin/perl\\nsleep 100000;\\n' > ./script.pl; chmod 755 ./script.pl
victim sleep; victim Sleepy
${AS_NOBODY.join(' ')} ./Sleepy 100000 & mine=$!
${AS_NOBODY.join(' ')} ./script.pl & script=$!
./script.pl & rootscript=$!
spin has_comm $mine Sleepy
spin has_comm $script script.pl
spin has_comm $rootscript script.pl
`;
    const CASES = [
      ['sleep'],
      ['Sleepy'],
      ['-s', 'Sleepy'],
      ['./Sleepy'],
      ['/usr/bin/sleep'],
      ['-x', 'script.pl'],
      ['script.pl'],
      ['perl'],
      ['-c', 'Sleepy'],
      ['-z', 'sleep'],
      ['-o', '%PPID', 'Sleepy'],
    ];
    const templates = CASES.map(
      (args) => `(cd / && exec ${AS_NOBODY.join(' ')} "$TOOL" ${args.map(shellQuote).join(' ')})`,
    );
    const { failures, results } = await compareNamespaceBatch('/usr/bin/pidof', 'tpidof', '', [], templates, {
      prepare,
      ourPath: bin.path('tpidof'),
    });
    expect(failures).toEqual([]);
    // Something was found: Sleepy runs as root and as nobody.
    expect(results[1]?.reference).toMatch(/--- stdout\n\d+ \d+\n/);
  }, 120_000);
});
