import {
  DynamoDBClient,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DocumentClient } from '../../../functions/adapters/document-client.ts';
import { TicketRepository, VersionConflictError } from '../../../functions/adapters/ticket-repository.ts';
import { createCalendar } from '../../../functions/domain/calendar/index.ts';
import { presetPolicy } from '../../../functions/domain/policy/index.ts';
import {
  commandSchema,
  decide,
  earliestTimer,
  evolve,
  type Ticket,
} from '../../../functions/domain/ticket/index.ts';

/**
 * How the repository reads DynamoDB's refusal of a transaction. What it writes, and that a stale
 * version is refused, is tested on DynamoDB Local (test/integration/ticket-repository.test.ts); the
 * cancellation reasons other than a failed condition cannot be provoked there, so they are here.
 */
const db = mockClient(DynamoDBClient);
const policy = presetPolicy('anhui-2021');
const calendar = createCalendar();
const client = new DynamoDBClient({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const repository = new TicketRepository(DocumentClient.from(client), 'hotline-test', (t) =>
  earliestTimer(t, { policy, calendar }),
);

/** A ticket just registered, and its event. */
function registered() {
  const events = decide(
    null,
    commandSchema.parse({
      action: 'register',
      channel: 'web',
      type: 'complaint',
      category: 'housing',
      content: '小区电梯长期故障无人维修',
      requester: { anonymous: true },
    }),
    {
      policy,
      calendar,
      now: new Date('2026-11-02T02:00:00Z'),
      actor: { id: 'key', role: 'channel' },
      newTicketId: 'T-1',
    },
  );
  return { ticket: events.reduce<Ticket | null>(evolve, null) as Ticket, events };
}

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: `Transaction cancelled [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

beforeEach(() => db.reset());
afterAll(() => db.restore());

describe('Class: TicketRepository', () => {
  describe('Method: append', () => {
    it('a failed version condition or a concurrent transaction on the ticket is a VersionConflictError', async () => {
      const { ticket, events } = registered();
      for (const reason of ['ConditionalCheckFailed', 'TransactionConflict']) {
        // Prepare
        db.on(TransactWriteItemsCommand).rejects(cancelled(reason, 'None'));

        // Act
        const failure = await repository.append(ticket, events, 2).catch((e: unknown) => e);

        // Assess
        expect(failure, reason).toBeInstanceOf(VersionConflictError);
        expect(failure).toMatchObject({ ticketId: ticket.id, expectedVersion: 2 });
      }
    });

    it('a transaction cancelled for another reason fails as DynamoDB answered', async () => {
      const { ticket, events } = registered();
      for (const reason of ['ThrottlingError', 'ProvisionedThroughputExceeded', 'ValidationError']) {
        // Prepare
        db.on(TransactWriteItemsCommand).rejects(cancelled(reason, 'None'));

        // Act
        const failure = await repository.append(ticket, events, 2).catch((e: unknown) => e);

        // Assess
        expect(failure, reason).toBeInstanceOf(TransactionCanceledException);
      }
    });
  });
});
