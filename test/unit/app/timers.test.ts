import { describe, expect, it } from 'vitest';
import { TicketNotFoundError } from '../../../functions/app/errors.ts';
import { runTimerTask } from '../../../functions/app/timers.ts';
import { z } from '../../../functions/domain/zod.ts';
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

  it("takes a callback retry's timer from its execution's end, as the default bus delivers it", async () => {
    // Prepare: Step Functions' event of a callback retry that waited out its gap
    const ctx = memoryContext();
    const ended = (output: string) => ({
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      detail: { status: 'SUCCEEDED', output },
    });
    const run = {
      ticketId: 'no-such-ticket',
      clockIds: ['callback-v7'],
      purpose: 'callbackRetry',
      next: {
        done: false,
        at: '2026-11-02T06:00:00.000Z',
        timer: { id: 'callback-v7:due2', at: '2026-11-02T06:00:00.000Z' },
      },
    };

    // Act
    const failure = await runTimerTask(ctx, ended(JSON.stringify(run))).catch((error: unknown) => error);
    const malformed = await runTimerTask(ctx, ended('{"ticketId":"x"}')).catch((error: unknown) => error);

    // Assess: the run's ticket was looked for; an output that is not a callback retry's is refused unread
    expect(failure).toBeInstanceOf(TicketNotFoundError);
    expect(failure).toMatchObject({ ticketId: 'no-such-ticket' });
    expect(malformed).toBeInstanceOf(z.core.$ZodError);
    expect(ctx.tickets.calls).toEqual(['load']);
  });
});
