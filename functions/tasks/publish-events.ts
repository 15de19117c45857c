import type { DynamoDBRecord } from 'aws-lambda';
import { taskHandler } from '../shared/middleware.ts';
import type { BusDetail } from './event-detail.ts';

/**
 * Turns the table's stream records of event items into bus entries. In AWS this is the enrichment
 * step of the EventBridge Pipe (stream → bus); locally the stream relay calls the same function.
 * Records that are not new event items are dropped (the Pipe's filter already keeps only those).
 */
export function toBusDetails(records: readonly DynamoDBRecord[]): BusDetail[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?.entity?.S !== 'event') return [];
    const ticketId = image.ticketId?.S;
    const body = image.body?.S;
    if (!ticketId || !body) return [];
    return [{ ticketId, seq: Number(image.seq?.N), type: image.type?.S ?? '', event: JSON.parse(body) }];
  });
}

/** Pipe enrichment: a batch of stream records in, the bus details out (one per event item). */
export const handler = taskHandler(async (records: DynamoDBRecord[]) => toBusDetails(records));
