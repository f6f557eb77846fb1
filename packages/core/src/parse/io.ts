/** /proc/<pid>/io (man 5 proc). Byte counters, cumulative since process start. */
export interface Io {
  rchar: number;
  wchar: number;
  syscr: number;
  syscw: number;
  readBytes: number;
  writeBytes: number;
  cancelledWriteBytes: number;
}

const FIELDS: Record<string, keyof Io> = {
  rchar: 'rchar',
  wchar: 'wchar',
  syscr: 'syscr',
  syscw: 'syscw',
  read_bytes: 'readBytes',
  write_bytes: 'writeBytes',
  cancelled_write_bytes: 'cancelledWriteBytes',
};

/** Fields missing from the text stay 0. */
export function parseIo(text: string): Io {
  const io: Io = { rchar: 0, wchar: 0, syscr: 0, syscw: 0, readBytes: 0, writeBytes: 0, cancelledWriteBytes: 0 };
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = FIELDS[line.slice(0, colon)];
    const value = Number(line.slice(colon + 1).trim());
    if (key && Number.isFinite(value)) io[key] = value;
  }
  return io;
}
