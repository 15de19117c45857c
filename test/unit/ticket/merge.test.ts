import { describe, expect, it } from 'vitest';
import {
  agent,
  clerk,
  completed,
  expectRefused,
  inProgress,
  registered,
  system,
  typesOf,
} from './fixtures.ts';

/** An ordinary Monday with no holiday in the following three weeks. */
const NOV_2 = '2026-11-02T10:00:00+08:00';
const GUIDANCE = '并单';

describe('Merging duplicates (并单, national guidance of 2025 on 12345 hotlines)', () => {
  it('并单 a duplicate goes into the main ticket: its clocks stop, one handling clock runs on the main', () => {
    // Prepare
    const main = inProgress('anhui-2021', NOV_2);
    const duplicate = inProgress('anhui-2021', NOV_2);

    // Act
    duplicate.run({ action: 'mergeInto', mainTicketId: 'T-main', reason: '同一路段占道经营' });
    main.run({ action: 'recordDuplicate', ticketId: 'T-dup', merged: true });

    // Assess
    expect(duplicate.current).toMatchObject({ status: 'merged', mergedInto: 'T-main', clocks: {} });
    expect(duplicate.current.requester.phone).toBeDefined();
    expect(main.current.duplicates).toEqual(['T-dup']);
    expect(Object.keys(main.current.clocks)).toContain('handling');
  });

  it('并单 the main completed, the duplicate is told by the platform and has its own callback', () => {
    // Prepare
    const duplicate = registered('anhui-2021', NOV_2);
    duplicate.run({ action: 'mergeInto', mainTicketId: 'T-main', reason: '同一事项' });

    // Act
    const events = duplicate.run({ action: 'mainCompleted', summary: '摊点已清理' }, system);

    // Assess: its own callback waits until the platform has told this requester
    expect(typesOf(events)).toEqual(['MainTicketCompleted']);
    expect(duplicate.current.status).toBe('completed');
    expect(duplicate.clock('callback').basis).toBe('AH:25; numbers from PDS:16-17');
    expectRefused(
      () => duplicate.run({ action: 'recordCallback', outcome: 'answered', satisfied: true }, agent),
      'callback.resultNotTold',
    );
    duplicate.run({ action: 'informRequester', summary: '您反映的摊点已清理' }, agent);
    duplicate.run({ action: 'recordCallback', outcome: 'answered', satisfied: false }, agent);
    expect(duplicate.current.callback.satisfaction).toBe('dissatisfied');
  });

  it('并单 the main ticket keeps its own requester and callback', () => {
    const main = completed('anhui-2021', NOV_2);
    main.run({ action: 'recordDuplicate', ticketId: 'T-dup', merged: true });
    main.run({ action: 'recordCallback', outcome: 'answered', satisfied: true }, agent);
    expect(main.current.callback.satisfaction).toBe('satisfied');
  });

  it('并单 a merge made by mistake is undone: the ticket is received again and the main forgets it', () => {
    // Prepare
    const duplicate = registered('anhui-2021', NOV_2);
    const main = registered('anhui-2021', NOV_2);
    duplicate.run({ action: 'mergeInto', mainTicketId: 'T-main', reason: '误判为同一事项' });
    main.run({ action: 'recordDuplicate', ticketId: 'T-dup', merged: true });

    // Act
    duplicate.run({ action: 'unmerge', reason: '并非同一事项' });
    main.run({ action: 'recordDuplicate', ticketId: 'T-dup', merged: false });

    // Assess
    expect(duplicate.current).toMatchObject({ status: 'received', mergedInto: undefined });
    expect(main.current.duplicates).toEqual([]);
    duplicate.run({ action: 'dispatch', leadUnit: 'unit-housing', level: 'county' });
    expect(duplicate.current.status).toBe('dispatched');
  });

  it('并单 refuses a ticket merged into itself, a main with duplicates merged away, a duplicate recorded twice', () => {
    const t = registered('anhui-2021', NOV_2);
    expectRefused(
      () => t.run({ action: 'mergeInto', mainTicketId: 'T-1', reason: 'x' }),
      'merge.intoItself',
      GUIDANCE,
    );
    t.run({ action: 'recordDuplicate', ticketId: 'T-2', merged: true });
    expectRefused(
      () => t.run({ action: 'recordDuplicate', ticketId: 'T-2', merged: true }),
      'merge.unchanged',
    );
    expectRefused(
      () => t.run({ action: 'mergeInto', mainTicketId: 'T-9', reason: 'x' }),
      'merge.isMain',
      GUIDANCE,
    );
    const dup = registered('anhui-2021', NOV_2);
    dup.run({ action: 'mergeInto', mainTicketId: 'T-9', reason: 'x' });
    expectRefused(
      () => dup.run({ action: 'recordDuplicate', ticketId: 'T-3', merged: true }),
      'recordDuplicate.wrongStatus',
    );
    expectRefused(() => dup.run({ action: 'sign' }, clerk), 'sign.wrongStatus');
  });
});
