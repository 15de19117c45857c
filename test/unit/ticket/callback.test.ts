import { describe, expect, it } from 'vitest';
import {
  clerk,
  completed,
  expectRefused,
  inProgress,
  registered,
  replied,
  type Scenario,
  typesOf,
} from './fixtures.ts';

/** An ordinary Monday with no holiday in the following three weeks. */
const NOV_2 = '2026-11-02T10:00:00+08:00';

const unanswered = (s: Scenario, at: string) =>
  s.at(at).run({ action: 'recordCallback', outcome: 'unanswered' });
const answered = (s: Scenario, at: string, satisfied: boolean) =>
  s.at(at).run({ action: 'recordCallback', outcome: 'answered', satisfied });

/** Completed, then the requester answers the callback dissatisfied. */
function dissatisfied(policy: string, opts: { classId?: string; category?: string } = {}): Scenario {
  const s = completed(policy, NOV_2, opts);
  answered(s, '2026-11-03T10:00:00+08:00', false);
  return s;
}

describe('Callback window (PDS:16; TN:5(8))', () => {
  it("PDS:16 the centre calls back within 2 working days of the unit's reply", () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    expect(s.clock('callback')).toMatchObject({
      startedAt: NOV_2,
      deadline: '2026-11-04T23:59:59+08:00',
      basis: 'PDS:16-18',
    });
  });

  it('PDS:16 the 2 working days skip the National Day holiday', () => {
    const s = completed('pingdingshan-2022', '2026-09-30T15:00:00+08:00', { classId: 'B' });
    expect(s.clock('callback').deadline).toBe('2026-10-09T23:59:59+08:00');
  });

  it("PDS:16 the window runs from the unit's reply, even when the centre approves it later", () => {
    // Prepare: the unit replies on Monday; the centre approves on Thursday
    const s = replied('pingdingshan-2022', NOV_2, { classId: 'B' });
    // Act
    s.at('2026-11-05T10:00:00+08:00').run({ action: 'review', approve: true, note: '答复完整' });
    // Assess
    expect(s.clock('callback')).toMatchObject({ startedAt: NOV_2, deadline: '2026-11-04T23:59:59+08:00' });
  });

  it('TN:5(8) Tianning calls back on the same numbers', () => {
    const s = completed('tianning-2013', NOV_2);
    expect(s.clock('callback')).toMatchObject({
      deadline: '2026-11-04T23:59:59+08:00',
      basis: expect.stringContaining('TN:5(8)'),
    });
  });

  it('PDS:16 an answered callback records whether the requester is satisfied (callback.satisfactionMissing)', () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(
      () => s.run({ action: 'recordCallback', outcome: 'answered' }),
      'callback.satisfactionMissing',
      'PDS:16',
    );
    expect(s.current.callback.attempts).toEqual([]);
  });

  it('PDS:16 a satisfied requester makes the result final', () => {
    // Act
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    const events = answered(s, '2026-11-03T10:00:00+08:00', true);

    // Assess
    expect(events).toMatchObject([
      { type: 'CallbackAttempted', attempt: 1, outcome: 'answered' },
      { type: 'SatisfactionRecorded', satisfaction: 'satisfied', judgedOnLaw: false },
    ]);
    expect(s.current.status).toBe('evaluated');
    expect(s.current.callback.satisfaction).toBe('satisfied');
    expect(s.current.clocks.callback).toBeUndefined();
  });

  it('PDS:16 the callback comes after the unit finishes (recordCallback.wrongStatus)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(() => unanswered(s, NOV_2), 'recordCallback.wrongStatus');
  });
});

describe('Callback attempts (PDS:17)', () => {
  it('PDS:17 one unanswered callback records no result yet', () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    const events = unanswered(s, '2026-11-03T10:00:00+08:00');
    expect(typesOf(events)).toEqual(['CallbackAttempted']);
    expect(s.current.status).toBe('completed');
    expect(s.current.callback.attempts).toEqual([{ at: '2026-11-03T10:00:00+08:00', outcome: 'unanswered' }]);
    expect(s.current.callback.satisfaction).toBeUndefined();
  });

  it('PDS:17 refuses a second callback attempt within 3 hours (callback.tooSoon)', () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    unanswered(s, '2026-11-03T10:00:00+08:00');
    expectRefused(() => unanswered(s, '2026-11-03T12:59:59+08:00'), 'callback.tooSoon', 'PDS:17');
    expect(s.current.callback.attempts).toHaveLength(1);
  });

  it('PDS:17 allows the second attempt exactly 3 hours later', () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    unanswered(s, '2026-11-03T10:00:00+08:00');
    const events = unanswered(s, '2026-11-03T13:00:00+08:00');
    expect(events[0]).toMatchObject({
      type: 'CallbackAttempted',
      attempt: 2,
      at: '2026-11-03T13:00:00+08:00',
    });
  });

  it('PDS:17 two unanswered callbacks record deemed satisfied', () => {
    // Prepare
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    unanswered(s, '2026-11-03T10:00:00+08:00');

    // Act
    const events = unanswered(s, '2026-11-03T15:00:00+08:00');

    // Assess
    expect(events).toMatchObject([
      { type: 'CallbackAttempted', attempt: 2, outcome: 'unanswered' },
      { type: 'SatisfactionRecorded', satisfaction: 'deemedSatisfied' },
    ]);
    expect(s.current.status).toBe('evaluated');
    expect(s.current.callback.satisfaction).toBe('deemedSatisfied');
  });

  it('PDS:17 a requester who answers the second call gives the result', () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    unanswered(s, '2026-11-03T10:00:00+08:00');
    answered(s, '2026-11-03T16:00:00+08:00', false);
    expect(s.current.status).toBe('dissatisfied');
    expect(s.current.callback.satisfaction).toBe('dissatisfied');
  });

  it('PDS:17 Anhui applies the same two calls 3 hours apart', () => {
    const s = completed('anhui-2021', NOV_2);
    unanswered(s, '2026-11-03T10:00:00+08:00');
    expectRefused(() => unanswered(s, '2026-11-03T12:00:00+08:00'), 'callback.tooSoon');
    unanswered(s, '2026-11-03T13:00:00+08:00');
    expect(s.current.callback.satisfaction).toBe('deemedSatisfied');
  });

  it('AH:25 one evaluation per ticket: no callback after the result (callback.alreadyEvaluated)', () => {
    const s = completed('anhui-2021', NOV_2);
    answered(s, '2026-11-03T10:00:00+08:00', true);
    expectRefused(
      () => answered(s, '2026-11-03T14:00:00+08:00', false),
      'callback.alreadyEvaluated',
      'AH:25',
    );
    expect(s.current.callback.satisfaction).toBe('satisfied');
  });

  it('AH:25 a dissatisfied result is not called back again before rework (callback.alreadyEvaluated)', () => {
    const s = dissatisfied('anhui-2021');
    expectRefused(() => answered(s, '2026-11-03T14:00:00+08:00', true), 'callback.alreadyEvaluated', 'AH:25');
  });
});

describe('Dissatisfied results (AH:25)', () => {
  it('AH:25 a dissatisfied requester sends the ticket back to the unit on a fresh clock', () => {
    // Prepare
    const s = dissatisfied('anhui-2021');
    expect(s.current.status).toBe('dissatisfied');

    // Act
    const [event] = s
      .at('2026-11-04T10:00:00+08:00')
      .run({ action: 'orderRework', note: '群众不满意,重新办理' });

    // Assess
    expect(event).toMatchObject({ type: 'ReworkOrdered', clocks: [{ kind: 'handling' }] });
    expect(s.current).toMatchObject({ status: 'inProgress', reworkCount: 1, reply: undefined });
    expect(s.current.callback.attempts).toEqual([]);
    expect(s.clock('handling')).toMatchObject({
      startedAt: '2026-11-04T10:00:00+08:00',
      deadline: '2026-11-18T23:59:59+08:00',
    });
    expect(s.current.clocks.callback).toBeUndefined();
  });

  it('AH:25 after rework the requester is called back again', () => {
    // Prepare
    const s = dissatisfied('anhui-2021');
    s.at('2026-11-04T10:00:00+08:00').run({ action: 'orderRework', note: '重新办理' });
    s.at('2026-11-06T10:00:00+08:00').run({ action: 'informRequester', summary: '已整改' }, clerk);
    s.run({ action: 'reply', summary: '已整改' }, clerk);
    s.run({ action: 'review', approve: true, note: '整改到位' });

    // Act
    answered(s, '2026-11-09T10:00:00+08:00', true);

    // Assess
    expect(s.current.status).toBe('evaluated');
    expect(s.events('SatisfactionRecorded').map((e) => e.satisfaction)).toEqual([
      'dissatisfied',
      'satisfied',
    ]);
  });

  it('AH:25 mediation is judged on the law: a dissatisfied result is final', () => {
    const s = dissatisfied('anhui-2021', { category: 'mediation' });
    expect(s.events('SatisfactionRecorded')).toMatchObject([
      { satisfaction: 'dissatisfied', judgedOnLaw: true },
    ]);
    expect(s.current.status).toBe('evaluated');
    expect(s.current.callback.judgedOnLaw).toBe(true);
  });

  it('AH:25 law-enforcement cases are judged on the law too', () => {
    const s = dissatisfied('anhui-2021', { category: 'lawEnforcement' });
    expect(s.current.status).toBe('evaluated');
  });

  it('AH:25 Pingdingshan lists no law-judged category: mediation follows satisfaction', () => {
    const s = dissatisfied('pingdingshan-2022', { classId: 'B', category: 'mediation' });
    expect(s.current.status).toBe('dissatisfied');
    expect(s.current.callback.judgedOnLaw).toBe(false);
  });

  it('AH:25 a ticket answered on the spot has no unit to rework it (rework.noUnit)', () => {
    const s = registered('anhui-2021', NOV_2, { type: 'consultation' });
    s.run({
      action: 'answerOnSpot',
      answer: '请携带身份证办理',
      method: 'knowledgeBase',
      citations: [{ entryId: 'kb-1', version: 1 }],
    });
    answered(s, '2026-11-03T10:00:00+08:00', false);
    expectRefused(() => s.run({ action: 'orderRework', note: '不满意' }), 'rework.noUnit');
  });

  it('AH:25 rework is ordered only on a dissatisfied result (orderRework.wrongStatus)', () => {
    const s = completed('anhui-2021', NOV_2);
    expectRefused(() => s.run({ action: 'orderRework', note: 'x' }), 'orderRework.wrongStatus');
  });
});

describe('Third-party assessment (PDS:18)', () => {
  it('PDS:18 a disagreement the centre could not mediate goes to a third-party assessment', () => {
    const s = dissatisfied('pingdingshan-2022', { classId: 'B' });
    const events = s.run({ action: 'referToAssessment', mediationNote: '协调后双方仍有分歧' });
    expect(events).toMatchObject([{ type: 'AssessmentRequested', mediationNote: '协调后双方仍有分歧' }]);
    expect(s.current.status).toBe('underAssessment');
  });

  it('PDS:18 an assessment upholding the unit makes the result final', () => {
    // Prepare
    const s = dissatisfied('pingdingshan-2022', { classId: 'B' });
    s.run({ action: 'referToAssessment', mediationNote: '协调未果' });

    // Act
    s.run({
      action: 'recordAssessment',
      finding: 'unitUpheld',
      assessor: '某评估机构',
      note: '办理符合规定',
    });

    // Assess
    expect(s.current.status).toBe('evaluated');
    expect(s.events('AssessmentRecorded')).toMatchObject([{ finding: 'unitUpheld', assessor: '某评估机构' }]);
  });

  it('PDS:18 an assessment upholding the requester sends the ticket back for rework', () => {
    // Prepare
    const s = dissatisfied('pingdingshan-2022', { classId: 'B' });
    s.run({ action: 'referToAssessment', mediationNote: '协调未果' });

    // Act
    const events = s.at('2026-11-10T10:00:00+08:00').run({
      action: 'recordAssessment',
      finding: 'requesterUpheld',
      assessor: '某评估机构',
      note: '应重新办理',
    });

    // Assess
    expect(typesOf(events)).toEqual(['AssessmentRecorded', 'ReworkOrdered']);
    expect(s.current.status).toBe('inProgress');
    expect(s.clock('handling')).toMatchObject({
      startedAt: '2026-11-10T10:00:00+08:00',
      deadline: '2026-11-17T23:59:59+08:00',
    });
  });

  it('PDS:18 Anhui has no third-party assessment (assessment.notAvailable)', () => {
    const s = dissatisfied('anhui-2021');
    expectRefused(
      () => s.run({ action: 'referToAssessment', mediationNote: '协调未果' }),
      'assessment.notAvailable',
      'PDS:18',
    );
    expect(s.current.status).toBe('dissatisfied');
  });

  it('PDS:18 only a dissatisfied result is referred (referToAssessment.wrongStatus)', () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    expectRefused(
      () => s.run({ action: 'referToAssessment', mediationNote: 'x' }),
      'referToAssessment.wrongStatus',
    );
  });
});
