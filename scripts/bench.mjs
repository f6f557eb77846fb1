// pnpm bench [--procs N] [--runs N] [--only tps,tpstree,tproc,library]
// A benchmark, not a test: for each command that exists in bin/, the median whole-process wall
// time of ours on each runtime (Bun: bin/<command>, the multi-call executable; Node: node
// dist/tproc/node/<command>.cjs), of the reference and of bare `node -e 0` and `bun -e 0`, all
// measured alternately in one go, with the ratios; and ours' peak RSS above the runtime's own
// empty start (bun -e 0, node -e 0). With --procs N, N extra sleeping processes live in a PID
// namespace of their own meanwhile (visible in /proc like any other, gone with it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bunPath } from './bun.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const procs = Number(opt('procs', '0'));
const runs = Number(opt('runs', '15'));
const only = opt('only', '')?.split(',').filter(Boolean);
const bun = bunPath();

// The least a command on that runtime can spend on a listing: the runtime's start, then for every
// process the /proc reads that the listing cannot do without, with nothing parsed or printed.
const floorScript = (perPid) =>
  `const fs=require('fs');const b=Buffer.allocUnsafe(65536);const rd=(p)=>{try{const fd=fs.openSync(p,'r');fs.readSync(fd,b,0,b.length,null);fs.closeSync(fd)}catch{}};for(const d of fs.readdirSync('/proc')){const c=d.charCodeAt(0);if(c<48||c>57)continue;const p='/proc/'+d;${perPid}}`;
// ps -ef and aux need stat (times, tty, parent), status (user) and cmdline (arguments).
const PS_FLOOR = floorScript("rd(p+'/stat');rd(p+'/status');rd(p+'/cmdline');");
// pstree -p needs stat (name, parent) and the owner of /proc/<pid> (it orders same-named siblings by uid).
const PSTREE_FLOOR = floorScript("rd(p+'/stat');try{fs.statSync(p)}catch{}");

// fuser's cases run in a PID and mount namespace of their own (a tmpfs for -m, a file held, a TCP
// listener, and the --procs sleepers all inside it), both tools entering it through nsenter: the
// sleepers can be counted on and reached by nothing else.
const FUSER_SCENE = `mount -t tmpfs tfuser-bench "$1"; echo x > "$1/file.txt"
sleep 100000 < "$1/file.txt" &
(cd "$1" && exec sleep 100000) &
perl -MSocket -e 'socket(my $s, AF_INET, SOCK_STREAM, 0) or die; bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die;
  listen($s, 5) or die; print +(unpack_sockaddr_in(getsockname($s)))[0], "\\n"; close STDOUT; sleep 100000' > "$1.port" &
for ((i=0;i<$2;i++)); do sleep 100000 & done
while [ ! -s "$1.port" ]; do sleep 0.05; done
echo ready; wait`;

/** fuser's cases (issue 16's goals: 0.40 of node -e 0 idle, 0.8 of fuser at 5,000), on the scene. */
const FUSER_CASES = (scene) =>
  [
    [[`${scene.dir}/file.txt`], ['fuser', `${scene.dir}/file.txt`]],
    [
      ['-m', scene.dir],
      ['fuser', '-m', scene.dir],
    ],
    [[`${scene.port}/tcp`], ['fuser', `${scene.port}/tcp`]],
  ].map(([ours, ref]) => ['tfuser', ours, [...scene.enter, ...ref], undefined, 0.4, 0.8, scene.enter]);

// [our command, our args, reference argv, floor script, goal against node -e 0, goal against the reference
// with 5,000 extra processes, words before ours]: issue 14's goals for the default runtime, Bun. Peak
// memory: 40 MiB above the runtime's empty start, at 5,000 processes.
const CASES = [
  ['tps', ['-ef'], ['ps', '-ef'], PS_FLOOR, 0.45, 0.9],
  ['tps', ['aux'], ['ps', 'aux'], PS_FLOOR, 0.45, 0.9],
  ['tpstree', ['-p'], ['pstree', '-p'], PSTREE_FLOOR, 0.4, 0.35],
  ['tpgrep', ['sleep'], ['pgrep', 'sleep'], undefined, 0.4],
  ['tpidof', ['sleep'], ['pidof', 'sleep'], undefined, 0.4],
  ['tkill', ['-l'], ['/usr/bin/kill', '-l'], undefined, 0.4],
  ['tkillall', ['-l'], ['killall', '-l'], undefined, 0.4],
  // Issue 15: the whole listing <= 0.7x lsof; targeted queries, which need not read everyone's every
  // fd, <= 0.3x lsof; `-p` of one process <= 0.45x node -e 0.
  ['tlsof', ['-nP'], ['lsof', '-nP'], undefined, undefined, 0.7],
  ['tlsof', ['-n', '-P', '-i'], ['lsof', '-n', '-P', '-i']],
  ['tlsof', ['-i', ':22'], ['lsof', '-i', ':22'], undefined, undefined, 0.3],
  ['tlsof', ['-p', String(process.pid)], ['lsof', '-p', String(process.pid)], undefined, 0.45, 0.3],
  ['tlsof', [process.execPath], ['lsof', process.execPath], undefined, undefined, 0.3],
  // A command of a few processes (the bench's own runtime) is the targeted query; `-c sleep` names
  // the 5,000 sleepers, every process's every fd: the whole listing's goal.
  ['tlsof', ['-c', 'node'], ['lsof', '-c', 'node'], undefined, undefined, 0.3],
  ['tlsof', ['-c', 'sleep'], ['lsof', '-c', 'sleep'], undefined, undefined, 0.7],
  // tproc (issue 17): ps --json against bare node (goal idle <= 0.3x, with the Bun bytecode
  // build), ports against ss -tulpn (goal <= 1.0x at 5,000 extra processes; ss in the bench only).
  ['tproc', ['ps', '--json'], ['ps', '-eo', 'pid,ppid,uid,user,stat,lstart,pcpu,rss,vsz,nlwp,args'], PS_FLOOR, 0.3],
  ['tproc', ['ports'], ['ss', '-tulpn'], undefined, undefined, 1.0],
];

function timeOnce(argv) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'] });
  if (r.error) throw r.error;
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Peak RSS in KiB (GNU time), the median of three runs; undefined without /usr/bin/time. */
function peakRssKb(argv) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const once = () => {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], {
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return Number(r.stderr.trim().split('\n').pop());
  };
  return median([once(), once(), once()]);
}

/** N sleepers in a PID namespace of their own: killing the namespace's pid 1 ends them all. */
async function startSleepers(n) {
  if (n <= 0) return undefined;
  const child = spawn(
    'unshare',
    [
      '--pid',
      '--fork',
      '--kill-child',
      'sh',
      '-c',
      `i=0; while [ $i -lt ${n} ]; do sleep 100000 & i=$((i+1)); done; echo ready; wait`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return child;
}

const wanted = (cmd) => (only.length === 0 || only.includes(cmd)) && existsSync(join(root, 'bin', cmd));
// Each set of sleepers only while its cases run: the scene's, in a mount namespace of its own,
// would be 5,000 more processes for the other commands (and, for tlsof, processes whose files a
// name alone cannot rule out by stat).
let sleepers = CASES.some(([cmd]) => wanted(cmd)) ? await startSleepers(procs) : undefined;

async function startFuserScene(n) {
  const dir = mkdtempSync(join(tmpdir(), 'tproc-bench-fuser-'));
  const child = spawn(
    'unshare',
    ['--pid', '--fork', '--kill-child', '--mount-proc', 'bash', '-c', FUSER_SCENE, 'bash', dir, String(n)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const init = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
  const port = Number(readFileSync(`${dir}.port`, 'utf8').trim());
  return { child, dir, port, enter: ['nsenter', `--target=${init}`, '--pid', '--mount', '--'] };
}
let scene;

const stop = () => {
  for (const child of [sleepers, scene?.child]) {
    try {
      child?.kill('SIGKILL');
    } catch {}
  }
  if (scene) rmSync(`${scene.dir}.port`, { force: true });
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

const fixed = (n, digits = 1) => (n === undefined ? '-' : n.toFixed(digits));
const verdict = (ratio, goal) => (goal === undefined ? '' : ratio <= goal ? ` <=${goal} ok` : ` >${goal} MISSED`);

try {
  const nodeEmpty = [process.execPath, '-e', '0'];
  const bunEmpty = [bun, '-e', '0'];
  console.log(
    `# ${runs} runs each, ${procs} extra sleeping processes, medians in ms, bun ${spawnSync(bun, ['--version'], { encoding: 'utf8' }).stdout.trim()}, node ${process.version}`,
  );
  console.log(
    [
      'command'.padEnd(16),
      'runtime'.padEnd(7),
      'ours'.padStart(7),
      'ref'.padStart(7),
      'node-e0'.padStart(7),
      'bun-e0'.padStart(7),
      'ours/node-e0'.padEnd(22),
      'ours/ref'.padEnd(18),
      'rss+MiB'.padEnd(16),
      'floor'.padStart(7),
    ].join(' '),
  );
  const emptyRss = { bun: peakRssKb(bunEmpty), node: peakRssKb(nodeEmpty) };
  const fuserCases = async () => {
    if (!wanted('tfuser')) return [];
    sleepers?.kill('SIGKILL');
    await new Promise((resolve) => (sleepers ? sleepers.once('exit', resolve) : resolve()));
    sleepers = undefined;
    scene = await startFuserScene(procs);
    return FUSER_CASES(scene);
  };
  const cases = async function* () {
    yield* CASES;
    yield* await fuserCases();
  };
  for await (const [cmd, ourArgs, refArgv, floor, startGoal, refGoal, enter = []] of cases()) {
    if (!wanted(cmd)) continue;
    const ours = {
      bun: [...enter, join(root, 'bin', cmd), ...ourArgs],
      node: [...enter, process.execPath, join(root, 'dist', 'tproc', 'node', `${cmd}.cjs`), ...ourArgs],
    };
    const floors = floor && { bun: [bun, '-e', floor], node: [process.execPath, '-e', floor] };
    const argvs = { ours_bun: ours.bun, ours_node: ours.node, ref: refArgv, node: nodeEmpty, bun: bunEmpty };
    if (floors) Object.assign(argvs, { floor_bun: floors.bun, floor_node: floors.node });
    const t = Object.fromEntries(Object.keys(argvs).map((k) => [k, []]));
    for (const argv of Object.values(argvs)) timeOnce(argv); // warm the page cache
    for (let i = 0; i < runs; i++) for (const [k, argv] of Object.entries(argvs)) t[k].push(timeOnce(argv));
    const m = Object.fromEntries(Object.entries(t).map(([k, xs]) => [k, median(xs)]));
    for (const runtime of ['bun', 'node']) {
      const o = m[`ours_${runtime}`];
      const rss = peakRssKb(ours[runtime]);
      const extra = rss !== undefined && emptyRss[runtime] !== undefined ? (rss - emptyRss[runtime]) / 1024 : undefined;
      const vsNode = o / m.node;
      const vsRef = o / m.ref;
      console.log(
        [
          `${cmd} ${ourArgs.join(' ')}`.padEnd(16),
          runtime.padEnd(7),
          fixed(o).padStart(7),
          fixed(m.ref).padStart(7),
          fixed(m.node).padStart(7),
          fixed(m.bun).padStart(7),
          `${vsNode.toFixed(2)}${verdict(vsNode, runtime === 'bun' ? startGoal : undefined)}`.padEnd(22),
          `${vsRef.toFixed(2)}${verdict(vsRef, runtime === 'bun' && procs >= 5000 ? refGoal : undefined)}`.padEnd(18),
          `${fixed(extra)}${extra !== undefined && procs >= 5000 ? verdict(extra, 40) : ''}`.padEnd(16),
          fixed(m[`floor_${runtime}`]).padStart(7),
        ].join(' '),
      );
    }
  }
  // The library face in-process against ps-list, find-process and pid-port (dev dependencies).
  if (only.length === 0 || only.includes('library')) {
    spawnSync(process.execPath, [join(root, 'scripts', 'bench-library.mjs'), '--runs', String(runs)], {
      stdio: 'inherit',
    });
  }
} finally {
  stop();
}
