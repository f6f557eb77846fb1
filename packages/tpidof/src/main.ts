import {
  available,
  basename,
  COMM_BYTES,
  type CommandDeps,
  type CommandIo,
  fileIdentity,
  getopt,
  isGone,
  type Proc,
  sameFile,
  withDefaults,
} from '@tproc/core';

/** stdout, exit 0 (observed: sysvinit-utils 3.06 `pidof -h`). */
const HELP = `pidof usage: [options] <program-name>

 -c           Return PIDs with the same root directory
 -d <sep>     Use the provided character as output separator
 -h           Display this help text
 -n           Avoid using stat system function on network shares
 -o <pid>     Omit results with a given PID
 -q           Quiet mode. Do not display output
 -s           Only return one PID
 -x           Return PIDs of shells running scripts with a matching name
 -z           List zombie and I/O waiting processes. May cause pidof to hang.

`;

export interface PidofOptions {
  sameRoot: boolean;
  separator: string;
  quiet: boolean;
  single: boolean;
  scripts: boolean;
  zombies: boolean;
  omit: Set<number>;
  names: string[];
}

type Parsed = { kind: 'run'; options: PidofOptions } | { kind: 'exit'; status: number; stdout?: string };

/** What each option sets (-n, "avoid stat on network shares", changes nothing here). */
const SWITCHES: Record<string, Partial<PidofOptions>> = {
  c: { sameRoot: true },
  q: { quiet: true },
  s: { single: true },
  x: { scripts: true },
  z: { zombies: true },
  n: {},
};

/**
 * getopt(3) over `cd:hno:qsxz`. Observed: any bad option or missing argument ends the run with
 * status 1 and no message on the terminal.
 */
export function parseOptions(
  argv: readonly string[],
  ppid: () => number,
  env: Record<string, string | undefined> = {},
): Parsed {
  const options: PidofOptions = {
    sameRoot: false,
    separator: ' ',
    quiet: false,
    single: false,
    scripts: false,
    zombies: false,
    omit: new Set(),
    names: [],
  };
  for (const event of getopt(argv, { shorts: 'cd:hno:qsxz', env })) {
    if (event.type === 'operand') options.names.push(event.value);
    else if (event.type !== 'option') return { kind: 'exit', status: 1 };
    else if (event.key === 'h') return { kind: 'exit', status: 0, stdout: HELP };
    else if (event.key === 'd') {
      // Only the first byte counts; an empty separator is the NUL byte (observed).
      options.separator =
        Buffer.from(event.arg ?? '', 'utf8')
          .subarray(0, 1)
          .toString('latin1') || '\0';
    } else if (event.key === 'o') {
      for (const item of (event.arg ?? '').split(',')) {
        if (item === '%PPID') options.omit.add(ppid());
        else {
          // sscanf("%d"): a leading number counts, anything else is ignored (observed).
          const m = /^\s*([+-]?\d+)/.exec(item);
          if (m) options.omit.add(Number(m[1]));
        }
      }
    } else Object.assign(options, SWITCHES[event.key]);
  }
  return { kind: 'run', options };
}

const CMDLINE_READ = 4096;

interface Candidate {
  pid: number;
  comm: string;
  /** argv[0], or comm when the command line is empty (kernel threads, zombies) or argv[0] is ''. */
  argv0: string;
  argv1?: string;
  proc: Proc;
}

function describe(proc: Proc, zombies: boolean): Candidate | undefined {
  const stat = proc.stat();
  // Without -z, zombies and D-state processes are passed over (pidof(8): "may cause pidof to hang").
  if (!zombies && (stat.state === 'Z' || stat.state === 'D')) return undefined;
  const comm = stat.comm.toString('latin1');
  let args: string[] = [];
  try {
    // observed: pidof reads 4096 bytes of the command line, so a longer argv[0] is seen cut.
    const area = proc.cmdlineBytes().toString('latin1', 0, CMDLINE_READ);
    if (area !== '') args = area.split('\0');
    if (args.at(-1) === '') args.pop();
  } catch (err) {
    if (isGone(err)) throw err;
  }
  const first = args[0] ?? '';
  const argv0 = first === '' ? comm : first;
  const argv1 = args[1];
  return { pid: proc.pid, comm, argv0, proc, ...(argv1 !== undefined && { argv1 }) };
}

type Matcher = (c: Candidate) => boolean;

/**
 * Observed matching: an absolute name selects by executable (same file as /proc/<pid>/exe, so
 * `/bin/sleep` finds /usr/bin/sleep); a name without `/` argv[0] or its basename; with -x also a
 * script run through its interpreter: argv[1] (its basename for a name without `/`), when comm
 * (cut at 15) agrees. An argv[0] holding a space (`sshd: root@pts/0`, `exec -a "x y"`) is taken
 * for a title, not a path: the process answers to its comm as well (`pidof sleep`, `pidof
 * foo/sleep`; not a tab, not `sleep:`, not a name longer than comm).
 */
function matcher(rawName: string, scripts: boolean): Matcher {
  const name = Buffer.from(rawName, 'utf8').toString('latin1');
  const base = basename(name);
  const script = (c: Candidate) => scripts && c.argv1 === name && c.comm === base.slice(0, COMM_BYTES);
  const title = (c: Candidate) => c.argv0.includes(' ') && c.comm === base;
  // observed: a relative name with `/` is compared with argv[0], whole or as its basename
  // (`x/plain` finds argv[0] `plain`, a zombie's comm too; `./sleep` does not find `foo/bar`).
  if (name.includes('/') && !name.startsWith('/')) {
    return (c) => script(c) || c.argv0 === name || c.argv0 === base || title(c);
  }
  if (name.includes('/')) {
    const file = available(() => fileIdentity(rawName));
    return (c) => {
      if (script(c)) return true;
      if (!file) return false;
      const exe = available(() => c.proc.exeIdentity());
      return exe !== undefined && sameFile(exe, file);
    };
  }
  return (c) => {
    if (name === '') return false;
    if (c.argv0 === name || basename(c.argv0) === name || title(c)) return true;
    return scripts && c.argv1 !== undefined && basename(c.argv1) === name && c.comm === name.slice(0, COMM_BYTES);
  };
}

/** The root directory a process sees (its `root` link), for -c. */
function rootOf(proc: Proc): Buffer | undefined {
  return available(() => proc.root());
}

export function main(argv: string[], io: CommandIo, deps: CommandDeps = {}): number {
  const { fs, euid } = withDefaults(deps);
  // getppid(), for `-o %PPID`: our own parent as the proc root sees it.
  const ppid = () => available(() => fs.process(fs.selfPid()).stat().ppid) ?? process.ppid;
  const parsed = parseOptions(argv, ppid, io.env);
  if (parsed.kind === 'exit') {
    if (parsed.stdout) io.stdout.write(parsed.stdout);
    return parsed.status;
  }
  const options = parsed.options;
  if (options.names.length === 0) return 1;
  // man pidof: -c is ignored for users other than root (observed: as nobody, pidof -c lists root's
  // processes, whose root link it may not read, and reads no root link at all).
  const ownRoot = options.sameRoot && euid === 0 ? rootOf(fs.process(fs.selfPid())) : undefined;
  // Newest first: pidof lists in descending pid order (observed).
  const candidates: Candidate[] = [];
  // Never ourselves: the reference is a C program nobody looks for; we are a `node`.
  options.omit.add(fs.selfPid());
  for (const c of fs.walk((proc) => describe(proc, options.zombies))) {
    if (c && !options.omit.has(c.pid)) candidates.push(c);
  }
  candidates.reverse();
  const pids: number[] = [];
  for (const name of options.names) {
    const matches = matcher(name, options.scripts);
    for (const c of candidates) {
      if (!matches(c)) continue;
      if (ownRoot !== undefined && !rootOf(c.proc)?.equals(ownRoot)) continue;
      pids.push(c.pid);
      if (options.single) break;
    }
  }
  if (pids.length === 0) return 1;
  if (!options.quiet) io.stdout.write(Buffer.from(`${pids.join(options.separator)}\n`, 'latin1'));
  return 0;
}
