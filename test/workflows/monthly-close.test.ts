import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../functions/adapters/clock.ts';
import { recordManualSanction } from '../../functions/app/monthly-close.ts';
import type { Actor } from '../../functions/domain/ticket/index.ts';
import { callbackAgent, dispatcher, type Harness, workflowHarness } from './harness.ts';

const clerkOf = (unitId: string): Actor => ({ id: `clerk-${unitId}`, role: 'unitClerk', unitId });

/**
 * Pingdingshan's policy on the demo directory: district group ss-gov, ss-urban, bh-gov, bh-urban;
 * city departments hf-housing, hf-market, hf-env; township ss-sanlian. Every ticket is finished on
 * time with the requester contacted, so a unit's rates differ only in satisfaction.
 * Score = (40·onTime + 40·satisfaction + 10·contact + 5·firstPass + 5·properReturns) / 100 × 100.
 */
describe('State machine: monthly-close on its schedule (aws-local-stepfunctions, DynamoDB Local, virtual clock)', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  /** One ticket through to the callback, at the current virtual time (callback an hour later). */
  async function handled(unit: string): Promise<string> {
    const id = await h.register();
    const clerk = clerkOf(unit);
    const level = unit.startsWith('hf-') ? 'city' : 'county';
    await h.command(id, { action: 'dispatch', leadUnit: unit, level, classId: 'B' }, dispatcher);
    await h.command(id, { action: 'sign' }, clerk);
    await h.command(id, { action: 'recordContact', method: 'phone' }, clerk);
    await h.command(id, { action: 'informRequester', summary: '已处理' }, clerk);
    await h.command(id, { action: 'reply', summary: '已处理' }, clerk);
    await h.command(id, { action: 'review', approve: true, note: '答复完整' }, dispatcher);
    return id;
  }

  async function month(at: string, tickets: [unit: string, satisfied: boolean][]) {
    clock.pin(new Date(at));
    const ids: [string, boolean][] = [];
    for (const [unit, satisfied] of tickets) ids.push([await handled(unit), satisfied]);
    clock.advance(3_600_000);
    for (const [id, satisfied] of ids) {
      await h.command(id, { action: 'recordCallback', outcome: 'answered', satisfied }, callbackAgent);
    }
    await h.drain();
  }

  /** Moves the clock to 00:00:01 on the 1st and waits for the schedule's close of the month before. */
  async function closeBySchedule(first: string, closedMonth: string) {
    clock.advance(Math.max(0, Date.parse(first) + 1000 - clock.now().getTime()));
    await h.until(`the close of ${closedMonth}`, async () =>
      h.monthlyClose.closed.some((c) => c.month === closedMonth),
    );
    return (await h.assessment.bulletin(closedMonth)) ?? expect.fail(`no bulletin for ${closedMonth}`);
  }

  it('PDS:26-29 ranks each group, applies the ladder over two months and publishes the bulletins', async () => {
    // Prepare: November
    h = await workflowHarness('pingdingshan-2022', '2026-11-02T09:00:00+08:00');
    await month('2026-11-02T09:00:00+08:00', [
      ['ss-urban', true],
      ['ss-urban', true],
      ['bh-urban', true],
      ['bh-urban', false],
      ['hf-housing', true],
      ['hf-market', false],
      ['hf-env', true],
    ]);

    // Act: the schedule closes November at 00:00 on 1 December
    const november = await closeBySchedule('2026-12-01T00:00:00+08:00', '2026-11');

    // Assess: ss-urban 100; bh-urban (40 + 20 + 10 + 5 + 5) = 80, last and below 85 → interview.
    // hf-housing and hf-env 100; hf-market (40 + 0 + 20) = 60, among the last two and below 80 → interview.
    const ranking = (group: string) =>
      november.groups.find((g) => g.id === group)?.units.map((u) => [u.unit, u.score, u.rank]);
    expect(ranking('district')).toEqual([
      ['ss-urban', 100, 1],
      ['bh-urban', 80, 2],
      ['bh-gov', null, null],
      ['ss-gov', null, null],
    ]);
    expect(ranking('cityDepartments')).toEqual([
      ['hf-env', 100, 1],
      ['hf-housing', 100, 1],
      ['hf-market', 60, 3],
    ]);
    expect(november.sanctions).toEqual([
      { month: '2026-11', unit: 'bh-urban', group: 'district', measure: 'interview', basis: 'PDS:28(四)' },
      {
        month: '2026-11',
        unit: 'hf-market',
        group: 'cityDepartments',
        measure: 'interview',
        basis: 'PDS:28(四)',
      },
    ]);
    expect(november.totals.counts).toMatchObject({
      dispatched: 7,
      finished: 7,
      finishedOnTime: 7,
      satisfied: 5,
      dissatisfied: 2,
    });
    expect(november.totals.rates.satisfaction).toBeCloseTo(5 / 7, 10);

    // Prepare: December; a supervisor interviews hf-env by hand (PDS:28(二))
    await month('2026-12-01T09:00:00+08:00', [
      ['ss-urban', true],
      ['bh-urban', true],
      ['bh-urban', false],
      ['hf-housing', true],
      ['hf-market', true],
      ['hf-env', true],
    ]);
    await recordManualSanction(
      { assessment: h.assessment, directory: h.rt.directory, policy: h.rt.policy, now: clock.now },
      { month: '2026-12', unit: 'hf-env', measure: 'interview', basis: 'PDS:28(二)' },
      'supervisor-1',
    );

    // Act
    const december = await closeBySchedule('2027-01-01T00:00:00+08:00', '2026-12');

    // Assess: bh-urban 80 again, its second bulletin in a row → secretary-general interview too
    expect(december.sanctions).toEqual([
      { month: '2026-12', unit: 'bh-urban', group: 'district', measure: 'interview', basis: 'PDS:28(四)' },
      {
        month: '2026-12',
        unit: 'bh-urban',
        group: 'district',
        measure: 'secretaryGeneralInterview',
        basis: 'PDS:28(五)',
      },
      {
        month: '2026-12',
        unit: 'hf-env',
        group: 'cityDepartments',
        measure: 'interview',
        basis: 'PDS:28(二)',
      },
    ]);
    expect(december.totals.counts).toMatchObject({
      dispatched: 6,
      finished: 6,
      satisfied: 5,
      dissatisfied: 1,
    });
    expect(h.monthlyClose.closed.map((c) => c.month)).toEqual(['2026-11', '2026-12']);
    expect(h.monthlyClose.failures).toBe(0);
  }, 300_000);
});
