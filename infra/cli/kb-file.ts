import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { EntryContent } from '../../functions/domain/knowledge/index.ts';
import { entryContentSchema, entryIdSchema } from '../../functions/domain/knowledge/index.ts';
import { parseCsv } from './csv.ts';
import { UsageError } from './io.ts';

/**
 * The knowledge-base file of `hotline kb import|export`: CSV (UTF-8, header row) or XLSX (the first
 * sheet, header row). Columns: title, questions (`|` between phrasings), answer, category, unit,
 * region, public (`true`/`false`), basis (`|` between documents, each a title optionally followed by
 * a space and its http(s) link), and optionally reviewBy (YYYY-MM-DD; a year from today when empty)
 * and localizes (the id of the entry of a region above that this one replaces).
 */
export const KB_COLUMNS = [
  'title',
  'questions',
  'answer',
  'category',
  'unit',
  'region',
  'public',
  'basis',
] as const;
const OPTIONAL_COLUMNS = ['reviewBy', 'localizes', 'id', 'version'] as const;
const KNOWN = new Set<string>([...KB_COLUMNS, ...OPTIONAL_COLUMNS]);

export interface KbRow {
  /** The file's line (CSV) or row (XLSX) number, 1 = the header. */
  line: number;
  cells: Record<string, string>;
}

export interface KbItem {
  line: number;
  unitId: string;
  content: EntryContent;
}

export interface RowProblem {
  line: number;
  field: string;
  message: string;
}

export async function readKbFile(path: string, shown: string, read: (p: string) => Buffer): Promise<KbRow[]> {
  const format = extname(path).toLowerCase();
  if (format !== '.csv' && format !== '.xlsx') {
    throw new UsageError(`FILE must be a .csv or an .xlsx file, not ${JSON.stringify(shown)}`);
  }
  let bytes: Buffer;
  try {
    bytes = read(path);
  } catch {
    throw new UsageError(`FILE: cannot read ${shown}`);
  }
  const table = format === '.csv' ? csvTable(bytes.toString('utf8')) : await xlsxTable(bytes, shown);
  const [header, ...rows] = table;
  if (!header) throw new UsageError(`${shown} is empty: the first row names the columns`);
  const names = header.fields.map((n) => n.trim());
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (unknown.length)
    throw new UsageError(`${shown}: unknown column ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  const missing = KB_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) throw new UsageError(`${shown}: missing column ${missing.join(', ')}`);
  return rows.map((row) => ({
    line: row.line,
    cells: Object.fromEntries(names.map((name, i) => [name, (row.fields[i] ?? '').trim()])),
  }));
}

function csvTable(text: string): { line: number; fields: string[] }[] {
  try {
    return parseCsv(text);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function xlsxTable(bytes: Buffer, shown: string): Promise<{ line: number; fields: string[] }[]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UsageError(`${shown} is not an XLSX workbook`);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new UsageError(`${shown} has no sheet`);
  const rows: { line: number; fields: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const fields: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) fields.push(cellText(row.getCell(c).value));
    if (fields.some((f) => f.trim())) rows.push({ line, fields });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
  }
  return String(value);
}

const splitList = (text: string) =>
  text
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);

function basisOf(text: string) {
  return splitList(text).map((item) => {
    const match = /^(.*?)\s+(https?:\/\/\S+)$/.exec(item);
    return match ? { title: match[1] as string, url: match[2] } : { title: item };
  });
}

/** Checks one row; the item it describes, or every problem it has, each naming its column. */
export function checkRow(row: KbRow, defaultReviewBy: string): KbItem | RowProblem[] {
  const c = row.cells;
  const problems: RowProblem[] = [];
  const publicText = (c.public ?? '').toLowerCase();
  if (publicText !== 'true' && publicText !== 'false') {
    problems.push({ line: row.line, field: 'public', message: 'must be true or false' });
  }
  const unit = entryIdSchema.safeParse(c.unit ?? '');
  if (!unit.success)
    problems.push({ line: row.line, field: 'unit', message: unit.error.issues[0]?.message ?? 'invalid' });
  const content = entryContentSchema.safeParse({
    title: c.title,
    questions: splitList(c.questions ?? ''),
    answer: c.answer,
    basis: basisOf(c.basis ?? ''),
    category: c.category,
    regionId: c.region,
    public: publicText === 'true',
    reviewBy: c.reviewBy || defaultReviewBy,
    localizes: c.localizes || undefined,
  });
  if (!content.success) {
    for (const issue of content.error.issues) {
      const [first, index, sub] = issue.path.map(String);
      const column = first === 'regionId' ? 'region' : (first ?? '(row)');
      const where = index === undefined ? column : `${column}[${Number(index) + 1}]${sub ? `.${sub}` : ''}`;
      problems.push({ line: row.line, field: where, message: issue.message });
    }
  }
  if (problems.length || !content.success || !unit.success) return problems;
  return { line: row.line, unitId: unit.data, content: content.data };
}

/** An exported entry: the columns of the import file, plus its id and published version. */
export interface KbExportRow {
  id: string;
  version: number;
  unitId: string;
  content: EntryContent;
}

export const EXPORT_COLUMNS = [...KB_COLUMNS, 'reviewBy', 'localizes', 'id', 'version'] as const;

export function exportCells(row: KbExportRow): string[] {
  const c = row.content;
  const values: Record<(typeof EXPORT_COLUMNS)[number], string> = {
    title: c.title,
    questions: c.questions.join('|'),
    answer: c.answer,
    category: c.category,
    unit: row.unitId,
    region: c.regionId,
    public: String(c.public),
    basis: c.basis.map((b) => (b.url ? `${b.title} ${b.url}` : b.title)).join('|'),
    reviewBy: c.reviewBy,
    localizes: c.localizes ?? '',
    id: row.id,
    version: String(row.version),
  };
  return EXPORT_COLUMNS.map((k) => values[k]);
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
export const csvLine = (cells: readonly string[]) => `${cells.map(csvField).join(',')}\r\n`;

export async function xlsxBytes(rows: readonly string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('knowledge');
  sheet.addRow([...EXPORT_COLUMNS]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export const exportPageSchema = z.object({
  items: z.array(
    z.object({ id: z.string(), version: z.number(), unitId: z.string(), content: entryContentSchema }),
  ),
  cursor: z.string().nullable(),
});
