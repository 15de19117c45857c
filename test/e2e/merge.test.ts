import { describe, expect, inject, it } from 'vitest';
import { staffApi } from './staff-api.ts';

/**
 * 并单 (2025 national guidance on 12345 hotlines), over HTTP against the run's local runtime: one main
 * ticket and one handling clock; every requester keeps their own information and callback.
 */
const CLERK = 'unitClerk@ss-urban';

describe('anhui-2021: a merged pair (并单)', () => {
  const api = () => staffApi(inject('apiUrl'), inject('staffTokens'));

  it('the duplicate is recorded on its main, gets the main result when it is completed, and both requesters are called back', async () => {
    // Prepare: two requesters report the same stall; the centre merges the second into the first
    const ah = api();
    const main = await ah.register({ content: '路口占道经营，影响通行' });
    const duplicate = await ah.register({ content: '十字路口有人摆摊占道' });
    await ah.command(duplicate, 'mergeInto', 'dispatcher', {
      mainTicketId: main,
      reason: '同一路口占道经营',
    });
    await ah.waitFor(main, 'DuplicateRecorded', 1, (e) => e.ticketId === duplicate);
    expect(await ah.ticket(main)).toMatchObject({ duplicates: [duplicate] });

    // Act: the main ticket alone is handled, replied to and approved
    await ah.command(main, 'dispatch', 'dispatcher', { leadUnit: 'ss-urban', level: 'county' });
    await ah.command(main, 'sign', CLERK);
    await ah.command(main, 'recordContact', CLERK, { method: 'phone' });
    await ah.command(main, 'informRequester', CLERK, { summary: '已清理占道摊点' });
    await ah.command(main, 'reply', CLERK, { summary: '已清理占道摊点，并加强巡查' });
    await ah.command(main, 'review', 'dispatcher', { approve: true, note: '答复完整' });

    // Assess: the duplicate has the main ticket's result and its own callback clock
    const [passed] = await ah.waitFor(duplicate, 'MainTicketCompleted');
    expect(passed).toMatchObject({ mainTicketId: main, summary: '已清理占道摊点，并加强巡查' });
    const completed = await ah.ticket(duplicate);
    expect(completed).toMatchObject({
      status: 'completed',
      reply: { summary: '已清理占道摊点，并加强巡查' },
      clocks: { callback: { basis: expect.any(String) } },
    });

    // Act: the duplicate's requester is told the result by the platform (their own information
    // duty), then each requester is called back on their own ticket
    await ah.command(duplicate, 'informRequester', 'callbackAgent', { summary: '已清理占道摊点' });
    await ah.command(main, 'recordCallback', 'callbackAgent', { outcome: 'answered', satisfied: true });
    await ah.command(duplicate, 'recordCallback', 'callbackAgent', { outcome: 'answered', satisfied: false });

    // Assess: one evaluation per ticket (AH:25), each with its own requester's answer (AH:25: a
    // dissatisfied result is worked on again)
    expect(await ah.ticket(main)).toMatchObject({
      status: 'evaluated',
      callback: { satisfaction: 'satisfied' },
    });
    expect(await ah.ticket(duplicate)).toMatchObject({
      status: 'dissatisfied',
      callback: { satisfaction: 'dissatisfied' },
    });
  });

  it('a duplicate merged into a main ticket already completed gets its result at once', async () => {
    // Prepare: a main ticket replied to and approved
    const ah = api();
    const main = await ah.register();
    await ah.command(main, 'dispatch', 'dispatcher', { leadUnit: 'ss-urban', level: 'county' });
    await ah.command(main, 'sign', CLERK);
    await ah.command(main, 'recordContact', CLERK, { method: 'phone' });
    await ah.command(main, 'informRequester', CLERK, { summary: '已处理' });
    await ah.command(main, 'reply', CLERK, { summary: '摊点已取缔' });
    await ah.command(main, 'review', 'dispatcher', { approve: true, note: '答复完整' });
    const late = await ah.register();

    // Act
    await ah.command(late, 'mergeInto', 'dispatcher', { mainTicketId: main, reason: '同一事项，已办结' });

    // Assess
    const [passed] = await ah.waitFor(late, 'MainTicketCompleted');
    expect(passed).toMatchObject({ mainTicketId: main, summary: '摊点已取缔' });
    expect(await ah.ticket(late)).toMatchObject({ status: 'completed' });
  });
});
