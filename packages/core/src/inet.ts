/** inet_pton(3) for AF_INET6 (a trailing dotted quad allowed, as in ::ffff:127.0.0.1): 16 bytes, or undefined. */
export function ipv6Bytes(text: string): number[] | undefined {
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  let body = text;
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    // The dotted quad stands for the last two groups.
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(tail)) return undefined;
    const b = tail.split('.').map(Number);
    if (b.some((x) => x > 255)) return undefined;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    body = `${text.slice(0, lastColon + 1)}${hex(b[0]!, b[1]!)}:${hex(b[2]!, b[3]!)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!left || !right) return undefined;
  let all = left;
  if (halves.length === 2) {
    if (left.length + right.length > 7) return undefined;
    all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  }
  if (all.length !== 8) return undefined;
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}
