import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { ConfigError, type HotlineConfig, loadConfig } from '../cdk/config.ts';
import { REDRIVE_TAGS } from '../cdk/constructs/dead-letter-queue.ts';
import { LIVE_ALIAS } from '../cdk/constructs/hotline-function.ts';
import { busName } from '../cdk/stacks/workflows-stack.ts';
import { parseCommand } from './args.ts';
import { type CommandContext, EXIT, UsageError } from './io.ts';
import { republishEvents, type Window, windowOf } from './stream-redrive.ts';
import { USAGE } from './usage.ts';

/** A dead-letter queue of a deployment, with what its messages are. */
export interface DeadLetterQueueInfo {
  name: string;
  url: string;
  messages: number;
  kind: 'lambda-event' | 'stream-pointer' | 'state-machine-start' | 'unknown';
  /** The function its messages go to again (kind `lambda-event`). */
  target?: string;
}

/**
 * The deployment's dead-letter queues: the queues of its workflows stack (CloudFormation names them
 * `Hotline-<deployment>-<stage>-Workflows-…`), in the config's region, with the default credentials.
 */
export async function deadLetterQueues(
  sqs: SQSClient,
  lambda: LambdaClient,
  config: HotlineConfig,
): Promise<DeadLetterQueueInfo[]> {
  const prefix = `Hotline-${config.deployment}-${config.stage}-Workflows-`;
  const urls: string[] = [];
  let next: string | undefined;
  do {
    const out = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, NextToken: next }));
    urls.push(...(out.QueueUrls ?? []));
    next = out.NextToken;
  } while (next);
  let ownerOf: Map<string, string> | undefined;
  const queues: DeadLetterQueueInfo[] = [];
  for (const url of urls.sort()) {
    const [attributes, tags] = await Promise.all([
      sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'QueueArn'],
        }),
      ),
      sqs.send(new ListQueueTagsCommand({ QueueUrl: url })),
    ]);
    const kind = tags.Tags?.[REDRIVE_TAGS.kind];
    let target = tags.Tags?.[REDRIVE_TAGS.target];
    if (kind === 'lambda-event' && !target) {
      // A function's own asynchronous-invocation DLQ: the function whose DeadLetterConfig names it.
      ownerOf ??= await deadLetterOwners(lambda);
      target = ownerOf.get(attributes.Attributes?.QueueArn ?? '');
    }
    queues.push({
      name: url.split('/').pop() ?? url,
      url,
      messages: Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0),
      kind:
        kind === 'lambda-event' || kind === 'stream-pointer' || kind === 'state-machine-start'
          ? kind
          : 'unknown',
      ...(target && { target }),
    });
  }
  return queues;
}

/** Queue ARN → the function that sends its failed asynchronous invocations there. */
async function deadLetterOwners(lambda: LambdaClient): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  let marker: string | undefined;
  do {
    const out = await lambda.send(new ListFunctionsCommand({ Marker: marker }));
    for (const fn of out.Functions ?? []) {
      const arn = fn.DeadLetterConfig?.TargetArn;
      if (arn && fn.FunctionName) owners.set(arn, fn.FunctionName);
    }
    marker = out.NextMarker;
  } while (marker);
  return owners;
}

export interface DlqClients {
  sqs: SQSClient;
  lambda: LambdaClient;
  /** For the Pipe's stream pointers: the table is read again and its events put on the bus. */
  dynamodb?: DynamoDBClient;
  events?: EventBridgeClient;
}

/** `hotline dlq list|redrive -c config=FILE [--queue NAME] [--table NAME]`. */
export async function runDlq(
  sub: string | undefined,
  args: readonly string[],
  ctx: CommandContext,
  clients?: DlqClients,
): Promise<number> {
  if (sub !== 'list' && sub !== 'redrive') {
    throw new UsageError(
      sub === undefined
        ? "missing dlq command: use 'dlq list' or 'dlq redrive'"
        : `unknown command 'dlq ${sub}': use 'dlq list' or 'dlq redrive'`,
    );
  }
  const parsed = parseCommand(cdkStyleConfig(args), {
    name: `dlq ${sub}`,
    options: { config: { type: 'string' }, queue: { type: 'string' }, table: { type: 'string' } },
  });
  if (parsed.help) {
    ctx.io.stdout(USAGE);
    return EXIT.ok;
  }
  const file = parsed.values.config;
  const config = deploymentConfig(ctx, file);
  if (!config) return EXIT.failure;
  const { sqs, lambda } = clients ?? {
    sqs: new SQSClient({ region: config.region }),
    lambda: new LambdaClient({ region: config.region }),
  };
  const table = typeof parsed.values.table === 'string' ? parsed.values.table : undefined;
  const only = parsed.values.queue;
  const queues = (await deadLetterQueues(sqs, lambda, config)).filter(
    (q) => typeof only !== 'string' || q.name === only || q.name.includes(only),
  );
  if (queues.length === 0) {
    ctx.out(
      `no dead-letter queue of ${config.deployment} (${config.stage}) in ${config.region}${typeof only === 'string' ? ` matching ${only}` : ''}`,
    );
    return typeof only === 'string' ? EXIT.failure : EXIT.ok;
  }
  if (sub === 'list') {
    for (const q of queues) {
      ctx.out(`${q.name}  messages=${q.messages}  ${q.kind}${q.target ? ` → ${q.target}` : ''}`);
    }
    return EXIT.ok;
  }
  let failed = false;
  for (const q of queues) {
    if (q.kind === 'stream-pointer' && q.messages > 0 && table) {
      const pointers = await receiveAll(sqs, q.url);
      const windows = pointers.flatMap((m) => windowOf(m) ?? []);
      const republished = await republishEvents(
        clients?.dynamodb ?? new DynamoDBClient({ region: config.region }),
        clients?.events ?? new EventBridgeClient({ region: config.region }),
        table,
        busName(`${config.deployment}-${config.stage}`),
        mergeWindows(windows),
      );
      const done = republished.failed === 0;
      if (done) {
        for (const m of pointers.filter((p) => windowOf(p))) {
          await sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle }));
        }
      }
      ctx.out(
        `${q.name}: ${pointers.length} stream pointer(s) → ${republished.published} event(s) of the table published again (${republished.scanned} items scanned)${done ? '' : `, ${republished.failed} refused by the bus: pointers kept`}`,
      );
      failed ||= !done || windows.length < pointers.length;
      continue;
    }
    if (q.kind === 'state-machine-start') {
      if (q.messages > 0) {
        ctx.out(
          `${q.name}: ${q.messages} schedule event(s) that did not start the monthly close: start it by hand for the month (see "The monthly close" in infra/cdk/README.md), then purge the queue`,
        );
      }
      continue;
    }
    if (q.kind !== 'lambda-event' || !q.target) {
      if (q.messages > 0) {
        ctx.out(
          `${q.name}: ${q.messages} message(s) left in place: they point at table stream records, not at events; give --table <TableName> to publish the events they cover again from the table (see "Dead letters" in infra/cdk/README.md)`,
        );
      }
      continue;
    }
    const { redriven, errors } = await redrive(sqs, lambda, q.url, q.target);
    ctx.out(
      `${q.name}: ${redriven} redriven to ${q.target}${errors.length > 0 ? `, ${errors.length} failed` : ''}`,
    );
    for (const e of errors) ctx.out(`  ${e}`);
    failed ||= errors.length > 0;
  }
  return failed ? EXIT.failure : EXIT.ok;
}

/**
 * Invokes `target` asynchronously with each message (the event that failed every retry, as the rule
 * or the function's own asynchronous invocation gave it) and deletes the message once Lambda has
 * accepted the invocation. A message Lambda refuses stays in the queue.
 */
async function redrive(sqs: SQSClient, lambda: LambdaClient, url: string, target: string) {
  let redriven = 0;
  const errors: string[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) break;
    for (const m of messages) {
      const invoked = await lambda.send(
        new InvokeCommand({
          FunctionName: target,
          // The released version, as the rule or the function's own retries would have invoked it.
          Qualifier: LIVE_ALIAS,
          InvocationType: 'Event',
          Payload: Buffer.from(m.Body ?? '{}'),
        }),
      );
      if (invoked.StatusCode === 202) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
        redriven++;
      } else {
        errors.push(`message ${m.MessageId}: Lambda answered ${invoked.StatusCode}`);
      }
    }
    if (errors.length > 0) break;
  }
  return { redriven, errors };
}

/**
 * Every message of a queue, received and kept invisible for 15 minutes while the events they
 * point at are published again; those not deleted by then come back.
 */
async function receiveAll(sqs: SQSClient, url: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 900,
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    if (!out.Messages?.length) return messages;
    messages.push(...out.Messages);
  }
}

/** Overlapping windows as one, so that an event is published once per run. */
export function mergeWindows(windows: readonly Window[]): Window[] {
  const merged: Window[] = [];
  for (const w of [...windows].sort((a, b) => a.from - b.from)) {
    const last = merged.at(-1);
    if (last && w.from <= last.to) last.to = Math.max(last.to, w.to);
    else merged.push({ ...w });
  }
  return merged;
}

/**
 * The deployment config `-c config=FILE` names, or undefined when it is invalid (its problems
 * printed, the command to exit with EXIT.failure).
 */
export function deploymentConfig(ctx: CommandContext, file: unknown): HotlineConfig | undefined {
  if (typeof file !== 'string' || file === '') throw new UsageError('-c config=FILE is required');
  try {
    return loadConfig(ctx.path(file));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    ctx.out(error.message);
    return undefined;
  }
}

/** `-c config=FILE` (as `cdk` takes it) → `--config FILE`. */
export function cdkStyleConfig(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if ((arg === '-c' || arg === '--context') && next?.startsWith('config=')) {
      out.push('--config', next.slice('config='.length));
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
