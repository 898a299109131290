/**
 * A CSV writer (RFC 4180): csv-stringify is not installed (only csv-parse is), and this is all an
 * export needs. Fields with a comma, quote or line break are quoted, quotes doubled, lines end
 * in CRLF. Text that a spreadsheet would run as a formula (= + - @ at the start) gets a leading
 * apostrophe (unless it is only a number, such as a phone), so a product title cannot become a
 * formula on the reader's machine. A UTF-8 BOM
 * lets Excel read Chinese labels correctly.
 */
export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;
/** A phone number (`+8613812345678`) or a signed figure starts like a formula but cannot run as one. */
const PLAIN_NUMBER = /^[+-]?[\d\s().-]+$/;

function field(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const BOM = '\uFEFF';

/**
 * @example toCsv(['City', 'Revenue'], [['Shanghai', 1234.5]]) // '\uFEFFCity,Revenue\r\nShanghai,1234.5\r\n'
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return BOM + [header, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}
