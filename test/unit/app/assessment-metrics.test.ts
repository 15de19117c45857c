import { describe, expect, it } from 'vitest';
import { closeMetricsOf, projectionMetricsOf } from '../../../functions/app/assessment-metrics.ts';
import { bulletinOf, type IndicatorCounts, scoreMonth } from '../../../functions/domain/assessment/index.ts';
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
    // Prepare: in the district group, ss-urban's ticket rates score 100 and its knowledge base kept 3
    // reviews on time (100); bh-urban's ticket rates score 80 and one entry went stale (upkeep 0):
    // (80 × 100 + 5 × 0) / 105 = 76.19; the hotline's upkeep 3 of 4 = 75%
    const policy = presetPolicy('pingdingshan-2022');
    const units = [
      { id: 'ss-urban', name: 'A', rankingGroup: 'district' },
      { id: 'bh-urban', name: 'B', rankingGroup: 'district' },
    ];
    const full = {
      finished: 2,
      finishedOnTime: 2,
      satisfied: 2,
      contactedInWindow: 2,
      dispatched: 2,
      knowledgeReviewedOnTime: 3,
    };
    const half = {
      finished: 2,
      finishedOnTime: 2,
      satisfied: 1,
      dissatisfied: 1,
      contactedInWindow: 2,
      dispatched: 2,
      knowledgeStale: 1,
    };
    const frozen = scoreMonth(
      '2026-11',
      policy,
      units,
      new Map<string, IndicatorCounts>([
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
      { name: 'RankingBottomScore', unit: 'Count', value: 76.19, dimensions: { group: 'district' } },
      { name: 'Sanctions', unit: 'Count', value: 1, dimensions: { measure: 'interview' } },
      { name: 'MonthOnTimeRate', unit: 'Percent', value: 100 },
      { name: 'MonthSatisfactionRate', unit: 'Percent', value: 75 },
      { name: 'MonthKnowledgeUpkeepRate', unit: 'Percent', value: 75 },
    ]);
  });
});
