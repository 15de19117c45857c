import { describe, expect, it } from 'vitest';
import { TicketNotFoundError } from '../../../functions/app/errors.ts';
import { runTimerTask } from '../../../functions/app/timers.ts';
import { memoryContext } from '../../support/memory-ports.ts';

describe('Function: runTimerTask', () => {
  it('a timer of a ticket that does not exist fails with TicketNotFoundError, which knows no HTTP', async () => {
    // Prepare
    const ctx = memoryContext();
    const input = {
      ticketId: 'no-such-ticket',
      clockIds: ['handling-v2'],
      purpose: 'clock',
      timer: { id: 'handling-v2:overdue', at: '2026-11-16T16:00:00.000Z' },
    };

    // Act
    const failure = await runTimerTask(ctx, input).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(TicketNotFoundError);
    expect(failure).toMatchObject({ ticketId: 'no-such-ticket', message: 'no ticket no-such-ticket' });
    expect(failure).not.toHaveProperty('status');
    expect(ctx.tickets.calls).toEqual(['load']);
  });
});
