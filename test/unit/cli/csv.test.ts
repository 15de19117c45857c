import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../../infra/cli/csv.ts';

const fields = (text: string) => parseCsv(text).map((record) => record.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits records on CRLF, LF or CR and fields on commas', () => {
    expect(fields('a,b,c\r\n1,2,3\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(fields('a,b\r1,2\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, also at the end of a record', () => {
    expect(fields('a,,c\n,,\nx,')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
      ['x', ''],
    ]);
  });

  it('reads quoted fields with commas, line breaks (as LF) and doubled quotes', () => {
    const records = parseCsv('id,name\r\n1,"Hefei, ""Anhui"""\r\n2,"two\r\nlines"\r\n3,""\r\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['id', 'name'],
      ['1', 'Hefei, "Anhui"'],
      ['2', 'two\nlines'],
      ['3', ''],
    ]);
    // Each record knows the line it starts on, counting the lines inside quotes.
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('keeps spaces and Chinese text as they are', () => {
    expect(fields(' 合肥市 ,蜀山区')).toEqual([[' 合肥市 ', '蜀山区']]);
  });

  it('skips a byte order mark and blank lines', () => {
    const records = parseCsv('\uFEFFid,name\n\n1,a\n   \n2,b\n\n');
    expect(records.map((r) => r.fields)).toEqual([
      ['id', 'name'],
      ['1', 'a'],
      ['2', 'b'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 3, 5]);
  });

  it('reads nothing from empty text', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF\r\n')).toEqual([]);
  });

  it.each([
    [
      'a quote left open',
      'id,name\n1,"open\n2,b\n',
      3,
      'a quoted field is still open at the end of the file',
    ],
    ['text after a closing quote', 'id,name\n1,"a"b\n', 2, 'text after the closing quote of a field'],
    ['a quote inside an unquoted field', 'id,name\n\n1,a"b\n', 3, 'a quote inside an unquoted field'],
  ])('refuses %s, naming the line', (_name, text, line, reason) => {
    let error: unknown;
    try {
      parseCsv(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).line).toBe(line);
    expect((error as CsvError).message).toContain(`line ${line}: ${reason}`);
  });
});
