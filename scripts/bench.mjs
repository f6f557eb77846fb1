// pnpm bench [--procs N] [--runs N] [--only tps,tpstree,tproc,library]
// A benchmark, not a test: for each command that exists in bin/, the median whole-process wall
// time of ours, of the reference, and of bare `node -e 0`, measured alternately in one go, with
// the ratios; and peak RSS (via /usr/bin/time when present) of ours against bare node.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

// [our command, our args, reference argv, floor script]
const CASES = [
  ['tps', ['-ef'], ['ps', '-ef'], PS_FLOOR],
  ['tps', ['aux'], ['ps', 'aux'], PS_FLOOR],
  ['tpstree', ['-p'], ['pstree', '-p'], PSTREE_FLOOR],
  ['tpgrep', ['-f', 'sleep'], ['pgrep', '-f', 'sleep']],
  ['tpidof', ['sleep'], ['pidof', 'sleep']],
  ['tkillall', ['-0', 'no-such-process-here'], ['killall', '-0', 'no-such-process-here']],
  ['tkill', ['-l'], ['/usr/bin/kill', '-l']],
  ['tlsof', ['-n', '-P', '-i'], ['lsof', '-n', '-P', '-i']],
  ['tfuser', ['-n', 'tcp', '22'], ['fuser', '-n', 'tcp', '22']],
  // tproc (issue 17): ps --json against bare node (goal idle <= 0.3x, with the Bun bytecode
  // build), ports against ss -tulpn (goal <= 1.0x at 5,000 extra processes; ss in the bench only).
  ['tproc', ['ps', '--json'], ['ps', '-eo', 'pid,ppid,uid,user,stat,lstart,pcpu,rss,vsz,nlwp,args']],
  ['tproc', ['ports'], ['ss', '-tulpn']],
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

const sleepers = await startSleepers(procs);
const stop = () => {
  if (sleepers?.pid) {
    try {
      process.kill(-sleepers.pid, 'SIGKILL');
    } catch {}
  }
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
  for (const [cmd, ourArgs, refArgv, floor] of CASES) {
    if (only.length > 0 && !only.includes(cmd)) continue;
    const bin = join(root, 'bin', cmd);
    if (!existsSync(bin)) continue;
    const ours = [bin, ...ourArgs];
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
    console.log(
      `${cmd} ${ourArgs.join(' ')}`.padEnd(28),
      o.toFixed(1).padStart(8),
      r.toFixed(1).padStart(8),
      n.toFixed(1).padStart(8),
      (o / n).toFixed(2).padStart(10),
      (o / r).toFixed(2).padStart(9),
      extra.padStart(8),
      f.padStart(8),
    );
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
