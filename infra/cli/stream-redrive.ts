import { type AttributeValue, type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Message } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { toBusEntries } from '../../functions/tasks/publish-events.ts';
import { EVENT_SOURCE } from '../../workflows/rules.ts';

/** How long the Pipe keeps retrying a record before it gives up (`maximumRecordAgeInSeconds`). */
const RECORD_AGE_MS = 24 * 60 * 60 * 1000;
/** Room around the times a pointer gives: an event's `at` and the stream's arrival time differ a little. */
const MARGIN_MS = 5 * 60 * 1000;

/** A span of write times, in epoch milliseconds. */
export interface Window {
  from: number;
  to: number;
}

/**
 * The write times of the records a Pipe dead letter points at. The pointer names the first and last
 * record's arrival (`DDBStreamBatchInfo`); without it, any record the Pipe gave up on was written at
 * most a day before the message was sent.
 */
export function windowOf(message: Message): Window | undefined {
  const body = (() => {
    try {
      return JSON.parse(message.Body ?? '') as { DDBStreamBatchInfo?: Record<string, unknown> };
    } catch {
      return undefined;
    }
  })();
  const info = body?.DDBStreamBatchInfo;
  const first = Date.parse(String(info?.approximateArrivalOfFirstRecord ?? ''));
  const last = Date.parse(String(info?.approximateArrivalOfLastRecord ?? ''));
  if (Number.isFinite(first) && Number.isFinite(last))
    return { from: first - MARGIN_MS, to: last + MARGIN_MS };
  const sent = Number(message.Attributes?.SentTimestamp);
  if (Number.isFinite(sent) && sent > 0)
    return { from: sent - RECORD_AGE_MS - MARGIN_MS, to: sent + MARGIN_MS };
  return undefined;
}

/**
 * Publishes again, from the table, the ticket events written in `windows`: the event items are the
 * outbox and outlive the stream's 24 hours, so a pointer that has expired loses nothing. Each event
 * goes to the bus exactly as the Pipe would have put it (publish-events' own mapping). Events of the
 * window that had already arrived arrive twice; every rule target takes an event once (execution
 * names, the projection's per-event marks), so that is harmless. One Scan of the table (an operator's
 * repair, never a request path).
 */
export async function republishEvents(
  dynamodb: DynamoDBClient,
  events: EventBridgeClient,
  table: string,
  bus: string,
  windows: readonly Window[],
): Promise<{ scanned: number; published: number; failed: number }> {
  const inWindow = (at: number) => windows.some((w) => at >= w.from && at <= w.to);
  let scanned = 0;
  const entries: ReturnType<typeof toBusEntries> = [];
  const pages = paginateScan(
    { client: dynamodb },
    {
      TableName: table,
      FilterExpression: '#entity = :event',
      ExpressionAttributeNames: { '#entity': 'entity' },
      ExpressionAttributeValues: { ':event': { S: 'event' } },
    },
  );
  for await (const page of pages) {
    scanned += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      const record = { eventName: 'INSERT', dynamodb: { NewImage: item } } as unknown as DynamoDBRecord;
      for (const entry of toBusEntries([record])) {
        const at = Date.parse(eventTime(item) ?? '');
        if (Number.isFinite(at) && inWindow(at)) entries.push(entry);
      }
    }
  }
  let published = 0;
  let failed = 0;
  for (let i = 0; i < entries.length; i += 10) {
    const batch = entries.slice(i, i + 10);
    const out = await events.send(
      new PutEventsCommand({
        Entries: batch.map((e) => ({
          EventBusName: bus,
          Source: EVENT_SOURCE,
          DetailType: e.detailType,
          Detail: JSON.stringify(e.detail),
        })),
      }),
    );
    failed += out.FailedEntryCount ?? 0;
    published += batch.length - (out.FailedEntryCount ?? 0);
  }
  return { scanned, published, failed };
}

/** When the event of an item happened (`event.at`, or `at` in the JSON of items stored before maps). */
function eventTime(item: Record<string, AttributeValue>): string | undefined {
  const at = item.event?.M?.at?.S;
  if (at) return at;
  try {
    return item.body?.S ? (JSON.parse(item.body.S) as { at?: string }).at : undefined;
  } catch {
    return undefined;
  }
}
