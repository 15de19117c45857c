import { describe, expect, it } from 'vitest';
import { analysisDueAt, missingAnalyses } from '../../../functions/domain/assessment/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';

describe('Module: assessment/unit-analysis (TN:6(八))', () => {
  it('TN:6(八) the analysis of a month is due by the end of the 5th of the next, Asia/Shanghai', () => {
    expect(presetPolicy('tianning-2013').reports.unitAnalysis).toEqual({ dueDay: 5, basis: 'TN:6(八)' });
    expect(presetPolicy('anhui-2021').reports.unitAnalysis).toBeNull();
    expect(analysisDueAt('2026-12', 5).toISOString()).toBe('2027-01-05T15:59:59.000Z');
  });

  it('TN:6(八) a unit that sent none, or sent it after the 5th, is noted; one sent by the 5th is not', () => {
    // Act
    const missing = missingAnalyses(
      ['a', 'b', 'c', 'd'],
      [
        { unit: 'a', month: '2026-10', at: '2026-11-05T23:59:59+08:00' },
        { unit: 'b', month: '2026-10', at: '2026-11-06T00:00:00+08:00' },
        { unit: 'c', month: '2026-09', at: '2026-10-02T10:00:00+08:00' },
      ],
      '2026-10',
      5,
    );

    // Assess
    expect(missing).toEqual(['b', 'c', 'd']);
  });
});
