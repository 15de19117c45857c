import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { BusDetail, KnowledgeDetail } from '../app/bus-detail.ts';
import { taskHandler } from '../shared/task-handler.ts';

export type BusEntry =
  | { detailType: string; detail: BusDetail }
  | { detailType: string; detail: KnowledgeDetail };

type Image = Record<string, AttributeValue>;

/** The event an item holds: a map (`event`), or a JSON string (`body`) in items stored before maps. */
function eventOf(image: Image): BusDetail['event'] | undefined {
  if (image.event?.M) return unmarshall(image.event.M as never) as BusDetail['event'];
  if (image.body?.S) return JSON.parse(image.body.S);
  return undefined;
}

/**
 * Turns the table's stream records into bus entries. In AWS this is the enrichment step of the
 * EventBridge Pipe (stream → bus); locally the stream relay calls the same function.
 * - a new event item → one entry, detail-type = the event's type; when the item records the clocks
 *   its change ended (`endedClocks`, written with the change), the entry names them too, at the
 *   version of that event (`detail.endedClocks`), for stop-timers.
 * - a knowledge-base event item (`entity = knowledgeEvent`, the Pipe passes those that change what
 *   is published) → one entry naming the entry, the event and when it was written; the entry's
 *   content stays in the table.
 * Anything else is dropped (the Pipe's filter already keeps only the event items some rule reads or
 * that record ended clocks, and the knowledge events that change what is published).
 */
export function toBusEntries(records: readonly DynamoDBRecord[]): BusEntry[] {
  return records.flatMap((record): BusEntry[] => {
    const image = record.dynamodb?.NewImage as Image | undefined;
    if (record.eventName !== 'INSERT') return [];
    if (image?.entity?.S === 'knowledgeEvent') return knowledgeEntry(image);
    if (image?.entity?.S !== 'event') return [];
    const ticketId = image.pk?.S?.replace(/^TICKET#/, '');
    const seq = Number(image.sk?.S?.replace(/^EVENT#/, ''));
    const event = eventOf(image);
    if (!ticketId || !event || !Number.isInteger(seq)) return [];
    const [first, ...rest] = (image.endedClocks?.L ?? []).flatMap((c) => (c.S ? [c.S] : []));
    const endedClocks = first ? { endedClocks: { version: seq, clockIds: [first, ...rest] } } : {};
    return [{ detailType: event.type, detail: { ticketId, seq, type: event.type, event, ...endedClocks } }];
  });
}

function knowledgeEntry(image: Image): BusEntry[] {
  const entryId = image.entryId?.S;
  const seq = Number(image.seq?.N);
  const type = image.type?.S;
  if (!entryId || !type || !Number.isInteger(seq) || seq < 1) return [];
  // Not the stream record's ApproximateCreationDateTime: DynamoDB Local rounds it down to the minute.
  const writtenAt = image.writtenAt?.S;
  return [{ detailType: type, detail: { entryId, seq, type, ...(writtenAt && { writtenAt }) } }];
}

/** Pipe enrichment: a batch of stream records in, the bus entries out. */
export const handler = taskHandler(async (records: DynamoDBRecord[]) => toBusEntries(records));
