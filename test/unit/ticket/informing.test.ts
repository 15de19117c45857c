import { describe, expect, it } from 'vitest';
import { clockTimers } from '../../../functions/domain/ticket/index.ts';
import { agent, clerk, expectRefused, inProgress, type Scenario, system } from './fixtures.ts';

/** An ordinary Monday with no holiday in the following three weeks. */
const NOV_2 = '2026-11-02T10:00:00+08:00';

const ask = (s: Scenario, at: string, length: { workingDays: number }) =>
  s.at(at).run({ action: 'requestExtension', length, reason: '需协调多个部门' }, clerk);
const approve = (s: Scenario, at: string) =>
  s.at(at).run({ action: 'decideExtension', approve: true, note: '同意延期' });

describe('Who tells the requester the result (PDS:13; AH:24; CZ:二(三))', () => {
  it('CZ:二(三) the unit replies without telling the requester: the platform tells them (inform.byPlatform)', () => {
    // Prepare
    const s = inProgress('changzhou-2016', NOV_2);

    // Act / Assess: the unit may not tell, and need not before replying
    expectRefused(
      () => s.run({ action: 'informRequester', summary: '已处理' }, clerk),
      'inform.byPlatform',
      'CZ:二(三)',
    );
    s.run({ action: 'reply', summary: '已处理' }, clerk);
    expect(s.current.status).toBe('replied');
  });

  it('CZ:二(三) after the centre approves the reply, the platform tells the requester, then calls back', () => {
    // Prepare
    const s = inProgress('changzhou-2016', NOV_2);
    s.run({ action: 'reply', summary: '已处理' }, clerk);
    s.run({ action: 'review', approve: true, note: '答复完整' });

    // Act / Assess: the callback waits for the platform's feedback
    expectRefused(
      () => s.run({ action: 'recordCallback', outcome: 'answered', satisfied: true }, agent),
      'callback.resultNotTold',
      'CZ:二(三)',
    );
    s.run({ action: 'informRequester', summary: '您反映的问题已处理' }, agent);
    expect(s.current.requesterInformedAt).toBe(NOV_2);
    s.run({ action: 'recordCallback', outcome: 'answered', satisfied: true }, agent);
    expect(s.current.status).toBe('evaluated');
  });

  it('PDS:13 the unit tells the requester; the centre cannot do it after review (inform.byUnit)', () => {
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    s.run({ action: 'informRequester', summary: '已处理' }, clerk);
    s.run({ action: 'reply', summary: '已处理' }, clerk);
    s.run({ action: 'review', approve: true, note: '答复完整' });
    expectRefused(
      () => s.run({ action: 'informRequester', summary: '再次告知' }, agent),
      'inform.byUnit',
      'PDS:13',
    );
  });
});

describe('The requester told of an extension (PDS:9; JZ:四(三))', () => {
  it('PDS:9 a granted extension starts a window to tell the requester the new deadline and reason', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    ask(s, NOV_2, { workingDays: 3 });

    // Act
    approve(s, '2026-11-03T10:00:00+08:00');

    // Assess
    expect(s.clock('extensionNotice')).toMatchObject({
      startedAt: '2026-11-03T10:00:00+08:00',
      deadline: '2026-11-04T23:59:59+08:00',
      basis: 'PDS:9; window default (AH:15)',
    });
  });

  it('PDS:9 the unit tells the requester and the record keeps the new deadline', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    ask(s, NOV_2, { workingDays: 3 });
    approve(s, '2026-11-03T10:00:00+08:00');

    // Act
    const [told] = s
      .at('2026-11-03T11:00:00+08:00')
      .run({ action: 'informExtension', method: 'phone', note: '已告知延期至11月12日及理由' }, clerk);

    // Assess
    expect(told).toMatchObject({
      type: 'RequesterToldOfExtension',
      deadline: s.clock('handling').deadline,
      late: false,
    });
    expect(s.current.clocks.extensionNotice).toBeUndefined();
    expectRefused(
      () => s.run({ action: 'informExtension', method: 'phone' }, clerk),
      'extension.nothingToTell',
    );
  });

  it('JZ:四(三) a unit that has not told the requester in time is reminded', () => {
    // Prepare: in the window of the last 2 working days, granted on Friday Nov 13
    const s = inProgress('jinzhou-2023', NOV_2);
    ask(s, '2026-11-13T09:00:00+08:00', { workingDays: 5 });
    approve(s, '2026-11-13T10:00:00+08:00');
    const notice = s.clock('extensionNotice');
    const [timer] = clockTimers(s.current, notice.id, s.context());

    // Act
    const events = s.at(timer?.at ?? '').run({ action: 'fireTimer', timerId: timer?.id ?? '' }, system);

    // Assess
    expect(timer).toMatchObject({ kind: 'extensionNoticeMissed', at: '2026-11-17T00:00:00+08:00' });
    expect(events[0]).toMatchObject({ type: 'ReminderSent', reason: 'extensionNotice' });
  });

  it('AH:18 no requester notice is asked where the regulation asks none', () => {
    const s = inProgress('anhui-2021', NOV_2);
    ask(s, NOV_2, { workingDays: 5 });
    approve(s, NOV_2);
    expect(s.current.clocks.extensionNotice).toBeUndefined();
  });

  it('PDS:9 counts granted extensions: after a refusal the one extension is still available', () => {
    // Prepare
    const s = inProgress('pingdingshan-2022', NOV_2, { classId: 'B' });
    ask(s, NOV_2, { workingDays: 3 });
    s.run({ action: 'decideExtension', approve: false, note: '理由不充分' });

    // Act
    ask(s, '2026-11-03T10:00:00+08:00', { workingDays: 3 });
    approve(s, '2026-11-03T11:00:00+08:00');

    // Assess
    expect(s.current.extensions).toEqual({ granted: 1, requested: 2 });
    expectRefused(
      () => ask(s, '2026-11-04T10:00:00+08:00', { workingDays: 1 }),
      'extension.limitReached',
      'PDS:9',
    );
  });
});
