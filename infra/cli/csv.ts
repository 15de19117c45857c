import { CsvError as ParseError, parse } from 'csv-parse/sync';

/** A CSV file that cannot be read; `line` is where the problem is (1 = the first line). */
export class CsvError extends Error {
  override readonly name = 'CsvError';

  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** One record and the line it starts on (a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** What the parser's error codes mean to someone who edits the file. */
const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is still open at the end of the file',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a field',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (put the field in quotes and double the quote)',
};

/**
 * Parses CSV text as RFC 4180 describes it, with `csv-parse`: fields separated by commas, records by
 * CRLF, LF or a lone CR; a field in double quotes may hold commas, line breaks (read as LF) and doubled
 * quotes (""). A leading byte order mark (as spreadsheet programs write) is skipped, and so are blank
 * lines. A quote inside an unquoted field, text after a closing quote and a quote left open are errors.
 */
export function parseCsv(text: string): CsvRecord[] {
  // One kind of line break, so that the parser counts lines as an editor shows them.
  const normalised = text.replace(/\r\n?/g, '\n');
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(normalised, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof ParseError) {
      const at = (error as ParseError & { lines?: number }).lines ?? 1;
      throw new CsvError(at, REASONS[error.code] ?? error.message);
    }
    throw error;
  }
  return parsed
    .filter(({ record }) => !(record.length === 1 && record[0]?.trim() === ''))
    .map(({ record, info }) => ({
      // `lines` is where the record ends; it starts as many lines earlier as its fields hold breaks.
      line: info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0),
      fields: record,
    }));
}
