import { describe, expect, it } from 'vitest';
import { parseStatus } from './status.ts';

const CAT = `Name:\tcat
Umask:\t0022
State:\tR (running)
Tgid:\t2441
Ngid:\t0
Pid:\t2441
PPid:\t2433
TracerPid:\t0
Uid:\t1000\t1001\t1002\t1003
Gid:\t0\t0\t0\t0
FDSize:\t256
Groups:\t4 24 27 
NStgid:\t2441\t7
NSpid:\t2441\t7
NSpgid:\t2433\t1
NSsid:\t1080\t1
Kthread:\t0
VmPeak:\t    3060 kB
VmSize:\t    3060 kB
VmLck:\t       0 kB
VmHWM:\t    1748 kB
VmRSS:\t    1748 kB
VmSwap:\t       0 kB
Threads:\t1
SigQ:\t1/96364
SigPnd:\t0000000000000000
ShdPnd:\t0000000000000000
SigBlk:\t0000000000010000
SigIgn:\t0000000000000006
SigCgt:\tfffffffe7fc1feff
CapEff:\t000001fffeffffff
voluntary_ctxt_switches:\t3
nonvoluntary_ctxt_switches:\t1
`;

describe('parseStatus', () => {
  it('reads ids, memory, signals and namespaces', () => {
    const s = parseStatus(CAT);
    expect(s.name.toString()).toBe('cat');
    expect(s.umask).toBe(0o022);
    expect(s.state).toBe('R');
    expect([s.tgid, s.pid, s.ppid, s.tracerPid]).toEqual([2441, 2441, 2433, 0]);
    expect(s.uid).toEqual([1000, 1001, 1002, 1003]);
    expect(s.groups).toEqual([4, 24, 27]);
    expect(s.nsPid).toEqual([2441, 7]);
    expect(s.nsSid).toEqual([1080, 1]);
    expect(s.vmSize).toBe(3060);
    expect(s.vmRss).toBe(1748);
    expect(s.vmLck).toBe(0);
    expect(s.threads).toBe(1);
    expect(s.sigQ).toEqual([1, 96364]);
    expect(s.sigBlk).toBe(0x10000n);
    expect(s.sigCgt).toBe(0xfffffffe7fc1feffn);
    expect(s.capEff).toBe(0x1fffeffffffn);
    expect(s.capInh).toBeUndefined();
    expect(s.voluntaryCtxtSwitches).toBe(3);
    expect(s.fields.get('Kthread')).toBe('0');
  });

  it('reads Uid and Gid wherever the line is, and zeros when absent', () => {
    expect(parseStatus('Uid:\t5\t6\t7\t8').uid).toEqual([5, 6, 7, 8]);
    expect(parseStatus('Name:\tx\nGid:\t12\t34\t56\t78\nUid:\t0\t1\t2\t3\n').gid).toEqual([12, 34, 56, 78]);
    expect(parseStatus('Name:\tx\nUid:\t9\nGid:\t1\t2\t3\t4\n').uid).toEqual([9, 9, 9, 9]);
    expect(parseStatus('Name:\tx\n').uid).toEqual([0, 0, 0, 0]);
  });

  it('has no memory fields for a kernel thread', () => {
    const s = parseStatus('Name:\tkthreadd\nState:\tS (sleeping)\nPid:\t2\nPPid:\t0\nUid:\t0\t0\t0\t0\nThreads:\t1\n');
    expect(s.vmSize).toBeUndefined();
    expect(s.vmRss).toBeUndefined();
    expect(s.groups).toEqual([]);
  });

  it('unescapes the name the kernel escaped', () => {
    // A name set to "a\nb\\c " appears as `a\nb\\c ` in status (escaped), raw in stat.
    const s = parseStatus('Name:\ta\\nb\\\\c \nState:\tS (sleeping)\n');
    expect(s.name.toString()).toBe('a\nb\\c ');
  });

  it('keeps non-UTF-8 bytes of the name', () => {
    const s = parseStatus(Buffer.concat([Buffer.from('Name:\tz'), Buffer.from([0xff, 0x01]), Buffer.from('\n')]));
    expect([...s.name]).toEqual([0x7a, 0xff, 0x01]);
  });
});
