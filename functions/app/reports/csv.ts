/** A CSV cell: text, a number, or nothing. */
export type CsvCell = string | number | null;

/** What a spreadsheet would take for the start of a formula in a text cell. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Rows as CSV (RFC 4180): a field holding a comma, a quote or a line break is quoted, its quotes
 * doubled; each record ends with a line feed. A text cell that a spreadsheet would run as a formula
 * (= + - @ first: a unit's or category's name comes from the directory) is kept as text with a
 * leading apostrophe, as OWASP advises against CSV injection; numbers are written as they are.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(field).join(',')}\n`).join('');
}

function field(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
