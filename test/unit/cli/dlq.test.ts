import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runDlq } from '../../../infra/cli/dlq-commands.ts';
import { CommandContext } from '../../../infra/cli/io.ts';

const sqsMock = mockClient(SQSClient);
const lambdaMock = mockClient(LambdaClient);
const dynamodbMock = mockClient(DynamoDBClient);
const eventsMock = mockClient(EventBridgeClient);
beforeEach(() => {
  sqsMock.reset();
  lambdaMock.reset();
  dynamodbMock.reset();
  eventsMock.reset();
});

const base = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012';
const ruleDlq = `${base}/Hotline-anhui-prod-Workflows-StartTimersDlqQueue-ABC`;
const pipeDlq = `${base}/Hotline-anhui-prod-Workflows-PipeDlqQueue-DEF`;
const sweeperDlq = `${base}/Hotline-anhui-prod-Workflows-TasksweeperAsyncDlqQueue-GHI`;
const sweeperDlqArn =
  'arn:aws-cn:sqs:cn-north-1:123456789012:Hotline-anhui-prod-Workflows-TasksweeperAsyncDlqQueue-GHI';

function deployment(ruleMessages: { id: string; body: string }[]) {
  sqsMock.on(ListQueuesCommand, { QueueNamePrefix: 'Hotline-anhui-prod-Workflows-' }).resolves({
    QueueUrls: [ruleDlq, pipeDlq, sweeperDlq],
  });
  sqsMock.on(GetQueueAttributesCommand, { QueueUrl: sweeperDlq }).resolves({
    Attributes: { ApproximateNumberOfMessages: '0', QueueArn: sweeperDlqArn },
  });
  sqsMock.on(ListQueueTagsCommand, { QueueUrl: sweeperDlq }).resolves({
    Tags: { 'hotline:redrive-kind': 'lambda-event' },
  });
  sqsMock.on(ReceiveMessageCommand, { QueueUrl: sweeperDlq }).resolves({ Messages: [] });
  lambdaMock.on(ListFunctionsCommand).resolves({
    Functions: [
      { FunctionName: 'anhui-start-timers' },
      { FunctionName: 'anhui-sweeper', DeadLetterConfig: { TargetArn: sweeperDlqArn } },
    ],
  });
  sqsMock.on(GetQueueAttributesCommand, { QueueUrl: ruleDlq }).resolves({
    Attributes: { ApproximateNumberOfMessages: String(ruleMessages.length) },
  });
  sqsMock.on(GetQueueAttributesCommand, { QueueUrl: pipeDlq }).resolves({
    Attributes: { ApproximateNumberOfMessages: '1' },
  });
  sqsMock.on(ListQueueTagsCommand, { QueueUrl: ruleDlq }).resolves({
    Tags: { 'hotline:redrive-kind': 'lambda-event', 'hotline:redrive-target': 'anhui-start-timers' },
  });
  sqsMock.on(ListQueueTagsCommand, { QueueUrl: pipeDlq }).resolves({
    Tags: { 'hotline:redrive-kind': 'stream-pointer' },
  });
  sqsMock
    .on(ReceiveMessageCommand, { QueueUrl: ruleDlq })
    .resolvesOnce({
      Messages: ruleMessages.map((m) => ({ MessageId: m.id, ReceiptHandle: `rh-${m.id}`, Body: m.body })),
    })
    .resolves({ Messages: [] });
}

async function dlq(sub: string, ...args: string[]) {
  let out = '';
  const ctx = new CommandContext({ stdout: (t) => (out += t), stderr: (t) => (out += t) });
  const code = await runDlq(sub, ['-c', 'config=infra/config/anhui.json', ...args], ctx, {
    sqs: new SQSClient({ region: 'cn-north-1' }),
    lambda: new LambdaClient({ region: 'cn-north-1' }),
    dynamodb: new DynamoDBClient({ region: 'cn-north-1' }),
    events: new EventBridgeClient({ region: 'cn-north-1' }),
  });
  return { code, out };
}

describe('hotline dlq', () => {
  it('lists every dead-letter queue of the deployment with its messages and where they go', async () => {
    // Prepare
    deployment([{ id: 'm1', body: '{}' }]);

    // Act
    const r = await dlq('list');

    // Assess
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'Hotline-anhui-prod-Workflows-StartTimersDlqQueue-ABC  messages=1  lambda-event → anhui-start-timers',
    );
    expect(r.out).toContain('Hotline-anhui-prod-Workflows-PipeDlqQueue-DEF  messages=1  stream-pointer');
    // A function's own asynchronous-invocation DLQ: found by the function's DeadLetterConfig
    expect(r.out).toContain('TasksweeperAsyncDlqQueue-GHI  messages=0  lambda-event → anhui-sweeper');
  });

  it('invokes the target again with each event and deletes it once Lambda accepted; leaves stream pointers', async () => {
    // Prepare
    const event = JSON.stringify({ 'detail-type': 'TicketRegistered', detail: { ticketId: 't1' } });
    deployment([
      { id: 'm1', body: event },
      { id: 'm2', body: event },
    ]);
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });

    // Act
    const r = await dlq('redrive');

    // Assess
    expect(r.code).toBe(0);
    const invokes = lambdaMock.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(invokes).toHaveLength(2);
    expect(invokes[0]).toMatchObject({
      FunctionName: 'anhui-start-timers',
      Qualifier: 'live',
      InvocationType: 'Event',
    });
    expect(Buffer.from(invokes[0]?.Payload as Uint8Array).toString()).toBe(event);
    expect(sqsMock.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual([
      'rh-m1',
      'rh-m2',
    ]);
    expect(r.out).toContain('2 redriven to anhui-start-timers');
    expect(r.out).toMatch(/PipeDlqQueue-DEF: 1 message\(s\) left in place/);
  });

  it('keeps a message that Lambda did not accept, and fails', async () => {
    deployment([{ id: 'm1', body: '{}' }]);
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 500 });
    const r = await dlq('redrive', '--queue', 'StartTimers');
    expect(r.code).toBe(1);
    expect(sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(r.out).toContain('message m1: Lambda answered 500');
  });

  it('publishes again from the table the events a Pipe stream pointer covered, after the stream has dropped them', async () => {
    // Prepare: a pointer to two records that arrived at 09:00-09:01 (UTC) two days ago, long expired
    deployment([]);
    const pointer = JSON.stringify({
      DDBStreamBatchInfo: {
        shardId: 'shardId-1',
        startSequenceNumber: '100',
        endSequenceNumber: '101',
        approximateArrivalOfFirstRecord: '2026-11-30T09:00:00Z',
        approximateArrivalOfLastRecord: '2026-11-30T09:01:00Z',
        batchSize: 2,
      },
    });
    sqsMock
      .on(ReceiveMessageCommand, { QueueUrl: pipeDlq })
      .resolvesOnce({ Messages: [{ MessageId: 'p1', ReceiptHandle: 'rh-p1', Body: pointer }] })
      .resolves({ Messages: [] });
    const eventItem = (id: string, seq: number, at: string, endedClocks?: string[]) => ({
      pk: { S: `TICKET#${id}` },
      sk: { S: `EVENT#${String(seq).padStart(6, '0')}` },
      entity: { S: 'event' },
      event: { M: { type: { S: 'TicketCompleted' }, at: { S: at } } },
      ...(endedClocks && { endedClocks: { L: endedClocks.map((c) => ({ S: c })) } }),
    });
    dynamodbMock.on(ScanCommand).resolves({
      ScannedCount: 3,
      Items: [
        eventItem('t1', 4, '2026-11-30T17:00:30+08:00', ['handling-1']), // in the window
        eventItem('t2', 2, '2026-11-30T12:00:00+08:00'), // hours before: delivered then
        eventItem('t3', 7, '2026-11-30T17:04:00+08:00'), // within the margin
      ],
    });
    eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });

    // Act
    const r = await dlq('redrive', '--queue', 'PipeDlq', '--table', 'hotline-table');

    // Assess
    expect(r.code, r.out).toBe(0);
    const scan = dynamodbMock.commandCalls(ScanCommand)[0]?.args[0].input;
    expect(scan?.TableName).toBe('hotline-table');
    const entries = eventsMock.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries.map((e) => [e.DetailType, JSON.parse(e.Detail ?? '{}').ticketId])).toEqual([
      ['TicketCompleted', 't1'],
      ['TicketCompleted', 't3'],
    ]);
    // The clocks t1's change ended are named on its entry, for stop-timers.
    expect(JSON.parse(entries[0]?.Detail ?? '{}').endedClocks).toMatchObject({ clockIds: expect.any(Array) });
    expect(
      entries.every((e) => e.EventBusName === 'hotline-anhui-prod' && e.Source === 'hotline.tickets'),
    ).toBe(true);
    expect(sqsMock.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual([
      'rh-p1',
    ]);
    expect(r.out).toContain(
      '1 stream pointer(s) → 2 event(s) of the table published again (3 items scanned)',
    );
  });

  it('keeps the stream pointers when the bus refuses an event, and fails', async () => {
    // Prepare: a pointer without batch information: the day before it was sent
    deployment([]);
    sqsMock
      .on(ReceiveMessageCommand, { QueueUrl: pipeDlq })
      .resolvesOnce({
        Messages: [
          {
            MessageId: 'p1',
            ReceiptHandle: 'rh-p1',
            Body: '{}',
            Attributes: { SentTimestamp: String(Date.parse('2026-12-01T00:00:00Z')) },
          },
        ],
      })
      .resolves({ Messages: [] });
    dynamodbMock.on(ScanCommand).resolves({
      ScannedCount: 1,
      Items: [
        {
          pk: { S: 'TICKET#t1' },
          sk: { S: 'EVENT#000001' },
          entity: { S: 'event' },
          event: { M: { type: { S: 'TicketRegistered' }, at: { S: '2026-11-30T20:00:00+08:00' } } },
        },
      ],
    });
    eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 1 });

    // Act
    const r = await dlq('redrive', '--queue', 'PipeDlq', '--table', 'hotline-table');

    // Assess
    expect(r.code).toBe(1);
    expect(sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(r.out).toContain('1 refused by the bus: pointers kept');
  });
});
