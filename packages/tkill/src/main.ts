import { type CommandDeps, type CommandIo, getopt, type LongOption, procpsSignalNumber } from '@tproc/core';
import { errorCode, errorMessage, kill, SyscallError, sigqueue } from '@tproc/syscalls';
import { lookupListed, signalList, signalTable } from './signal-list.ts';
import { usage as usageText, version } from './usage.ts';

const SIGTERM = 15;
const LONG_OPTIONS: LongOption[] = [
  { name: 'list', has: 'optional', key: 'l' },
  { name: 'table', has: 'none', key: 'L' },
  { name: 'signal', has: 'required', key: 's' },
  { name: 'queue', has: 'required', key: 'q' },
  { name: 'help', has: 'none', key: 'h' },
  { name: 'version', has: 'none', key: 'V' },
];

/** A C `long` read the way the reference reads pids and -q values: strtol, base 10, whole string. */
type Parsed = { ok: true; value: bigint } | { ok: false; range: boolean };

function parseLong(text: string): Parsed {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(text);
  if (!m) return { ok: false, range: false };
  const value = BigInt(m[1] as string);
  if (value > 0x7fffffffffffffffn || value < -0x8000000000000000n) return { ok: false, range: true };
  return { ok: true, value };
}

const LOCALE_CATEGORIES = [
  'CTYPE',
  'NUMERIC',
  'TIME',
  'COLLATE',
  'MONETARY',
  'MESSAGES',
  'PAPER',
  'NAME',
  'ADDRESS',
  'TELEPHONE',
  'MEASUREMENT',
  'IDENTIFICATION',
];

/**
 * errno as the C tool's start-up leaves it. Observed: ENOENT when setlocale(LC_ALL, "") has some
 * category to load (LC_ALL, else LC_<category>, else LANG names anything but C or POSIX, e.g.
 * C.UTF-8); nothing in the C locale (`LC_ALL=C kill ''` ends in no ": ..." at all).
 */
function startupErrno(env: CommandIo['env']): string | undefined {
  const loads = LOCALE_CATEGORIES.some((category) => {
    const value = env.LC_ALL || env[`LC_${category}`] || env.LANG || '';
    return value !== '' && value !== 'C' && value !== 'POSIX';
  });
  return loads ? 'ENOENT' : undefined;
}

/**
 * tkill = procps-ng 4.0.2 /usr/bin/kill. It signals what it is told, by pid, reading no /proc: it
 * takes the CommandDeps every command takes and needs none of them.
 */
export async function main(argv: string[], io: CommandIo, _deps?: CommandDeps): Promise<number> {
  const name = io.argv0;
  const warn = (text: string) => io.stderr.write(`${name}: ${text}\n`);
  const usage = (to: 'stdout' | 'stderr', status: number) => {
    io[to].write(usageText(name));
    return status;
  };
  if (argv.length === 0) return usage('stderr', 1);

  // The C tool keeps errno from its start-up until a number parse resets it, and a failed kill sets
  // it: observed (LANG=C.UTF-8), `kill ''` ends in ": No such file or directory", `kill 999999 ''`
  // in ": No such process", `kill -q 1 ''` in nothing.
  let errno = startupErrno(io.env);
  const parseOrDie = (text: string, message: string): bigint | undefined => {
    const parsed = parseLong(text);
    if (parsed.ok) {
      errno = undefined;
      return parsed.value;
    }
    const cause = parsed.range ? 'ERANGE' : text === '' ? errno : undefined;
    warn(`${message}: '${text}'${cause ? `: ${errorMessage(cause)}` : ''}`);
    return undefined;
  };

  // Observed: the first argument anywhere that reads as `-SIGNAL` sets the signal and is removed
  // before option parsing (`kill 123 -9`, `kill -s 1 -15 123` both use it); any later one is
  // parsed as options (`-STOP -CONT` fails on `C`).
  let signal = SIGTERM;
  const args = [...argv];
  const dashed = args.findIndex((a) => a.startsWith('-') && procpsSignalNumber(a.slice(1)) >= 0);
  if (dashed >= 0) {
    signal = procpsSignalNumber((args[dashed] as string).slice(1));
    args.splice(dashed, 1);
  }

  let queueValue: number | undefined;
  const send = async (target: number): Promise<void> => {
    if (queueValue === undefined) kill(target, signal);
    else await sigqueue(target, signal, queueValue);
  };
  const pids: string[] = [];
  const scan = getopt(args, { shorts: 'l::Ls:hVq:', longs: LONG_OPTIONS, env: io.env });
  for (const event of scan) {
    if (event.type === 'operand') {
      pids.push(event.value);
      continue;
    }
    if (event.type !== 'option') {
      const char =
        event.type === 'invalid'
          ? event.char
          : event.type === 'missing' || event.type === 'needless'
            ? event.key
            : '\0';
      if (/^\d$/.test(char)) {
        // Observed: an unknown digit option `-N` signals process group N (`-100` is pid -1) and
        // ends the command, with status 1 when that kill worked and 0 when it failed. After
        // --queue it is queued, and sigqueue(2) finds no process at a negative pid.
        try {
          await send(-Number(char));
          return 1;
        } catch {
          return 0;
        }
      }
      warn(`invalid argument ${char}`);
      return usage('stderr', 1);
    }
    switch (event.key) {
      case 'l': {
        const next = scan.next();
        const arg = event.arg ?? (next !== undefined && !next.startsWith('-') ? next : undefined);
        if (arg === undefined) io.stdout.write(signalList());
        else {
          const found = lookupListed(arg);
          if (found === undefined) warn(`unknown signal name ${arg}`);
          else io.stdout.write(`${found}\n`);
        }
        return 0;
      }
      case 'L':
        io.stdout.write(signalTable());
        return 0;
      case 's':
        signal = procpsSignalNumber(event.arg ?? '');
        break;
      case 'h':
        return usage('stdout', 0);
      case 'V':
        io.stdout.write(version(name));
        return 0;
      case 'q': {
        const value = parseOrDie(event.arg ?? '', 'must be an integer value to be passed with the signal.');
        if (value === undefined) return 1;
        // sival_int: the low 32 bits.
        queueValue = Number(BigInt.asIntN(32, value));
        break;
      }
    }
  }
  if (pids.length === 0) return usage('stderr', 1);

  let status = 0;
  for (const text of pids) {
    const pid = parseOrDie(text, 'failed to parse argument');
    if (pid === undefined) return 1;
    // pid_t is 32 bits: the C tool truncates the long it read (and prints the long).
    const target = Number(BigInt.asIntN(32, pid));
    try {
      await send(target);
    } catch (err) {
      if (!(err instanceof SyscallError)) throw err;
      errno = errorCode(err);
      warn(`(${pid}): ${errorMessage(errno)}`);
      status = 1;
    }
  }
  return status;
}
