import { onFirstUse, signalName } from '@tproc/core';

// procps kill names only the 31 classic signals in -l and -L (observed: `kill -l 34` is unknown).
const listed = onFirstUse('kill -l signals', () =>
  Array.from({ length: 31 }, (_, i) => ({ number: i + 1, name: signalName(i + 1) as string })),
);

/** `kill -l`: names separated by spaces, a line break after STKFLT (16) and at the end. */
export function signalList(): string {
  return listed()
    .map((s) => `${s.name}${s.number === 16 || s.number === 31 ? '\n' : ' '}`)
    .join('');
}

/** `kill -L`: `%2d %-8s` cells, seven to a line; the last cell keeps its padding. */
export function signalTable(): string {
  const all = listed();
  return all
    .map((s, i) => {
      const cell = `${String(s.number).padStart(2)} `;
      return (i + 1) % 7 === 0 ? `${cell}${s.name}\n` : `${cell}${s.name.padEnd(8)}`;
    })
    .join('')
    .concat(all.length % 7 === 0 ? '' : '\n');
}

/**
 * `kill -l ARG`: a number (digits only) gives its name, a name (any case, `SIG` optional) its
 * number; only the 31 classic names, no aliases. undefined: `unknown signal name ARG`.
 */
export function lookupListed(arg: string): string | undefined {
  if (/^\d+$/.test(arg)) return listed().find((s) => s.number === Number(arg))?.name;
  let name = arg.toUpperCase();
  if (name.startsWith('SIG')) name = name.slice(3);
  const found = listed().find((s) => s.name === name);
  return found ? String(found.number) : undefined;
}
