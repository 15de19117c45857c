import { describe, expect, it } from 'vitest';
import { closeMetricsOf, projectionMetricsOf } from '../../../functions/app/assessment-metrics.ts';
import { bulletinOf, scoreMonth } from '../../../functions/domain/assessment/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';

describe('Module: app/assessment-metrics (the dashboard)', () => {
  it('the projection publishes the indicators whose ratios are the live rates', () => {
    const points = projectionMetricsOf([
      { unit: 'u', month: '2026-11', day: '2026-11-02', indicator: 'finished' },
      { unit: 'u', month: '2026-11', day: '2026-11-02', indicator: 'finishedOnTime' },
      { unit: 'u', month: '2026-11', day: '2026-11-02', indicator: 'signed' },
    ]);
    expect(points).toEqual([
      { name: 'AssessmentIndicator', unit: 'Count', value: 1, dimensions: { indicator: 'finished' } },
      { name: 'AssessmentIndicator', unit: 'Count', value: 1, dimensions: { indicator: 'finishedOnTime' } },
    ]);
  });

  it("the close publishes the last ranking's extremes per group, the sanctions and the month's rates", () => {
    // Prepare: ss-urban 100, bh-urban 80 in the district group
    const policy = presetPolicy('pingdingshan-2022');
    const units = [
      { id: 'ss-urban', name: 'A', rankingGroup: 'district' },
      { id: 'bh-urban', name: 'B', rankingGroup: 'district' },
    ];
    const full = { finished: 2, finishedOnTime: 2, satisfied: 2, contactedInWindow: 2, dispatched: 2 };
    const half = {
      finished: 2,
      finishedOnTime: 2,
      satisfied: 1,
      dissatisfied: 1,
      contactedInWindow: 2,
      dispatched: 2,
    };
    const frozen = scoreMonth(
      '2026-11',
      policy,
      units,
      new Map([
        ['ss-urban', full],
        ['bh-urban', half],
      ]),
    );

    // Act
    const points = closeMetricsOf(
      bulletinOf(frozen, [
        { month: '2026-11', unit: 'bh-urban', group: 'district', measure: 'interview', basis: 'PDS:28(四)' },
      ]),
    );

    // Assess
    expect(points).toEqual([
      { name: 'RankingTopScore', unit: 'Count', value: 100, dimensions: { group: 'district' } },
      { name: 'RankingBottomScore', unit: 'Count', value: 80, dimensions: { group: 'district' } },
      { name: 'Sanctions', unit: 'Count', value: 1, dimensions: { measure: 'interview' } },
      { name: 'MonthOnTimeRate', unit: 'Percent', value: 100 },
      { name: 'MonthSatisfactionRate', unit: 'Percent', value: 75 },
    ]);
  });
});
