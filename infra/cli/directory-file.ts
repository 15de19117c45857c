import {
  DIRECTORY_KINDS,
  DIRECTORY_SCHEMAS,
  type DirectoryKind,
} from '../../functions/domain/directory/index.ts';
import { CsvError, parseCsv } from './csv.ts';
import { UsageError } from './io.ts';

/** The entries a file holds, by kind, as read (not yet validated). */
export type DirectoryFile = Partial<Record<DirectoryKind, unknown[]>>;

/** Fields that hold a list; in a CSV cell the items are separated by `;`. */
const LIST_FIELDS: Partial<Record<DirectoryKind, readonly string[]>> = { channel: ['channels'] };

const KNOWN_KINDS = DIRECTORY_KINDS.join(', ');

/** A kind named on the command line or in a file; anything else is a usage error naming `what`. */
export function directoryKind(text: string, what: string): DirectoryKind {
  if ((DIRECTORY_KINDS as readonly string[]).includes(text)) return text as DirectoryKind;
  throw new UsageError(`${what}: unknown kind ${JSON.stringify(text)}; known: ${KNOWN_KINDS}`);
}

/** The field names an entry of `kind` may have, and those it must have. */
export function fieldsOf(kind: DirectoryKind): { all: string[]; required: string[] } {
  const shape: Record<string, { safeParse: (value: unknown) => { success: boolean } }> =
    DIRECTORY_SCHEMAS[kind].shape;
  const all = Object.keys(shape);
  return { all, required: all.filter((field) => !shape[field]?.safeParse(undefined).success) };
}

/** Text that a failed UTF-8 decoding left replacement characters in. */
function assertUtf8(text: string, shown: string): void {
  if (text.includes('\uFFFD')) {
    throw new UsageError(`FILE: ${shown} is not UTF-8 text (save it as UTF-8, e.g. "CSV UTF-8")`);
  }
}

/**
 * A JSON directory file: `{ "region": [...], "unit": [...], "catalogue": [...], "channel": [...] }`,
 * each key optional. Not JSON, another shape or an unknown key is a usage error.
 */
export function readDirectoryJson(text: string, shown: string): DirectoryFile {
  assertUtf8(text, shown);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`FILE: ${shown} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`FILE: ${shown} must hold a JSON object with the keys ${KNOWN_KINDS}`);
  }
  const file: DirectoryFile = {};
  for (const [key, entries] of Object.entries(value)) {
    const kind = directoryKind(key, `FILE: ${shown}`);
    if (!Array.isArray(entries)) throw new UsageError(`FILE: ${shown}: "${kind}" must be an array`);
    file[kind] = entries;
  }
  if (Object.keys(file).length === 0) throw new UsageError(`FILE: ${shown} has none of ${KNOWN_KINDS}`);
  return file;
}

/**
 * A CSV file of one kind: a header row naming the fields, then one entry per row. An empty cell is
 * an absent field; a list field (a channel's `channels`) is written `phone;web`. A file that is not
 * CSV, a header naming unknown, repeated or too few fields, and a row with the wrong number of cells
 * are usage errors naming the line.
 */
export function readDirectoryCsv(text: string, kind: DirectoryKind, shown: string): DirectoryFile {
  assertUtf8(text, shown);
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw new UsageError(`FILE: ${shown} is not valid CSV: ${error.message}`);
    throw error;
  }
  const [head, ...rows] = records;
  if (!head) throw new UsageError(`FILE: ${shown} is empty; a CSV file starts with a header row`);
  const at = (line: number) => `FILE: ${shown} line ${line}`;
  const fields = fieldsOf(kind);
  const columns = head.fields.map((name) => name.trim());
  for (const [index, name] of columns.entries()) {
    if (name === '') throw new UsageError(`${at(head.line)}: column ${index + 1} has no name`);
    if (!fields.all.includes(name)) {
      throw new UsageError(
        `${at(head.line)}: unknown column ${JSON.stringify(name)} for ${kind}; known: ${fields.all.join(', ')}`,
      );
    }
    if (columns.indexOf(name) !== index) {
      throw new UsageError(`${at(head.line)}: column ${JSON.stringify(name)} appears twice`);
    }
  }
  const missing = fields.required.filter((field) => !columns.includes(field));
  if (missing.length > 0) {
    throw new UsageError(`${at(head.line)}: ${kind} needs the column(s) ${missing.join(', ')}`);
  }
  const lists = LIST_FIELDS[kind] ?? [];
  const entries = rows.map((row) => {
    if (row.fields.length !== columns.length) {
      throw new UsageError(
        `${at(row.line)}: ${row.fields.length} cells, but the header has ${columns.length} columns`,
      );
    }
    const entry: Record<string, string | string[]> = {};
    for (const [index, name] of columns.entries()) {
      const cell = row.fields[index] as string;
      if (cell.trim() === '') continue;
      entry[name] = lists.includes(name)
        ? cell
            .split(';')
            .map((item) => item.trim())
            .filter((item) => item !== '')
        : cell;
    }
    return entry;
  });
  return { [kind]: entries };
}
