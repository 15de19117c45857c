import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { decodeState } from '../adapters/state-codec.ts';
import type { BusDetail, ClocksEndedDetail } from '../app/bus-detail.ts';
import { taskHandler } from '../shared/task-handler.ts';

export type BusEntry =
  | { detailType: string; detail: BusDetail }
  | { detailType: 'ClocksEnded'; detail: ClocksEndedDetail };

function clockIdsOf(image: Record<string, AttributeValue> | undefined): string[] {
  const state = image?.state?.B as Uint8Array | string | undefined;
  if (!state) return [];
  return Object.values(decodeState(state).clocks).flatMap((c) => (c ? [c.id] : []));
}

/**
 * Turns the table's stream records into bus entries. In AWS this is the enrichment step of the
 * EventBridge Pipe (stream → bus); locally the stream relay calls the same function.
 * - a new event item → one entry, detail-type = the event's type;
 * - a ticket state whose running clocks shrank → one `ClocksEnded` entry naming the ended clocks.
 * Anything else is dropped (the Pipe's filter already keeps only those two kinds).
 */
export function toBusEntries(records: readonly DynamoDBRecord[]): BusEntry[] {
  return records.flatMap((record): BusEntry[] => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName === 'INSERT' && image?.entity?.S === 'event') {
      const ticketId = image.ticketId?.S;
      const body = image.body?.S;
      if (!ticketId || !body) return [];
      const type = image.type?.S ?? '';
      return [
        { detailType: type, detail: { ticketId, seq: Number(image.seq?.N), type, event: JSON.parse(body) } },
      ];
    }
    if (record.eventName === 'MODIFY' && image?.entity?.S === 'ticket') {
      const now = new Set(clockIdsOf(image));
      const ended = clockIdsOf(record.dynamodb?.OldImage).filter((id) => !now.has(id));
      const ticketId = image.pk?.S?.replace(/^TICKET#/, '');
      const [first, ...rest] = ended;
      if (!ticketId || !first) return [];
      return [
        {
          detailType: 'ClocksEnded',
          detail: { ticketId, version: Number(image.version?.N), clockIds: [first, ...rest] },
        },
      ];
    }
    return [];
  });
}

/** Pipe enrichment: a batch of stream records in, the bus entries out. */
export const handler = taskHandler(async (records: DynamoDBRecord[]) => toBusEntries(records));
