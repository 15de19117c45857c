import { describe, expect, it } from 'vitest';
import { evolve, replay, type TicketEvent } from '../../../functions/domain/ticket/index.ts';
import { agent, clerk, completed, expectRefused, inProgress, registered, type Scenario } from './fixtures.ts';

/** An ordinary Monday with no holiday in the following three weeks. */
const NOV_2 = '2026-11-02T10:00:00+08:00';

const satisfied = (s: Scenario) =>
  s.at('2026-11-03T10:00:00+08:00').run({ action: 'recordCallback', outcome: 'answered', satisfied: true });

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('Archiving (TN:5(9); TN:15)', () => {
  it('TN:5(9) archives an evaluated ticket', () => {
    const s = completed('pingdingshan-2022', NOV_2, { classId: 'B' });
    satisfied(s);
    s.at('2026-11-04T10:00:00+08:00').run({ action: 'archive' });
    expect(s.current.status).toBe('archived');
    expect(s.current.clocks).toEqual({});
  });

  it('TN:5(9) archives a refused ticket', () => {
    const s = registered('tianning-2013', NOV_2);
    s.run({ action: 'refuse', ground: 'alreadyHandled', explanation: '已由区城管局办结' });
    s.run({ action: 'archive' });
    expect(s.current.status).toBe('archived');
  });

  it('TN:15 refuses to archive while a supervision is open (archive.supervisionOpen)', () => {
    // Prepare: supervised for media exposure, then evaluated
    const s = inProgress('anhui-2021', NOV_2);
    s.run({ action: 'openSupervision', reason: 'media', note: '晚报曝光' });
    s.run({ action: 'informRequester', summary: '已修复' }, clerk);
    s.run({ action: 'reply', summary: '已修复' }, clerk);
    s.run({ action: 'review', approve: true, note: '答复完整' });
    satisfied(s);

    // Act / Assess
    expectRefused(() => s.run({ action: 'archive' }), 'archive.supervisionOpen');
    s.run({ action: 'closeSupervision', reason: 'media', note: '已回应媒体' });
    s.run({ action: 'archive' });
    expect(s.current.status).toBe('archived');
  });

  it('TN:5(9) refuses to archive a ticket still being handled (archive.wrongStatus)', () => {
    const s = inProgress('tianning-2013', NOV_2);
    expectRefused(() => s.run({ action: 'archive' }), 'archive.wrongStatus');
  });

  it('TN:15 an archived ticket takes no more commands (reopen.wrongStatus)', () => {
    const s = registered('tianning-2013', NOV_2);
    s.run({ action: 'refuse', ground: 'tooVague', explanation: '内容不具体' });
    s.run({ action: 'archive' });
    expectRefused(() => s.run({ action: 'reopen', reason: '补充材料' }), 'reopen.wrongStatus');
    expectRefused(
      () => s.run({ action: 'openSupervision', reason: 'media', note: 'x' }),
      'openSupervision.wrongStatus',
    );
  });
});

describe('Reopening', () => {
  it('AH:10 a refused ticket reopened with new facts is received again without its refusal', () => {
    const s = registered('anhui-2021', NOV_2);
    s.run({ action: 'refuse', ground: 'tooVague', explanation: '内容不具体' });
    s.run({ action: 'reopen', reason: '诉求人补充了地址' });
    expect(s.current.status).toBe('received');
    expect(s.current.refusal).toBeUndefined();
    expect(s.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county' })).toHaveLength(1);
  });

  it('AH:25 an evaluated ticket reopened starts over with no clocks, extensions or callbacks', () => {
    // Prepare
    const s = inProgress('anhui-2021', NOV_2);
    s.run({ action: 'requestExtension', length: { workingDays: 2 }, reason: '需协调' }, clerk);
    s.run({ action: 'decideExtension', approve: true, note: '同意' });
    s.run({ action: 'informRequester', summary: '已修复' }, clerk);
    s.run({ action: 'reply', summary: '已修复' }, clerk);
    s.run({ action: 'review', approve: true, note: '答复完整' });
    satisfied(s);

    // Act
    s.run({ action: 'reopen', reason: '问题复发' });

    // Assess
    expect(s.current).toMatchObject({
      status: 'received',
      clocks: {},
      assignment: undefined,
      extensions: { granted: 0 },
      callback: { attempts: [], judgedOnLaw: false },
    });
  });
});

describe('The record of every action (AH:22; TN:21)', () => {
  it('TN:21 every event of a full lifecycle says who, when and under which policy; replay rebuilds the ticket', () => {
    // Prepare / Act
    const s = completed('anhui-2021', NOV_2);
    satisfied(s);

    // Assess
    expect(s.history.map((e) => e.type)).toEqual([
      'TicketRegistered',
      'TicketDispatched',
      'TicketSigned',
      'RequesterInformed',
      'UnitReplied',
      'ReplyApproved',
      'CallbackAttempted',
      'SatisfactionRecorded',
    ]);
    for (const e of s.history) {
      expect(e.policy).toEqual({ id: 'anhui-2021', version: 3 });
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      expect(e.by.id).toBeTruthy();
    }
    expect(s.events('TicketSigned')[0]?.by).toEqual(clerk);
    expect(s.events('ReplyApproved')[0]?.by).toEqual(agent);
    expect(s.current.version).toBe(s.history.length);
    expect(replay(s.history)).toEqual(s.current);
  });

  it('AH:22 evolving never rewrites a past ticket or event', () => {
    // Prepare: a frozen history and the ticket before the extension
    const s = inProgress('anhui-2021', NOV_2);
    s.at('2026-11-10T10:00:00+08:00').run(
      { action: 'requestExtension', length: { workingDays: 5 }, reason: '需协调' },
      clerk,
    );
    const before = deepFreeze(structuredClone(s.current));
    const history: TicketEvent[] = deepFreeze(structuredClone(s.history));
    const [approved] = s.run({ action: 'decideExtension', approve: true, note: '同意' });
    if (!approved) throw new Error('no event');

    // Act: replaying onto frozen objects throws if anything is mutated in place
    const after = evolve(replay(history), deepFreeze(structuredClone(approved)));

    // Assess
    expect(after.clocks.handling?.deadline).toBe('2026-11-23T23:59:59+08:00');
    expect(before.clocks.handling?.deadline).toBe('2026-11-16T23:59:59+08:00');
    expect(evolve(before, approved).version).toBe(before.version + 1);
  });
});
