import { describe, expect, it } from 'vitest';
import {
  addCounts,
  contributionsOf,
  type IndicatorCounts,
  rankGroup,
  ratesOf,
  scoreOf,
  shanghaiDay,
  splitUpkeep,
  UPKEEP_INDICATORS,
  upkeepIndicators,
} from '../../../functions/domain/assessment/index.ts';
import { type KnowledgeEvent, UPKEEP_COUNTS, upkeepOf } from '../../../functions/domain/knowledge/index.ts';
import { presetPolicy, validatePolicy } from '../../../functions/domain/policy/index.ts';
import type { Ticket, TicketEvent } from '../../../functions/domain/ticket/index.ts';
import { evolve } from '../../../functions/domain/ticket/index.ts';
import { clerk, completed, dispatched, head, inProgress, type Scenario } from '../ticket/fixtures.ts';

/** Folds a ticket's history into indicator counts per unit and month, as the projection does. */
function countsOf(history: readonly TicketEvent[]): Record<string, IndicatorCounts> {
  let ticket: Ticket | null = null;
  const out: Record<string, IndicatorCounts> = {};
  for (const event of history) {
    for (const c of contributionsOf(ticket, event)) {
      const key = `${c.unit}@${c.month}`;
      out[key] = addCounts(out[key] ?? {}, { [c.indicator]: 1 });
    }
    ticket = evolve(ticket, event);
  }
  return out;
}

const NOV_2 = '2026-11-02T10:00:00+08:00';
const answered = (s: Scenario, at: string, satisfied: boolean) =>
  s.at(at).run({ action: 'recordCallback', outcome: 'answered', satisfied });

describe('Indicators per unit and month (AH:15, 22, 25-27)', () => {
  it('AH:27 a reply within the handling limit counts as finished on time, with contact in the window (AH:15)', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    s.at('2026-11-02T15:00:00+08:00').run({ action: 'recordContact', method: 'phone' }, clerk);
    s.run({ action: 'informRequester', summary: '已修复' }, clerk);
    s.run({ action: 'reply', summary: '已修复' }, clerk);
    s.run({ action: 'review', approve: true, note: '答复完整' });
    answered(s, '2026-11-03T10:00:00+08:00', true);
    // Act
    const counts = countsOf(s.history);
    // Assess
    expect(counts).toEqual({
      'unit-housing@2026-11': {
        dispatched: 1,
        signed: 1,
        contacted: 1,
        contactedInWindow: 1,
        replied: 1,
        finished: 1,
        finishedOnTime: 1,
        satisfied: 1,
      },
    });
  });

  it('AH:27 a reply after the handling deadline is finished but not on time, and counts in the month of the approval', () => {
    const s = inProgress('anhui-2021', '2026-11-27T10:00:00+08:00');
    const deadline = s.clock('handling').deadline;
    const late = new Date(Date.parse(deadline) + 3_600_000).toISOString();
    s.at(late).run({ action: 'informRequester', summary: '已修复' }, clerk);
    s.run({ action: 'reply', summary: '已修复' }, clerk);
    s.run({ action: 'review', approve: true, note: '答复完整' });
    const counts = countsOf(s.history);
    const month = shanghaiDay(late).slice(0, 7);
    expect(month).not.toBe('2026-11');
    expect(counts[`unit-housing@${month}`]).toMatchObject({ finished: 1, replied: 1 });
    expect(counts[`unit-housing@${month}`]?.finishedOnTime).toBeUndefined();
    expect(counts['unit-housing@2026-11']).toMatchObject({ dispatched: 1, signed: 1 });
  });

  it('AH:22 a return refused as improper counts against the unit; an approved one names the unit it came from', () => {
    const refused = dispatched('pingdingshan-2022', NOV_2, { classId: 'B' });
    refused.run({ action: 'requestReturn', reason: '不属职责', legalBasis: '三定方案' }, head);
    refused.run({ action: 'decideReturn', approve: false, note: '属于职责' });
    expect(countsOf(refused.history)['unit-housing@2026-11']).toMatchObject({
      returnsRequested: 1,
      returnsRefused: 1,
    });
    const approved = dispatched('pingdingshan-2022', NOV_2, { classId: 'B' });
    approved.run({ action: 'requestReturn', reason: '不属职责', legalBasis: '三定方案' }, head);
    approved.run({ action: 'decideReturn', approve: true, note: '改派' });
    expect(countsOf(approved.history)['unit-housing@2026-11']).toMatchObject({
      returnsRequested: 1,
      returnsApproved: 1,
    });
  });

  it('AH:25 a matter judged on the law is counted apart and leaves the satisfaction rate', () => {
    const policy = presetPolicy('anhui-2021');
    const category = policy.callback.lawJudgedCategories[0] as string;
    const s = completed(policy, NOV_2, { category });
    answered(s, '2026-11-03T10:00:00+08:00', false);
    const counts = countsOf(s.history)['unit-housing@2026-11'] as IndicatorCounts;
    expect(counts).toMatchObject({ judgedOnLaw: 1 });
    expect(counts.dissatisfied).toBeUndefined();
    expect(ratesOf(counts).satisfaction).toBeNull();
  });

  it('a dissatisfied result and its rework are counted; the reworked reply is not first-pass', () => {
    const s = completed('anhui-2021', NOV_2);
    answered(s, '2026-11-03T10:00:00+08:00', false);
    s.run({ action: 'orderRework', note: '重新办理' });
    const counts = countsOf(s.history)['unit-housing@2026-11'] as IndicatorCounts;
    expect(counts).toMatchObject({ finished: 1, dissatisfied: 1, reworked: 1 });
    expect(ratesOf(counts).firstPass).toBe(0.5);
  });
});

describe('Score (policy assessment)', () => {
  const policy = presetPolicy('pingdingshan-2022').assessment;

  it('is 100 × Σ weight × rate ÷ Σ weight over the rates that have something to measure', () => {
    // Prepare: 4 finished, 3 on time; 5 rated, 4 satisfied or deemed; contact 1 of 2; no returns refused
    const counts: IndicatorCounts = {
      dispatched: 4,
      finished: 4,
      finishedOnTime: 3,
      satisfied: 3,
      deemedSatisfied: 1,
      dissatisfied: 1,
      contactedInWindow: 1,
      contactMissed: 1,
    };
    // Act
    const { score, rates } = scoreOf(counts, policy);
    // Assess: (40×0.75 + 40×0.8 + 10×0.5 + 5×1 + 5×1) / 100 × 100 = 77
    expect(rates).toEqual({
      onTime: 0.75,
      satisfaction: 0.8,
      contact: 0.5,
      firstPass: 1,
      properReturns: 1,
      knowledgeUpkeep: null,
    });
    expect(score).toBe(77);
  });

  it('knowledge upkeep: duties kept on time over those kept and those let lapse, weighed with the rest (AH:26)', () => {
    // Prepare: the counts above, and in the month 3 entries reviewed on time, 1 gone stale, 1 reviewed
    // late (after going stale: not counted again), 2 corrections answered (1 of them late), 1 overdue;
    // added and updated entries are shown, not scored
    const counts: IndicatorCounts = {
      dispatched: 4,
      finished: 4,
      finishedOnTime: 3,
      satisfied: 3,
      deemedSatisfied: 1,
      dissatisfied: 1,
      contactedInWindow: 1,
      contactMissed: 1,
      knowledgeAdded: 7,
      knowledgeUpdated: 2,
      knowledgeReviewedOnTime: 3,
      knowledgeStale: 1,
      knowledgeReviewedLate: 1,
      knowledgeCorrectionsAnswered: 2,
      knowledgeCorrectionsAnsweredLate: 1,
      knowledgeCorrectionsOverdue: 1,
    };
    // Act
    const { score, rates } = scoreOf(counts, policy);
    // Assess: kept 3 + (2 − 1) = 4, lapsed 1 + 1 = 2 → 4/6; score (77 + 5 × 4/6) / 105 × 100
    expect(rates.knowledgeUpkeep).toBeCloseTo(4 / 6, 10);
    expect(policy.weights.knowledgeUpkeep).toBe(5);
    expect(score).toBe(Math.round((10_000 * (77 + (5 * 4) / 6)) / 105) / 100);
    expect(score).toBe(76.51);
    // A unit whose knowledge base had nothing due keeps the score of its tickets alone
    expect(
      scoreOf(
        {
          ...counts,
          knowledgeReviewedOnTime: 0,
          knowledgeStale: 0,
          knowledgeReviewedLate: 0,
          knowledgeCorrectionsAnswered: 0,
          knowledgeCorrectionsAnsweredLate: 0,
          knowledgeCorrectionsOverdue: 0,
        },
        policy,
      ).score,
    ).toBe(77);
  });

  it('an operator who weighs knowledge upkeep 0 leaves it out of the score', () => {
    const counts: IndicatorCounts = { finished: 2, finishedOnTime: 2, knowledgeStale: 3 };
    const weights = { ...policy.weights, knowledgeUpkeep: 0 };
    expect(scoreOf(counts, { ...policy, weights }).score).toBe(100);
    // on time 1 (w 40), first pass 1 (w 5), upkeep 0 of 3 (w 5); no dispatch, so no proper returns
    expect(scoreOf(counts, policy).score).toBe(90);
  });

  it('leaves out a rate with nothing to measure, and its weight', () => {
    // on time 1 of 2 (w 40), first pass 1 (w 5), proper returns 1 (w 5): (20 + 5 + 5) / 50
    expect(scoreOf({ dispatched: 2, finished: 2, finishedOnTime: 1 }, policy).score).toBe(60);
  });

  it('a unit with nothing finished or rated has no score and is not ranked', () => {
    expect(scoreOf({ dispatched: 3 }, policy).score).toBeNull();
    expect(rankGroup({ a: 90, b: null, c: 95, d: 90 })).toEqual([
      { unit: 'c', score: 95, rank: 1 },
      { unit: 'a', score: 90, rank: 2 },
      { unit: 'd', score: 90, rank: 2 },
    ]);
  });

  it('weights are validated: negative weights and all-zero weights are refused', () => {
    const p = structuredClone(presetPolicy('pingdingshan-2022')) as Record<string, unknown>;
    p.assessment = {
      ...policy,
      weights: {
        onTime: -1,
        satisfaction: 0,
        contact: 0,
        firstPass: 0,
        properReturns: 0,
        knowledgeUpkeep: -2,
      },
    };
    const result = validatePolicy(p);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'assessment.weights.onTime',
        'assessment.weights.knowledgeUpkeep',
        'assessment.weights',
      ]),
    );
  });

  it('a policy without a knowledge-upkeep weight is refused, naming the field', () => {
    const p = structuredClone(presetPolicy('anhui-2021')) as Record<string, unknown>;
    const { knowledgeUpkeep: _left, ...weights } = presetPolicy('anhui-2021').assessment.weights;
    p.assessment = { ...presetPolicy('anhui-2021').assessment, weights };
    const result = validatePolicy(p);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(['assessment.weights.knowledgeUpkeep']);
  });

  it('every preset declares its weights and its basis', () => {
    for (const id of ['anhui-2021', 'pingdingshan-2022', 'changzhou-2016', 'tianning-2013', 'jinzhou-2023']) {
      const a = presetPolicy(id).assessment;
      // The ticket rates share 100; knowledge upkeep adds 5 (the score divides by the weights measured)
      expect(a.weights).toEqual({
        onTime: 40,
        satisfaction: 40,
        contact: 10,
        firstPass: 5,
        properReturns: 5,
        knowledgeUpkeep: 5,
      });
      expect(a.basis).toMatch(/default weights/);
    }
  });
});

describe('Indicators: every counted event type (AH:18, 20, 22; PDS:18)', () => {
  it('counts each event type toward the lead unit the ticket was with, in its Shanghai month', () => {
    // Prepare: a ticket with unit-housing, and one event of each counted kind late on 31 Dec (UTC: still 31 Dec)
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    const before = s.current;
    const base = { by: { id: 'x', role: 'system' }, policy: before.policy, at: '2026-12-31T23:30:00+08:00' };
    const events = [
      { ...base, type: 'ContactWindowMissed', clockId: 'c', deadline: base.at },
      { ...base, type: 'ExtensionRequested', length: { workingDays: 5 }, reason: 'r' },
      { ...base, type: 'ExtensionApproved', note: 'n', length: { workingDays: 5 }, clocks: [] },
      { ...base, type: 'ExtensionRefused', note: 'n' },
      { ...base, type: 'TicketOverdue', clockId: 'c', deadline: base.at },
      { ...base, type: 'ReplySentBack', note: 'n', clocks: [] },
      { ...base, type: 'SatisfactionRecorded', satisfaction: 'deemedSatisfied', judgedOnLaw: false },
      { ...base, type: 'SatisfactionRecorded', satisfaction: 'unreachable', judgedOnLaw: false },
      { ...base, type: 'AssessmentRecorded', finding: 'unitUpheld', assessor: 'a', note: 'n' },
      { ...base, type: 'AssessmentRecorded', finding: 'requesterUpheld', assessor: 'a', note: 'n' },
      { ...base, type: 'SupervisionOpened', reason: 'higherLevel', note: 'n' },
      { ...base, type: 'SupervisionOpened', reason: 'overdue', note: 'n' },
      { ...base, type: 'Escalated', level: 'centreLeader', clockId: 'c' },
      {
        ...base,
        type: 'TicketRedispatched',
        fromUnit: 'unit-housing',
        toUnit: 'unit-roads',
        level: 'county',
        reason: 'r',
        clocks: [],
      },
      { ...base, type: 'ReminderSent', clockId: 'c', deadline: base.at },
    ] as unknown as TicketEvent[];
    // Act
    const all = events.flatMap((e) => contributionsOf(before, e));
    // Assess
    expect(new Set(all.map((c) => c.month))).toEqual(new Set(['2026-12']));
    const count = (unit: string) =>
      all
        .filter((c) => c.unit === unit)
        .reduce<IndicatorCounts>((n, c) => addCounts(n, { [c.indicator]: 1 }), {});
    expect(count('unit-housing')).toEqual({
      contactMissed: 1,
      extensionsRequested: 1,
      extensionsGranted: 1,
      extensionsRefused: 1,
      overdue: 1,
      sentBack: 1,
      deemedSatisfied: 1,
      unreachable: 1,
      thirdPartyUnitUpheld: 1,
      thirdPartyRequesterUpheld: 1,
      supervised: 2,
      leaderInstructed: 1,
      escalated: 1,
    });
    expect(count('unit-roads')).toEqual({ dispatched: 1 });
  });

  it('an event on a ticket with no unit yet adds nothing', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    const registered = { ...s.current, assignment: undefined };
    const event = {
      ...s.history[0],
      type: 'TicketOverdue',
      clockId: 'c',
      deadline: NOV_2,
    } as unknown as TicketEvent;
    expect(contributionsOf(registered, event)).toEqual([]);
    expect(contributionsOf(null, s.history[0] as TicketEvent)).toEqual([]);
  });
});

describe('Knowledge-base upkeep as indicators (AH:26; CZ:二(六))', () => {
  it("every upkeep count has its indicator, and a unit's counts split back into both items", () => {
    // Prepare
    const counts = Object.fromEntries(UPKEEP_COUNTS.map((c, i) => [c, i + 1]));
    // Act
    const indicators = upkeepIndicators(counts);
    const split = splitUpkeep({ ...indicators, finished: 4, overdue: 1 });
    // Assess
    expect(Object.keys(UPKEEP_INDICATORS).sort()).toEqual([...UPKEEP_COUNTS].sort());
    expect(indicators).toMatchObject({
      knowledgeAdded: 1,
      knowledgeCorrectionsOverdue: 9,
      knowledgeRetired: 10,
    });
    expect(split).toEqual({ tickets: { finished: 4, overdue: 1 }, upkeep: counts });
    expect(upkeepIndicators({ added: 0, stale: 2 })).toEqual({ knowledgeStale: 2 });
  });

  it('a late review after the entry went stale is one lapse, not two', () => {
    // Prepare: the timer marks the entry stale, then the unit reviews it late
    const base = { entryId: 'kb-1', unitId: 'u', by: { id: 'c', role: 'unitClerk' as const } };
    const events: KnowledgeEvent[] = [
      {
        ...base,
        type: 'EntryMarkedStale',
        at: '2026-11-02T01:00:00+08:00',
        version: 1,
        reviewBy: '2026-11-01',
      },
      {
        ...base,
        type: 'EntryReviewed',
        at: '2026-11-05T10:00:00+08:00',
        version: 1,
        reviewBy: '2027-11-01',
        onTime: false,
      },
    ];
    // Act
    const counts = upkeepIndicators(
      Object.fromEntries(
        UPKEEP_COUNTS.map((c) => [c, events.flatMap(upkeepOf).filter((x) => x === c).length]),
      ),
    );
    // Assess
    expect(counts).toEqual({ knowledgeStale: 1, knowledgeReviewedLate: 1 });
    expect(ratesOf(counts).knowledgeUpkeep).toBe(0);
  });
});
