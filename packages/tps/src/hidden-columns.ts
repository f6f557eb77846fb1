import type { ColumnSpec } from './columns/types.ts';

/**
 * Specifiers ps accepts but `ps L` does not list, used by the standard formats. ADDR is always
 * `-` on Linux (observed), so are TMOUT and ALARM (`ps X`); -l uses a one-column-wide ADDR whose
 * header overflows into SZ.
 */
export const HIDDEN_COLUMNS: Record<string, ColumnSpec> = {
  addr: { header: 'ADDR', width: 4, align: 'right', text: () => '-', sortKey: () => 0 },
  tmout: { header: 'TMOUT', width: 5, align: 'right', text: () => '-', sortKey: () => 0 },
  alarm: { header: 'ALARM', width: 5, align: 'right', text: () => '-', sortKey: () => 0 },
  addr_1: { header: 'ADDR', width: 1, align: 'left', text: () => '-', sortKey: () => 0 },
};
