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

/**
 * Parses CSV text as RFC 4180 describes it: fields separated by commas, records by CRLF (LF or a lone
 * CR are accepted too), a field in double quotes may hold commas, line breaks and doubled quotes ("").
 * A leading byte order mark (as spreadsheet programs write) is skipped, and so are blank lines. A quote
 * inside an unquoted field, text after a closing quote and a quote left open are errors.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const end = text.length;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  let line = 1;
  const atLineEnd = () => i >= end || text[i] === '\r' || text[i] === '\n';

  while (i < end) {
    const start = { line, at: i };
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const opened = line;
        i += 1;
        for (;;) {
          if (i >= end) throw new CsvError(opened, `quoted field ${fields.length + 1} is not closed`);
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] !== '"') break;
            field += '"';
            i += 2;
            continue;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line += 1;
          field += c;
          i += 1;
        }
        i += 1; // the closing quote
        if (!atLineEnd() && text[i] !== ',') {
          throw new CsvError(line, `text after the closing quote of field ${fields.length + 1}`);
        }
      } else {
        while (!atLineEnd() && text[i] !== ',') {
          if (text[i] === '"') {
            throw new CsvError(
              line,
              `a quote inside unquoted field ${fields.length + 1} (put the field in quotes and double the quote)`,
            );
          }
          field += text[i];
          i += 1;
        }
      }
      fields.push(field);
      if (text[i] !== ',') break;
      i += 1;
    }
    const blank = text.slice(start.at, i).trim() === '';
    if (i < end) {
      if (text[i] === '\r' && text[i + 1] === '\n') i += 1;
      i += 1;
      line += 1;
    }
    if (!blank) records.push({ line: start.line, fields });
  }
  return records;
}
