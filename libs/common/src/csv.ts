/** UTF-8 byte-order mark: spreadsheets then read Chinese text in a CSV export correctly. */
export const UTF8_BOM = '\uFEFF';

/**
 * One CSV cell, RFC 4180 quoted. Titles and names are typed by users: a cell a spreadsheet would
 * read as a formula (= + - @, or a leading tab or CR) is prefixed with an apostrophe, so opening
 * the export never runs what someone typed.
 */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV export: BOM, a header row, CRLF lines. */
export function csvDocument<Row>(
  columns: ReadonlyArray<[header: string, value: (row: Row) => string | number | boolean | null]>,
  rows: readonly Row[],
): string {
  const lines = [
    columns.map(([header]) => header).join(','),
    ...rows.map((row) => columns.map(([, value]) => csvCell(value(row))).join(',')),
  ];
  return UTF8_BOM + lines.join('\r\n') + '\r\n';
}
