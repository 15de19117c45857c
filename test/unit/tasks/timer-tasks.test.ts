import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimerStarter } from '../../../functions/app/start-timers.ts';
import type { MemoryContext } from '../../support/memory-ports.ts';
import { lambdaContext } from '../api/events.ts';
import { contextWithTicket, TICKET_ID } from '../api/fixtures.ts';

/**
 * The rule targets that start and stop timer executions, with the Step Functions side
 * (`timer-starter.ts`) on a mocked SFN client and the ticket in the in-memory store.
 */
const CLOCK_ARN = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:hotline-anhui-ticket-timer';
const RETRY_ARN = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:hotline-anhui-callback-retry';
const sfn = mockClient(SFNClient);

type Task<E> = (event: E, context: Context) => Promise<unknown>;
let startTimersHandler: (
  ctx: MemoryContext,
  starter: TimerStarter,
) => Task<EventBridgeEvent<string, unknown>>;
let stopTimersHandler: (
  ctx: MemoryContext,
  starter: TimerStarter,
) => Task<EventBridgeEvent<'ClocksEnded', unknown>>;
let stepFunctionsStarter: (
  arns: { clock: string; callbackRetry: string },
  client?: SFNClient,
) => TimerStarter;

const busEvent = <D>(detailType: string, detail: D) =>
  ({ 'detail-type': detailType, source: 'hotline.tickets', detail }) as unknown as EventBridgeEvent<
    string,
    D
  >;

let ctx: MemoryContext;
let starter: TimerStarter;

beforeAll(async () => {
  vi.stubEnv('TIMER_STATE_MACHINE_ARN', CLOCK_ARN);
  vi.stubEnv('CALLBACK_RETRY_STATE_MACHINE_ARN', RETRY_ARN);
  ({ startTimersHandler } = await import('../../../functions/tasks/start-timers.ts'));
  ({ stopTimersHandler } = await import('../../../functions/tasks/stop-timers.ts'));
  ({ stepFunctionsStarter } = await import('../../../functions/tasks/timer-starter.ts'));
});

beforeEach(() => {
  sfn.reset();
  ({ ctx } = contextWithTicket('dispatched'));
  starter = stepFunctionsStarter({ clock: CLOCK_ARN, callbackRetry: RETRY_ARN }, new SFNClient({}));
});

afterAll(() => sfn.restore());

/** The dispatch of the stored ticket as the bus carries it. */
function dispatchedDetail() {
  const events = ctx.tickets.stored(TICKET_ID)?.events ?? [];
  const seq = events.findIndex((e) => e.type === 'TicketDispatched') + 1;
  return { ticketId: TICKET_ID, seq, type: 'TicketDispatched', event: events[seq - 1] };
}

describe('Task: start-timers', () => {
  it('starts one execution of the ticket-timer machine for the clocks a dispatch starts, named by ticket and version', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${CLOCK_ARN}:x` });
    const detail = dispatchedDetail();
    const clockIds = (detail.event as { clocks: { id: string }[] }).clocks.map((c) => c.id);

    // Act
    const answer = await startTimersHandler(ctx, starter)(
      busEvent('TicketDispatched', detail),
      lambdaContext(),
    );

    // Assess
    const name = `${TICKET_ID}_v${detail.seq}`;
    expect(answer).toEqual({ started: [name] });
    const [call] = sfn.commandCalls(StartExecutionCommand);
    expect(call?.args[0].input).toMatchObject({ stateMachineArn: CLOCK_ARN, name });
    expect(JSON.parse(call?.args[0].input.input ?? '{}')).toMatchObject({
      ticketId: TICKET_ID,
      clockIds,
      purpose: 'clock',
      next: { done: false, at: expect.stringMatching(/Z$/), timer: { id: expect.any(String) } },
    });
  });

  it('a redelivered event starts nothing new: the execution name is taken', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'taken', $metadata: {} }));

    // Act
    const answer = await startTimersHandler(ctx, starter)(
      busEvent('TicketDispatched', dispatchedDetail()),
      lambdaContext(),
    );

    // Assess
    expect(answer).toEqual({ started: [] });
  });

  it('a dispatch delivered after the ticket moved on starts nothing: its clocks have ended', async () => {
    // Prepare: the dispatch as the bus carries it, then a redispatch that ends its clocks before
    // the bus delivers it (commands that outrun the stream)
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${CLOCK_ARN}:x` });
    const detail = dispatchedDetail();
    const { changeTicket } = await import('../../../functions/app/change-ticket.ts');
    await changeTicket(ctx, {
      ticketId: TICKET_ID,
      command: { action: 'redispatch', toUnit: 'street-a', level: 'township', reason: '属地街道办理' },
      actor: { id: 'dispatcher-1', role: 'dispatcher' },
    });

    // Act
    const answer = await startTimersHandler(ctx, starter)(
      busEvent('TicketDispatched', detail),
      lambdaContext(),
    );

    // Assess
    expect(answer).toEqual({ started: [] });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('an event that starts no clock starts no execution', async () => {
    // Act
    const answer = await startTimersHandler(ctx, starter)(
      busEvent('TicketSigned', {
        ticketId: TICKET_ID,
        seq: 9,
        type: 'TicketSigned',
        event: { type: 'TicketSigned', at: '2026-11-02T10:00:00+08:00' },
      }),
      lambdaContext(),
    );

    // Assess
    expect(answer).toEqual({ started: [] });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('fails on a detail that is not a ticket event, and when Step Functions fails, so that the rule retries', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(new Error('ThrottlingException'));
    const handle = startTimersHandler(ctx, starter);

    // Act & Assess
    await expect(
      handle(busEvent('TicketDispatched', { ticketId: TICKET_ID }), lambdaContext()),
    ).rejects.toThrow();
    await expect(handle(busEvent('TicketDispatched', dispatchedDetail()), lambdaContext())).rejects.toThrow(
      'ThrottlingException',
    );
  });
});

describe('Task: stop-timers', () => {
  it('stops the execution of a group whose clocks have all ended, by its ARN', async () => {
    // Prepare: the ticket runs its dispatch clocks; the entry of the event that ended an older group's
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const detail = {
      ticketId: TICKET_ID,
      seq: 9,
      type: 'RequesterContacted',
      event: { type: 'RequesterContacted', at: '2026-11-02T10:00:00+08:00' },
      endedClocks: { version: 9, clockIds: ['handling-v1', 'contact-v1'] },
    };

    // Act
    const answer = await stopTimersHandler(ctx, starter)(
      busEvent('RequesterContacted', detail) as never,
      lambdaContext(),
    );

    // Assess
    expect(answer).toEqual({ stopped: ['v1'] });
    expect(sfn.commandCalls(StopExecutionCommand).map((c) => c.args[0].input.executionArn)).toEqual([
      `${CLOCK_ARN.replace(':stateMachine:', ':execution:')}:${TICKET_ID}_v1`,
    ]);
  });

  it('still reads a ClocksEnded entry as published before (one may wait in a queue or a DLQ)', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    const detail = { ticketId: TICKET_ID, version: 9, clockIds: ['handling-v1', 'contact-v1'] };
    const answer = await stopTimersHandler(ctx, starter)(
      busEvent('ClocksEnded', detail) as never,
      lambdaContext(),
    );
    expect(answer).toEqual({ stopped: ['v1'] });
  });

  it('stops nothing of a group that still runs a clock', async () => {
    // Prepare
    const running = Object.values(ctx.tickets.stored(TICKET_ID)?.ticket.clocks ?? {}).map((c) => c?.id ?? '');
    const detail = { ticketId: TICKET_ID, version: 9, clockIds: running.slice(0, 1) };

    // Act
    const answer = await stopTimersHandler(ctx, starter)(
      busEvent('ClocksEnded', detail) as never,
      lambdaContext(),
    );

    // Assess
    expect(answer).toEqual({ stopped: [] });
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });

  it('an execution that never ran or already ended is nothing to stop; other failures propagate', async () => {
    // Prepare
    const detail = { ticketId: TICKET_ID, version: 9, clockIds: ['handling-v1'] };
    const handle = stopTimersHandler(ctx, starter);
    sfn.on(StopExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'none', $metadata: {} }));

    // Act & Assess
    await expect(handle(busEvent('ClocksEnded', detail) as never, lambdaContext())).resolves.toEqual({
      stopped: ['v1'],
    });
    sfn.reset();
    sfn.on(StopExecutionCommand).rejects(new Error('AccessDeniedException'));
    await expect(handle(busEvent('ClocksEnded', detail) as never, lambdaContext())).rejects.toThrow(
      'AccessDeniedException',
    );
  });
});

describe('Function: stepFunctionsStarter', () => {
  it('starts a callback retry on the callback-retry machine', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${RETRY_ARN}:x` });
    const next = {
      done: false as const,
      at: '2026-11-05T02:00:00.000Z',
      timer: { id: 'callback-v9:due', at: '2026-11-05T02:00:00.000Z' },
    };

    // Act
    const outcome = await starter.start('t_v9_a12', {
      ticketId: TICKET_ID,
      clockIds: ['callback-v9'],
      purpose: 'callbackRetry',
      next,
    });

    // Assess
    expect(outcome).toBe('started');
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.stateMachineArn).toBe(RETRY_ARN);
  });
});
