import { visible } from './run.ts';

type Op = { kind: ' ' | '-' | '+'; line: string };

/**
 * Line diff of a (expected, "-") against b (actual, "+"), with `context` unchanged lines around each
 * change; '' when equal. Control characters and invalid bytes are shown as \xNN, and a missing final
 * newline is marked.
 */
export function lineDiff(a: string, b: string, labels = ['reference', 'ours'], context = 3): string {
  if (a === b) return '';
  const ops = diffLines(splitLines(a), splitLines(b));
  const keep = ops.map((_, i) => ops.slice(Math.max(0, i - context), i + context + 1).some((o) => o.kind !== ' '));
  const out = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  ops.forEach((op, i) => {
    if (keep[i]) out.push(`${op.kind}${visible(op.line)}`);
    else if (keep[i - 1]) out.push('@@');
  });
  return out.join('\n');
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  else lines.push(`${lines.pop()}⏎ (no newline at end)`);
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  // Longest common subsequence by dynamic programming; outputs here are at most a few thousand lines.
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++]! });
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  return ops;
}
