// pnpm bench [--procs N] [--runs N] [--only tps,tpstree]
// A benchmark, not a test: for each command that exists in bin/, the median whole-process wall
// time of ours, of the reference, and of bare `node -e 0`, measured alternately in one go, with
// the ratios; and peak RSS (via /usr/bin/time when present) of ours against bare node.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const procs = Number(opt('procs', '0'));
const runs = Number(opt('runs', '15'));
const only = opt('only', '')?.split(',').filter(Boolean);

// The least any Node command can spend on a listing: bare node, then for every process the /proc
// reads that the listing cannot do without, with nothing parsed or printed.
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

/** [our command, our args, reference argv, floor script]; fuser's take the scene, made on first use. */
const FUSER_CASES = (scene) =>
  [
    ['tfuser', [`${scene.dir}/file.txt`], ['fuser', `${scene.dir}/file.txt`]],
    ['tfuser', ['-m', scene.dir], ['fuser', '-m', scene.dir]],
    ['tfuser', [`${scene.port}/tcp`], ['fuser', `${scene.port}/tcp`]],
  ].map(([cmd, ours, ref]) => [cmd, ours, [...scene.enter, ...ref], undefined, scene.enter]);

// [our command, our args, reference argv, floor script, words before ours]
const CASES = [
  ['tps', ['-ef'], ['ps', '-ef'], PS_FLOOR],
  ['tps', ['aux'], ['ps', 'aux'], PS_FLOOR],
  ['tpstree', ['-p'], ['pstree', '-p'], PSTREE_FLOOR],
  ['tpgrep', ['-f', 'sleep'], ['pgrep', '-f', 'sleep']],
  ['tpidof', ['sleep'], ['pidof', 'sleep']],
  ['tkillall', ['-0', 'no-such-process-here'], ['killall', '-0', 'no-such-process-here']],
  ['tkill', ['-l'], ['/usr/bin/kill', '-l']],
  ['tlsof', ['-n', '-P', '-i'], ['lsof', '-n', '-P', '-i']],
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

function peakRssKb(argv) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const last = r.stderr.trim().split('\n').pop();
  return Number(last);
}

async function startSleepers(n) {
  if (n <= 0) return undefined;
  const child = spawn('bash', ['-c', `for ((i=0;i<${n};i++)); do sleep 100000 & done; echo ready; wait`], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return child;
}

const wanted = (cmd) => (only.length === 0 || only.includes(cmd)) && existsSync(join(root, 'bin', cmd));
const sleepers = CASES.some(([cmd]) => wanted(cmd)) ? await startSleepers(procs) : undefined;

async function startFuserScene(n) {
  const dir = mkdtempSync(join(tmpdir(), 'tproc-bench-fuser-'));
  const child = spawn(
    'unshare',
    ['--pid', '--fork', '--kill-child', '--mount-proc', 'bash', '-c', FUSER_SCENE, 'bash', dir, String(n)],
    { detached: true, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const init = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
  const port = Number(readFileSync(`${dir}.port`, 'utf8').trim());
  return { child, dir, port, enter: ['nsenter', `--target=${init}`, '--pid', '--mount', '--'] };
}
const scene = wanted('tfuser') ? await startFuserScene(procs) : undefined;
if (scene) CASES.push(...FUSER_CASES(scene));

const stop = () => {
  for (const group of [sleepers, scene?.child]) {
    if (!group?.pid) continue;
    try {
      process.kill(-group.pid, 'SIGKILL');
    } catch {}
  }
  if (scene) rmSync(`${scene.dir}.port`, { force: true });
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

try {
  const node = [process.execPath, '-e', '0'];
  console.log(`# ${runs} runs each, ${procs} extra sleeping processes, medians in ms`);
  console.log(
    'command'.padEnd(28),
    'ours'.padStart(8),
    'ref'.padStart(8),
    'node'.padStart(8),
    'ours/node'.padStart(10),
    'ours/ref'.padStart(9),
    'rss+MiB'.padStart(8),
    'floor'.padStart(8),
  );
  const nodeRss = peakRssKb(node);
  for (const [cmd, ourArgs, refArgv, floor, enter = []] of CASES) {
    if (!wanted(cmd)) continue;
    const bin = join(root, 'bin', cmd);
    const ours = [...enter, bin, ...ourArgs];
    for (const argv of [ours, refArgv, node]) timeOnce(argv); // warm the page cache
    const floorArgv = floor === undefined ? undefined : [process.execPath, '-e', floor];
    const t = { ours: [], ref: [], node: [], floor: [] };
    for (let i = 0; i < runs; i++) {
      t.ours.push(timeOnce(ours));
      t.ref.push(timeOnce(refArgv));
      t.node.push(timeOnce(node));
      if (floorArgv) t.floor.push(timeOnce(floorArgv));
    }
    const [o, r, n] = [median(t.ours), median(t.ref), median(t.node)];
    const f = floorArgv ? median(t.floor).toFixed(1) : '-';
    const rss = peakRssKb(ours);
    const extra = rss !== undefined && nodeRss !== undefined ? ((rss - nodeRss) / 1024).toFixed(1) : '?';
    const shown = scene
      ? ourArgs.join(' ').replaceAll(scene.dir, 'DIR').replace(String(scene.port), 'PORT')
      : ourArgs.join(' ');
    console.log(
      `${cmd} ${shown}`.padEnd(28),
      o.toFixed(1).padStart(8),
      r.toFixed(1).padStart(8),
      n.toFixed(1).padStart(8),
      (o / n).toFixed(2).padStart(10),
      (o / r).toFixed(2).padStart(9),
      extra.padStart(8),
      f.padStart(8),
    );
  }
} finally {
  stop();
}
