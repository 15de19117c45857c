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
beforeEach(() => {
  sqsMock.reset();
  lambdaMock.reset();
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
    expect(invokes[0]).toMatchObject({ FunctionName: 'anhui-start-timers', InvocationType: 'Event' });
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
});
