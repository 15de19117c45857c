import { z } from 'zod';
import { CENTRE_QUEUES } from '../domain/queues/index.ts';
import { TICKET_STATUSES, UNIT_LEVELS } from '../domain/ticket/index.ts';

/**
 * GET /v1/queues/{queue}: the schemas the handler parses and answers with, and the OpenAPI
 * document describes (functions/api/queue-openapi.ts).
 */
export const QUEUE_PATHS = [...CENTRE_QUEUES, 'inbox'] as const;

export const queuePathSchema = z.object({
  queue: z.enum(QUEUE_PATHS).meta({
    description:
      'the work queue: intake (received, not dispatched), returns, extensions, reviews, callbacks, overdue, supervised, escalated, merged (main tickets with duplicates), or inbox (a unit’s tickets, lead and co-unit)',
  }),
});

const id = (description: string) => z.string().min(1).max(64).optional().meta({ description });
export const queueQuerySchema = z.object({
  unit: id('the unit whose inbox to list (queue `inbox`); a unit’s staff default to their own'),
  region: id('only tickets of this region'),
  category: id('only tickets of this category'),
  class: id('only tickets of this class (PDS:8)'),
  level: z.enum(UNIT_LEVELS).optional().meta({ description: 'only tickets dispatched at this level' }),
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'page size' }),
  cursor: z.string().min(1).max(2000).optional().meta({ description: 'the `cursor` of the previous page' }),
});

const instant = z.string().meta({ description: 'ISO-8601 instant, e.g. 2026-12-14T09:00:00+08:00' });
export const queueItemSchema = z
  .strictObject({
    id: z.uuid(),
    ticketNo: z.string(),
    status: z.enum(TICKET_STATUSES),
    type: z.string(),
    category: z.string(),
    regionId: z.string().optional(),
    classId: z.string().optional(),
    level: z.enum(UNIT_LEVELS).optional(),
    priority: z.string(),
    receivedAt: instant,
    dueAt: instant.nullable().meta({ description: 'the deadline this queue sorts by (null: none runs)' }),
    provisional: z.boolean().meta({ description: 'the deadline relied on a provisional calendar year' }),
    overdue: z.boolean(),
    verified: z.boolean().meta({ description: 'false: verification pending before dispatch (AH:11)' }),
    supervised: z.boolean(),
    escalated: z.boolean(),
    leadUnit: z.string().optional(),
    standing: z
      .enum(['lead', 'coUnit'])
      .optional()
      .meta({ description: 'on an inbox: lead unit or co-unit' }),
    callbackAttempts: z.number().int().min(0),
    lastAttemptAt: instant.optional(),
    nextAttemptAt: instant.optional().meta({
      description: 'callbacks: the earliest moment the next attempt may be made (PDS:17: the policy’s gap)',
    }),
    extensionPending: z.boolean(),
    duplicates: z.number().int().min(0).meta({ description: 'tickets merged into this one (并单)' }),
  })
  .meta({ id: 'QueueItem' });

export const queuePageSchema = z
  .strictObject({
    queue: z.string().meta({ description: 'the queue read, e.g. `intake` or `unit:U1`' }),
    items: z.array(queueItemSchema),
    cursor: z.string().nullable().meta({
      description:
        'the next page, or null at the end; a filtered page may hold fewer than `limit` items and still have a next page',
    }),
  })
  .meta({ id: 'QueuePage' });
