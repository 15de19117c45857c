import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../functions/app/reports/csv.ts';

describe('Function: toCsv', () => {
  it('writes RFC 4180 records: quotes a field with a comma, quote or line break, doubles its quotes', () => {
    expect(
      toCsv([
        ['section', 'name', 'value'],
        ['volume', '蜀山区城管局', 12],
        ['note', 'a, b', null],
        ['note', 'he said "no"\nthen left', -3],
      ]),
    ).toBe('section,name,value\nvolume,蜀山区城管局,12\nnote,"a, b",\nnote,"he said ""no""\nthen left",-3\n');
  });

  it('keeps a text cell that would start a formula as text, and numbers as they are', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', 'plain', -2, 0]])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),plain,-2,0\n`,
    );
  });
});
