// lsof 4.95.0 texts, verbatim (observed: lsof -h, lsof -v, lsof -F? on Debian 12; all on stderr).

/** The first lines of help and of every usage error. */
export const BANNER =
  'lsof 4.95.0\n latest revision: https://github.com/lsof-org/lsof\n latest FAQ: https://github.com/lsof-org/lsof/blob/master/00FAQ\n latest (non-formatted) man page: https://github.com/lsof-org/lsof/blob/master/Lsof.8\n';

/** The short usage lines. */
export const USAGE =
  ' usage: [-?abhKlnNoOPRtUvVX] [+|-c c] [+|-d s] [+D D] [+|-E] [+|-e s] [+|-f[gG]]\n [-F [f]] [-g [s]] [-i [i]] [+|-L [l]] [+m [m]] [+|-M] [-o [o]] [-p s]\n [+|-r [t]] [-s [p:s]] [-S [t]] [-T [t]] [-u s] [+|-w] [-x [fl]] [--] [names]\n';

/** After the usage lines when an option is wrong. */
export const MORE_HELP = "Use the ``-h'' option to get more help information.\n";

/** The rest of -h / -?. */
export const HELP =
  'Defaults in parentheses; comma-separated set (s) items; dash-separated ranges.\n  -?|-h list help          -a AND selections (OR)     -b avoid kernel blocks\n  -c c  cmd c ^c /c/[bix]  +c w  COMMAND width (9)    +d s  dir s files\n  -d s  select by FD set   +D D  dir D tree *SLOW?*   +|-e s  exempt s *RISKY*\n  -i select IPv[46] files  -K [i] list|(i)gn tasKs    -l list UID numbers\n  -n no host names         -N select NFS files        -o list file offset\n  -O no overhead *RISKY*   -P no port names           -Q allow failed search\n  -R list paRent PID       -s list file size          -t terse listing\n  -T disable TCP/TPI info  -U select Unix socket      -v list version info\n  -V verbose search        +|-w  Warnings (+)         -X skip TCP&UDP* files\n  -Z Z  context [Z]        -- end option scan       \n  -E display endpoint info              +E display endpoint info and files\n  +f|-f  +filesystem or -file names     +|-f[gG] flaGs \n  -F [f] select fields; -F? for help  \n  +|-L [l] list (+) suppress (-) link counts < l (0 = all; default = 0)\n                                        +m [m] use|create mount supplement\n  +|-M   portMap registration (-)       -o o   o 0t offset digits (8)\n  -p s   exclude(^)|select PIDs         -S [t] t second stat timeout (15)\n  -T fqs TCP/TPI Fl,Q,St (s) info\n  -g [s] exclude(^)|select and print process group IDs\n  -i i   select by IPv[46] address: [46][proto][@host|addr][:svc_list|port_list]\n  +|-r [t[m<fmt>]] repeat every t seconds (15);  + until no files, - forever.\n       An optional suffix to t is m<fmt>; m must separate t from <fmt> and\n      <fmt> is an strftime(3) format for the marker line.\n  -s p:s  exclude(^)|select protocol (p = TCP|UDP) states by name(s).\n  -u s   exclude(^)|select login|UID set s\n  -x [fl] cross over +d|+D File systems or symbolic Links\n  names  select named files or files on named file systems\nAnyone can list all files; /dev warnings disabled; kernel ID check disabled.\n';

/** -F? after "<program>:". */
export const FIELD_HELP =
  '\tID    field description\n\t a    access: r = read; w = write; u = read/write\n\t c    command name\n\t d    device character code\n\t D    major/minor device number as 0x<hex>\n\t f    file descriptor\n\t G    file flaGs\n\t i    inode number\n\t k    link count\n\t K    task ID (TID)\n\t l    lock: r/R = read; w/W = write; u = read/write\n\t L    login name\n\t m    marker between repeated output\n\t M    task comMand name\n\t n    comment, name, Internet addresses\n\t o    file offset as 0t<dec> or 0x<hex>\n\t p    process ID (PID)\n\t g    process group ID (PGID)\n\t P    protocol name\n\t r    raw device number as 0x<hex>\n\t R    paRent PID\n\t s    file size\n\t S    stream module and device names\n\t t    file type\n\t T    TCP/TPI info\n\t u    user ID (UID)\n\t 0    (zero) use NUL field terminator instead of NL\n';
