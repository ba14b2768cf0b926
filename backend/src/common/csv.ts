/**
 * One CSV cell: dates as ISO, objects as JSON, quoted only when the value needs it. Text that a spreadsheet would
 * run as a formula (=, +, -, @, tab, CR first: a comment such as `=HYPERLINK(...)`) is prefixed with an apostrophe,
 * so it opens as the text it is; numbers stay numbers.
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v !== 'number' && typeof v !== 'bigint' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: a header line of the columns, then one line per row. */
export function toCsv<T extends Record<string, unknown>>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}
