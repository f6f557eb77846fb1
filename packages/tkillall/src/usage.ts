/**
 * psmisc 23.6 killall's usage text (stderr, exit 1) and version text (stderr, exit 0), with our
 * name wherever it says killall.
 */
export const PROGRAM = 'tkillall';

export const USAGE = `Usage: ${PROGRAM} [OPTION]... [--] NAME...
       ${PROGRAM} -l, --list
       ${PROGRAM} -V, --version

  -e,--exact          require exact match for very long names
  -I,--ignore-case    case insensitive process name match
  -g,--process-group  kill process group instead of process
  -y,--younger-than   kill processes younger than TIME
  -o,--older-than     kill processes older than TIME
  -i,--interactive    ask for confirmation before killing
  -l,--list           list all known signal names
  -q,--quiet          don't print complaints
  -r,--regexp         interpret NAME as an extended regular expression
  -s,--signal SIGNAL  send this signal instead of SIGTERM
  -u,--user USER      kill only process(es) running as USER
  -v,--verbose        report if the signal was successfully sent
  -V,--version        display version information
  -w,--wait           wait for processes to die
  -n,--ns PID         match processes that belong to the same namespaces
                      as PID
  -Z,--context REGEXP kill only process(es) having context
                      (must precede other arguments)

`;

export const VERSION = `${PROGRAM} (PSmisc) 23.6
Copyright (C) 1993-2022 Werner Almesberger and Craig Small

PSmisc comes with ABSOLUTELY NO WARRANTY.
This is free software, and you are welcome to redistribute it under
the terms of the GNU General Public License.
For more information about these matters, see the files named COPYING.
`;
