// Loaded only for -l/-a: ps's escaping of hostile bytes (observed: pgrep -a prints args as ps does).
import { available, type Proc } from '@tproc/core';
import { argAreaText, escapeBytes, escapeLatin1 } from '@tproc/tps/escape';
import { COMMAND_BYTES } from './select.ts';

const utf8 = true;

export const display = {
  name: (proc: Proc): string => escapeBytes(proc.stat().comm, utf8),
  full: (proc: Proc): string => {
    const area = available(() => proc.cmdlineBytes());
    if (!area || area.length === 0) {
      const stat = proc.stat();
      return `[${escapeBytes(stat.comm, utf8)}]${stat.state === 'Z' ? ' <defunct>' : ''}`;
    }
    return escapeLatin1(argAreaText(area).slice(0, COMMAND_BYTES), utf8);
  },
};
