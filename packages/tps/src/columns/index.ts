import { type NamespaceType, onFirstUse } from '@tproc/core';
import { argsColumn, commColumn, ENV_BREAK, exeColumn, fnameColumn, NAME_START } from './command.ts';
import { c, cp, cpuSeconds, cpuShare, extendedPercent, pcpu, processor } from './cpu.ts';
import * as mem from './memory.ts';
import * as misc from './misc.ts';
import { namespaceInode } from './namespaces.ts';
import { cpuTicks, elapsedExact, startEpoch, taskOf } from './row.ts';
import { className, nice, PRIORITY_SCALES, rtprio, schedPolicy } from './sched.ts';
import { SIGNAL_MASKS } from './signals.ts';
import { stateLetter, statText } from './state.ts';
import {
  formatBsdStart,
  formatBsdTime,
  formatCpuTime,
  formatElapsed,
  formatLstart,
  formatStart,
  formatStime,
} from './time.ts';
import { ttyText } from './tty.ts';
import type { Align, ColumnSpec, Row } from './types.ts';
import * as user from './user.ts';
import { wchanText } from './wchan.ts';

export type { Align, ColumnSpec, RenderContext, Row } from './types.ts';
export { cutToWidth, displayWidth } from '@tproc/core';
export { ENV_BREAK, NAME_START } from './command.ts';
export { plusTruncate } from './user.ts';

const L: Align = 'left';
const R: Align = 'right';

/** A column whose value is a number: printed in decimal, sorted numerically. */
function num(header: string, width: number, value: (row: Row) => number, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { header, width, align: R, text: (row) => String(value(row)), sortKey: value, ...extra };
}

/** A column whose value is text. */
function txt(
  header: string,
  width: number,
  align: Align,
  value: (row: Row) => string,
  sortKey: (row: Row) => number | bigint | string = value,
  extra: Partial<ColumnSpec> = {},
): ColumnSpec {
  return { header, width, align, text: value, sortKey, ...extra };
}

const pidNum = (header: string, value: (row: Row) => number): ColumnSpec => num(header, 5, value, { pidWidth: true });

const cmd = (header: string, width: number, value: (row: Row) => string): ColumnSpec =>
  txt(header, width, L, value, (row) => value(row).replace(ENV_BREAK, ' '), { variable: true });

/** observed: `ps --sort=user` (and group, ruser...) orders by the name, not the id. */
const name = (header: string, value: (row: Row) => string): ColumnSpec =>
  txt(header, 8, L, value, value, { plusTruncate: true, numericAlign: R });

const mask = (header: string, value: (row: Row) => string): ColumnSpec =>
  txt(header, 16, L, value, value, { headerRightIn: 16, userWidthExtra: 7 });

const ns = (header: string, type: NamespaceType): ColumnSpec =>
  txt(
    header,
    10,
    R,
    (row) => namespaceInode(row, type),
    (row) => Number(namespaceInode(row, type)) || 0,
  );

const dash = (header: string, width: number, align: Align): ColumnSpec => txt(header, width, align, () => '-');

/** observed: ps sorts by these (and by vsize) without changing the order, either way. */
const unsorted = (): number => 0;

const test = (key: string, header: string, width: number, align: Align): ColumnSpec =>
  txt(header, width, align, (row) => misc.testSample(row, key), unsorted);

const stat = (row: Row) => taskOf(row).stat();

const startKey = (row: Row): number => stat(row).starttime;
// observed: ps sorts %CPU, C and CP by the task's own exact share and every cpu time by its own
// ticks, with or without S (which adds the dead children to what some of them show).
const cpuKey = (row: Row): number => cpuShare(row, false);
const timeKey = (row: Row): number => cpuTicks(row, false);
const { REAL, EFFECTIVE, SAVED, FS } = user;

/**
 * Every specifier `ps L` lists (procps-ng 4.0.2), with its header, default width and alignment as
 * ps prints them (measured by running ps with each key). Built on first use (issue 14).
 */
function buildColumns(): Record<string, ColumnSpec> {
  /** Shared specs for aliases (same object, so `ps L` aliases stay identical by construction). */
  const S = {
    pcpu: txt('%CPU', 4, R, pcpu, cpuKey),
    // observed: ps prints C two wide whatever the column's width (`c:1` shows ` 2`), so its
    // padding never takes back an earlier column's overflow.
    c: num('C', 2, c, { text: (row) => String(c(row)).padStart(2), sortKey: cpuKey }),
    // observed: ps prints %MEM four wide and CP three wide whatever the column's width (`pmem:1`
    // shows ` 0.0`), so their padding never takes back an earlier column's overflow.
    // observed: ps sorts %MEM by rss, TRS by vsz, F by the whole flags word, P (sgi_p) by the state
    // letter, and leaves FGID (not FSGID) unsorted.
    pmem: txt('%MEM', 4, R, (row) => mem.formatTenths(mem.pmemTenths(row)).padStart(4), mem.rss),
    args: cmd('COMMAND', 27, argsColumn),
    comm: cmd('COMMAND', 15, commColumn),
    time: txt('TIME', 8, R, (row) => formatCpuTime(cpuSeconds(row)), timeKey),
    times: num('TIME', 8, cpuSeconds, { sortKey: timeKey }),
    cls: txt('CLS', 3, R, className, schedPolicy),
    drs: num('DRS', 5, mem.drs),
    trs: num('TRS', 4, mem.trs, { sortKey: mem.vsz }),
    egid: num('EGID', 5, (row) => user.gidOf(row, EFFECTIVE)),
    egroup: name('EGROUP', (row) => user.groupName(row, EFFECTIVE)),
    euid: num('EUID', 5, (row) => user.uidOf(row, EFFECTIVE)),
    euser: name('EUSER', (row) => user.userName(row, EFFECTIVE)),
    flags: num('F', 1, misc.flagsF, { sortKey: (row) => stat(row).flags }),
    fgid: num('FGID', 5, (row) => user.gidOf(row, FS)),
    fgroup: name('FGROUP', (row) => user.groupName(row, FS)),
    fuid: num('FUID', 5, (row) => user.uidOf(row, FS)),
    fuser: name('FUSER', (row) => user.userName(row, FS)),
    majflt: num('MAJFLT', 6, (row) => stat(row).majflt),
    minflt: num('MINFLT', 6, (row) => stat(row).minflt),
    ni: txt('NI', 3, R, nice, (row) => stat(row).nice),
    nlwp: num('NLWP', 4, (row) => row.proc.stat().numThreads),
    pgid: pidNum('PGID', (row) => stat(row).pgrp),
    pid: pidNum('PID', (row) => row.proc.pid),
    opri: num('PRI', 3, PRIORITY_SCALES.opri),
    rss: num('RSS', 5, mem.rss),
    sess: pidNum('SESS', (row) => stat(row).session),
    sgid: num('SGID', 5, (row) => user.gidOf(row, SAVED)),
    sgroup: name('SGROUP', (row) => user.groupName(row, SAVED)),
    suid: num('SUID', 5, (row) => user.uidOf(row, SAVED)),
    suser: name('SUSER', (row) => user.userName(row, SAVED)),
    tid: pidNum('TID', (row) => taskOf(row).pid),
    state: txt('S', 1, L, stateLetter),
    stackp: txt('STACKP', 16, R, misc.stackp, (row) => stat(row).startstack),
    start_time: txt('START', 5, R, (row) => formatStime(startEpoch(row), row.ctx.now, row.ctx.zone()), startKey),
    // observed: ps prints STARTED 8 wide and TIME (bsdtime) 6 wide whatever the column's width
    // (`start:2` shows `  Oct 22`), so their padding never takes back an earlier overflow.
    start: txt(
      'STARTED',
      8,
      R,
      (row) => formatStart(startEpoch(row), row.ctx.now, row.ctx.zone()).padStart(8),
      startKey,
    ),
    tty: txt('TT', 8, L, ttyText, (row) => stat(row).ttyNr),
    tname: txt('TTY', 8, L, ttyText, (row) => stat(row).ttyNr),
    user: name('USER', (row) => user.userName(row, EFFECTIVE)),
    vsz: num('VSZ', 6, mem.vsz),
    wchan: txt('WCHAN', 6, L, wchanText, wchanText, { variable: true, numericAlign: R }),
    psr: num('PSR', 3, processor),
    lastcpu: num('C', 3, processor),
  } satisfies Record<string, ColumnSpec>;

  return {
    '%cpu': S.pcpu,
    '%mem': S.pmem,
    _left: test('_left', 'LLLLLLLL', 8, L),
    _left2: test('_left2', 'L2L2L2L2', 8, L),
    _right: test('_right', 'RRRRRRRRRRR', 11, R),
    _right2: test('_right2', 'R2R2R2R2R2R', 11, R),
    // Observed: the test columns print the first sample on the first line only when the header is
    // shown (`_left=` starts one sample later).
    _unlimited: { ...test('_unlimited', 'U', 16, L), variable: true },
    _unlimited2: { ...test('_unlimited2', 'U2', 16, L), variable: true },
    ag_id: num('AGID', 5, misc.agId),
    ag_nice: num('AGNI', 4, misc.agNice),
    args: S.args,
    atime: S.time,
    blocked: mask('BLOCKED', SIGNAL_MASKS.blocked),
    bsdstart: txt('START', 6, R, (row) => formatBsdStart(startEpoch(row), row.ctx.now, row.ctx.zone()), startKey),
    bsdtime: txt('TIME', 6, R, (row) => formatBsdTime(cpuSeconds(row, row.ctx.cumulative)).padStart(6), timeKey),
    c: S.c,
    caught: mask('CAUGHT', SIGNAL_MASKS.caught),
    cgname: cmd('CGNAME', 27, misc.cgroupText),
    cgroup: cmd('CGROUP', 27, misc.cgroupText),
    cgroupns: ns('CGROUPNS', 'cgroup'),
    class: txt('CLS', 3, L, className, schedPolicy),
    cls: S.cls,
    cmd: { ...S.args, header: 'CMD' },
    comm: S.comm,
    command: S.args,
    context: { ...dash('CONTEXT', 31, L), neverEqual: true },
    cp: num('CP', 3, cp, { text: (row) => String(cp(row)).padStart(3), sortKey: cpuKey }),
    cpuid: num('CPUID', 5, processor),
    cputime: S.time,
    cputimes: S.times,
    cuc: txt(
      '%CUC',
      7,
      R,
      (row) => extendedPercent(row, true),
      (row) => cpuShare(row, true),
    ),
    cuu: txt('%CUU', 6, R, (row) => extendedPercent(row, false), cpuKey),
    drs: S.drs,
    dsiz: num('DSIZ', 4, mem.drs),
    egid: S.egid,
    egroup: S.egroup,
    eip: txt('EIP', 16, R, misc.eip),
    esp: txt('ESP', 16, R, misc.esp),
    etime: txt('ELAPSED', 11, R, (row) => formatElapsed(Math.floor(elapsedExact(row))), elapsedExact),
    // observed: cut to 32 bits (a wrapped lifetime, see unsignedLifeTicks).
    etimes: num('ELAPSED', 7, (row) => Math.floor(elapsedExact(row)) % 2 ** 32, { sortKey: elapsedExact }),
    euid: S.euid,
    euser: S.euser,
    exe: cmd('EXE', 27, exeColumn),
    f: S.flags,
    fgid: { ...S.fgid, sortKey: unsorted },
    fgroup: S.fgroup,
    flag: S.flags,
    flags: S.flags,
    fname: txt('COMMAND', 8, L, (row) => row.forestPrefix + NAME_START + fnameColumn(row), fnameColumn, {
      dataWidth: 8,
    }),
    fsgid: { ...S.fgid, header: 'FSGID' },
    fsgroup: { ...S.fgroup, header: 'FSGROUP' },
    fsuid: { ...S.fuid, header: 'FSUID' },
    fsuser: { ...S.fuser, header: 'FSUSER' },
    fuid: S.fuid,
    fuser: S.fuser,
    gid: { ...S.egid, header: 'GID' },
    group: { ...S.egroup, header: 'GROUP' },
    ignored: mask('IGNORED', SIGNAL_MASKS.ignored),
    intpri: S.opri,
    ipcns: ns('IPCNS', 'ipc'),
    label: { ...dash('LABEL', 31, L), neverEqual: true },
    lastcpu: S.lastcpu,
    lim: txt('LIM', 5, R, mem.lim),
    longtname: S.tname,
    lsession: dash('SESSION', 11, L),
    lstart: txt('STARTED', 24, R, (row) => formatLstart(startEpoch(row), row.ctx.zone()), startKey),
    luid: txt('LUID', 5, R, user.luid),
    lwp: { ...S.tid, header: 'LWP' },
    lxc: dash('LXC', 8, L),
    m_drs: S.drs,
    m_size: num('SIZE', 5, mem.mSize),
    m_trs: { ...S.trs, width: 5 },
    machine: dash('MACHINE', 31, L),
    maj_flt: { ...S.majflt, header: 'MAJFL' },
    majflt: S.majflt,
    min_flt: { ...S.minflt, header: 'MINFL' },
    minflt: S.minflt,
    mntns: ns('MNTNS', 'mnt'),
    netns: ns('NETNS', 'net'),
    ni: S.ni,
    nice: S.ni,
    nlwp: S.nlwp,
    numa: num('NUMA', 4, misc.numaNode),
    oom: num('OOM', 4, misc.oomScore),
    oomadj: num('OOMADJ', 5, misc.oomAdj),
    opri: S.opri,
    ouid: dash('OWNER', 5, L),
    pagein: { ...S.majflt, header: 'PAGEIN' },
    pcpu: S.pcpu,
    pending: mask('PENDING', SIGNAL_MASKS.pending),
    pgid: S.pgid,
    pgrp: { ...S.pgid, header: 'PGRP' },
    pid: S.pid,
    pidns: ns('PIDNS', 'pid'),
    pmem: S.pmem,
    policy: txt('POL', 3, L, className, schedPolicy),
    ppid: pidNum('PPID', (row) => row.proc.stat().ppid),
    // observed: every pri* key sorts by the kernel's priority, so pri and pri_api, which count the
    // other way, sort backwards to what they show.
    pri: num('PRI', 3, PRIORITY_SCALES.pri, { sortKey: PRIORITY_SCALES.priority }),
    pri_api: num('API', 3, PRIORITY_SCALES.pri_api, { sortKey: PRIORITY_SCALES.priority }),
    pri_bar: num('BAR', 3, PRIORITY_SCALES.pri_bar),
    pri_baz: num('BAZ', 3, PRIORITY_SCALES.pri_baz),
    pri_foo: num('FOO', 3, PRIORITY_SCALES.pri_foo),
    priority: num('PRI', 3, PRIORITY_SCALES.priority),
    psr: S.psr,
    pss: num('PSS', 5, mem.pss),
    rbytes: num('RBYTES', 5, (row) => misc.ioValue(row, 'readBytes')),
    rchars: num('RCHARS', 5, (row) => misc.ioValue(row, 'rchar')),
    rgid: num('RGID', 5, (row) => user.gidOf(row, REAL)),
    rgroup: name('RGROUP', (row) => user.groupName(row, REAL)),
    rops: num('ROPS', 5, (row) => misc.ioValue(row, 'syscr')),
    rss: S.rss,
    rssize: S.rss,
    rsz: { ...S.rss, header: 'RSZ' },
    rtprio: txt('RTPRIO', 6, R, rtprio, (row) => stat(row).rtPriority ?? 0),
    ruid: num('RUID', 5, (row) => user.uidOf(row, REAL)),
    ruser: name('RUSER', (row) => user.userName(row, REAL)),
    s: S.state,
    sched: num('SCH', 3, schedPolicy),
    seat: dash('SEAT', 11, L),
    sess: S.sess,
    session: S.sess,
    sgi_p: txt('P', 1, R, misc.sgiP, stateLetter),
    sgi_rss: { ...S.rss, align: L, width: 4 },
    sgid: S.sgid,
    sgroup: S.sgroup,
    sid: { ...S.sess, header: 'SID' },
    sig: mask('PENDING', SIGNAL_MASKS.pending),
    sig_block: mask('BLOCKED', SIGNAL_MASKS.blocked),
    sig_catch: mask('CATCHED', SIGNAL_MASKS.caught),
    sig_ignore: mask('IGNORED', SIGNAL_MASKS.ignored),
    sig_pend: mask('SIGNAL', SIGNAL_MASKS.pending),
    sigcatch: mask('CAUGHT', SIGNAL_MASKS.caught),
    sigignore: mask('IGNORED', SIGNAL_MASKS.ignored),
    sigmask: mask('BLOCKED', SIGNAL_MASKS.blocked),
    // observed: ps sorts SIZE by the virtual size (`--sort=size` puts 2592 KiB before 2952).
    size: num('SIZE', 5, mem.size, { sortKey: mem.vsz }),
    slice: txt('SLICE', 31, L, misc.sliceText),
    spid: { ...S.tid, header: 'SPID' },
    stackp: S.stackp,
    start: S.start,
    start_stack: S.stackp,
    start_time: S.start_time,
    // observed: `ps --sort=stat` orders by the state letter only, ties kept in pid order.
    stat: txt('STAT', 4, L, statText, stateLetter),
    state: S.state,
    stime: { ...S.start_time, header: 'STIME' },
    suid: S.suid,
    supgid: txt('SUPGID', 20, L, user.supgid, user.supgid, { variable: true }),
    supgrp: txt('SUPGRP', 40, L, user.supgrp, user.supgrp, { variable: true }),
    suser: S.suser,
    svgid: { ...S.sgid, header: 'SVGID' },
    svgroup: { ...S.sgroup, header: 'SVGROUP' },
    svuid: { ...S.suid, header: 'SVUID' },
    svuser: { ...S.suser, header: 'SVUSER' },
    sz: num('SZ', 5, mem.sz),
    tgid: { ...S.pid, header: 'TGID' },
    thcount: { ...S.nlwp, header: 'THCNT', width: 5 },
    tid: S.tid,
    time: S.time,
    timens: ns('TIMENS', 'time'),
    times: S.times,
    tname: S.tname,
    tpgid: pidNum('TPGID', (row) => stat(row).tpgid),
    trs: S.trs,
    trss: { ...S.trs, header: 'TRSS' },
    tsig: mask('PENDING', SIGNAL_MASKS.tsig),
    tsiz: { ...S.trs, header: 'TSIZ' },
    tt: S.tty,
    tty: S.tty,
    // Observed: `pts/0` shows as `0` here.
    tty4: { ...S.tname, width: 4, text: (row) => ttyText(row).replace(/^(pts\/|tty)/, '') },
    tty8: S.tname,
    ucmd: { ...S.comm, header: 'CMD' },
    ucomm: S.comm,
    uid: { ...S.euid, header: 'UID' },
    uid_hack: name('UID', (row) => user.userName(row, EFFECTIVE)),
    uname: S.user,
    unit: dash('UNIT', 31, L),
    user: S.user,
    userns: ns('USERNS', 'user'),
    uss: num('USS', 5, mem.uss),
    util: S.c,
    utsns: ns('UTSNS', 'uts'),
    uunit: dash('UUNIT', 31, L),
    vsize: { ...S.vsz, sortKey: unsorted },
    vsz: S.vsz,
    wbytes: num('WBYTES', 5, (row) => misc.ioValue(row, 'writeBytes')),
    wcbytes: num('WCBYTES', 5, (row) => misc.ioValue(row, 'cancelledWriteBytes')),
    wchan: S.wchan,
    wchars: num('WCHARS', 5, (row) => misc.ioValue(row, 'wchar')),
    wname: S.wchan,
    wops: num('WOPS', 5, (row) => misc.ioValue(row, 'syscw')),
    zone: { ...dash('ZONE', 31, L), neverEqual: true },
  };
}

const columnTable = onFirstUse('ps columns', buildColumns);

/**
 * Accepted by ps but not listed by `ps L`; used by the standard and personality formats.
 * Observed: always `-` on Linux, on thread lines too; -l's ADDR is one column wide, its header
 * overflowing into the next column.
 */
/**
 * Keys ps accepts in `-o` and `--sort` though `ps L` does not list them (found by trying the
 * names its binary holds); observed, every one prints `-`. `key:HEADER:width:align`, the width
 * followed by `*` for a pid column (pidWidth). Made into specs on first lookup.
 */
const HIDDEN_TABLE =
  'acflag:ACFLG:5:R acflg:ACFLG:5:R addr_1:ADDR:1:L addr:ADDR:4:R alarm:ALARM:5:R ' +
  'argc:ARGC:4:R bnd:BND:1:R cmaj_flt:-:1:R cmin_flt:-:1:R cnswap:-:1:R cpu:CPU:3:R ' +
  'ctid:CTID:5:R cursig:CURSIG:6:R cutime:-:1:R cwd:CWD:3:L emul:EMUL:13:L ' +
  'end_code:E_CODE:16:R environ:ENVIRONMENT:11:L inblk:INBLK:5:R inblock:INBLK:5:R jid:JID:1:R ' +
  'jobc:JOBC:4:R ktracep:KTRACEP:8:R ktrace:KTRACE:8:R login:LOGNAME:8:L logname:LOGNAME:8:L ' +
  'luser:LUSER:8:L m_dt:DT:4:R m_lrs:LRS:5:R m_resident:RES:5:R m_share:SHRD:5:R ' +
  'm_swap:SWAP:5:R msgrcv:MSGRCV:6:R msgsnd:MSGSND:6:R mwchan:MWCHAN:6:L nivcsw:IVCSW:5:R ' +
  'nsignals:NSIGS:5:R nsigs:NSIGS:5:R nswap:NSWAP:5:R nvcsw:VCSW:5:R nwchan:WCHAN:6:R ' +
  'osz:SZ:2:R oublk:OUBLK:5:R oublock:OUBLK:5:R p_ru:P_RU:6:R paddr:PADDR:6:R poip:-:1:R ' +
  'prmgrp:PRMGRP:12:R prmid:PRMID:12:R project:PROJECT:12:L projid:PROJID:5:R pset:PSET:4:R ' +
  'psxpri:PPR:3:R resident:RES:5:R re:RE:3:R rlink:RLINK:8:R scnt:SCNT:4:R scount:SC:4:R ' +
  'share:-:1:R sl:SL:3:R start_code:S_CODE:16:R status:STATUS:6:R systime:SYSTEM:6:R ' +
  'taskid:TASKID:6*:R tdev:TDEV:4:R timeout:TMOUT:5:R tmout:TMOUT:5:R tsession:TSESS:5*:R ' +
  'tsess:TSESS:5*:R tsid:TSID:5*:R u_procp:UPROCP:6:R umask:UMASK:5:R uprocp:UPROCP:8:R ' +
  'upr:UPR:3:R usertime:USER:4:R usrpri:UPR:3:R utime:UTIME:6:R vm_data:DATA:5:R ' +
  'vm_exe:EXE:5:R vm_lib:LIB:5:R vm_lock:LCK:3:R vm_stack:STACK:5:R xstat:XSTAT:5:R ' +
  'zoneid:ZONEID:31:R';

const hiddenColumns = onFirstUse('ps hidden columns', () => {
  const hidden = new Map<string, ColumnSpec>();
  for (const entry of HIDDEN_TABLE.split(' ')) {
    const [k = '', header = '', width = '', align] = entry.split(':');
    const spec = dash(header, Number.parseInt(width, 10), align === 'L' ? L : R);
    hidden.set(k, width.endsWith('*') ? { ...spec, pidWidth: true } : spec);
  }
  return hidden;
});

/** Only in a standard format (BSD m's): `-o` and `--sort` refuse them (observed), always `-`. */
const formatOnly = onFirstUse(
  'ps format-only columns',
  (): Record<string, ColumnSpec> => ({
    swap: dash('SWAP', 5, R),
    shrd: dash('SHRD', 5, R),
    lib: dash('LIB', 5, R),
    dt: dash('DT', 4, R),
  }),
);

/**
 * With `m`/`-m` ps prints a process line then one line per thread. Observed (procps 4.0.2, every
 * key tried): these keys print `-` on the process line (wchan and wname even for a sleeping
 * process; on its thread lines ps 4.0.2 dies of SIGSEGV, so we print the thread's)...
 */
const threadRoles = onFirstUse('ps thread roles', () => ({
  thread: new Set(
    (
      'blocked caught class cls context cpuid eip esp ignored intpri label lastcpu lsession luid lwp lxc machine ' +
      'ni nice oom oomadj opri ouid policy pri pri_api pri_bar pri_baz pri_foo priority psr rbytes rchars rops ' +
      'rtprio s sched seat sgi_p sig_block sig_catch sig_ignore sigcatch sigignore sigmask spid stat state supgid ' +
      'supgrp tid unit uunit wbytes wcbytes wchan wchars wname wops zone'
    ).split(' '),
  ),
  /** ...and these on the thread lines; the rest print a value on both. */
  process: new Set(
    (
      '%mem args cgname cgroup cmd comm command drs dsiz exe fname longtname m_drs m_size m_trs nlwp pgid pgrp ' +
      'pid pmem ppid pss rss rssize rsz sess session sgi_rss sid size stackp start_stack sz tgid thcount tname ' +
      'tpgid trs trss tsiz tt tty tty4 tty8 ucmd ucomm uss vsize vsz'
    ).split(' '),
  ),
}));

function withThreadRole(key: string, spec: ColumnSpec): ColumnSpec {
  const roles = threadRoles();
  const blankOn = roles.thread.has(key) ? 'process' : roles.process.has(key) ? 'thread' : undefined;
  if (!blankOn) return spec;
  // Observed: the signal masks right-align this `-` in 16 (`               -`), whatever the width.
  const dash = spec.headerRightIn !== undefined ? '-'.padStart(spec.headerRightIn) : '-';
  return {
    ...spec,
    text: (row) => (row.threadRole === blankOn ? dash : spec.text(row)),
  };
}

/** Every specifier `ps L` lists, key to spec (see buildColumns). */
export function columnRegistry(): Readonly<Record<string, ColumnSpec>> {
  return columnTable();
}

// Wrapped for thread lines on first lookup: wrapping all of them cost a start-up of the
// command two milliseconds (measured).
const looked = new Map<string, ColumnSpec>();

/** The spec for a `-o` key, or undefined when ps would reject it. */
export function lookupColumn(key: string): ColumnSpec | undefined {
  const base = columnTable();
  if (!Object.hasOwn(base, key)) return hiddenColumns().get(key);
  let spec = looked.get(key);
  if (!spec) {
    spec = withThreadRole(key, base[key] as ColumnSpec);
    looked.set(key, spec);
  }
  return spec;
}

/** The spec for a key of a chosen format: what `-o` accepts and the standard formats' own. */
export function formatColumn(key: string): ColumnSpec | undefined {
  return lookupColumn(key) ?? (Object.hasOwn(formatOnly(), key) ? formatOnly()[key] : undefined);
}
