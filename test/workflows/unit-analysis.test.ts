import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../functions/adapters/clock.ts';
import { runCloseStep } from '../../functions/app/monthly-close.ts';
import type { FrozenScores } from '../../functions/domain/assessment/index.ts';
import { type Harness, workflowHarness } from './harness.ts';

describe('Monthly close: the units’ monthly analyses (TN:6(八), DynamoDB Local)', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('TN:6(八) the close of November notes the units whose October analysis did not come by 5 November, and counts it', async () => {
    // Prepare: ss-urban sends on the 3rd, bh-urban on the 6th; the other units send none
    h = await workflowHarness('tianning-2013', '2026-11-03T10:00:00+08:00');
    await h.assessment.submitAnalysis({
      unit: 'ss-urban',
      month: '2026-10',
      at: '2026-11-03T10:00:00+08:00',
      by: 'c1',
      summary: '十月分析',
    });
    await h.assessment.submitAnalysis({
      unit: 'bh-urban',
      month: '2026-10',
      at: '2026-11-06T09:00:00+08:00',
      by: 'c2',
      summary: '十月分析',
    });
    const again = await h.assessment.submitAnalysis({
      unit: 'ss-urban',
      month: '2026-10',
      at: '2026-11-09T10:00:00+08:00',
      by: 'c1',
      summary: '修订',
    });
    clock.pin(new Date('2026-12-01T00:00:05+08:00'));
    const deps = { assessment: h.assessment, directory: h.rt.directory, policy: h.rt.policy, now: clock.now };

    // Act
    await runCloseStep(deps, { step: 'freeze', month: '2026-11' });
    const frozen = (await h.assessment.frozen('2026-11')) as FrozenScores;

    // Assess: the first sending is kept; every unit of the one group but ss-urban is noted and counted
    expect(again.at).toBe('2026-11-03T10:00:00+08:00');
    expect(frozen.missingAnalyses).toEqual({
      month: '2026-10',
      due: '2026-11-05T23:59:59+08:00',
      units: ['bh-gov', 'bh-urban', 'hf-env', 'hf-housing', 'hf-market', 'ss-gov', 'ss-sanlian'],
    });
    const unit = (id: string) => frozen.groups[0]?.units.find((u) => u.unit === id);
    expect(unit('bh-urban')?.counts).toEqual({ analysisMissed: 1 });
    expect(unit('ss-urban')?.counts).toEqual({});
  });
});
