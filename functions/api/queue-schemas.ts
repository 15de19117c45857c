import { CENTRE_QUEUES } from '../domain/queues/index.ts';
import { TICKET_STATUSES, UNIT_LEVELS } from '../domain/ticket/index.ts';
import { z } from '../domain/zod.ts';
import { pageFields } from './page-schema.ts';

/**
 * GET /v1/queues/{queue}: the schemas the handler parses and answers with, and the OpenAPI
 * document describes (functions/api/queue-openapi.ts).
 */
export const QUEUE_PATHS = [...CENTRE_QUEUES, 'inbox'] as const;

export const queuePathSchema = z.object({
  queue: z.enum(QUEUE_PATHS).check(
    z.meta({
      description:
        'the work queue: intake (received, not dispatched), returns, extensions, reviews, callbacks, overdue, supervised, escalated, merged (main tickets with duplicates), or inbox (a unit’s tickets, lead and co-unit)',
    }),
  ),
});

const id = (description: string) =>
  z.optional(z.string().check(z.minLength(1), z.maxLength(64))).check(z.meta({ description }));
export const queueQuerySchema = z.object({
  unit: id('the unit whose inbox to list (queue `inbox`); a unit’s staff default to their own'),
  region: id('only tickets of this region'),
  category: id('only tickets of this category'),
  class: id('only tickets of this class (PDS:8)'),
  level: z
    .optional(z.enum(UNIT_LEVELS))
    .check(z.meta({ description: 'only tickets dispatched at this level' })),
  ...pageFields,
});

const instant = z.string().check(z.meta({ description: 'ISO-8601 instant, e.g. 2026-12-14T09:00:00+08:00' }));
export const queueItemSchema = z
  .strictObject({
    id: z.uuid(),
    ticketNo: z.string(),
    status: z.enum(TICKET_STATUSES),
    type: z.string(),
    category: z.string(),
    regionId: z.optional(z.string()),
    classId: z.optional(z.string()),
    level: z.optional(z.enum(UNIT_LEVELS)),
    priority: z.string(),
    receivedAt: instant,
    dueAt: z
      .nullable(instant)
      .check(z.meta({ description: 'the deadline this queue sorts by (null: none runs)' })),
    provisional: z
      .boolean()
      .check(z.meta({ description: 'the deadline relied on a provisional calendar year' })),
    overdue: z.boolean(),
    verified: z
      .boolean()
      .check(z.meta({ description: 'false: verification pending before dispatch (AH:11)' })),
    supervised: z.boolean(),
    escalated: z.boolean(),
    leadUnit: z.optional(z.string()),
    standing: z
      .optional(z.enum(['lead', 'coUnit']))
      .check(z.meta({ description: 'on an inbox: lead unit or co-unit' })),
    callbackAttempts: z.number().check(z.int(), z.gte(0)),
    lastAttemptAt: z.optional(instant),
    nextAttemptAt: z.optional(instant).check(
      z.meta({
        description: 'callbacks: the earliest moment the next attempt may be made (PDS:17: the policy’s gap)',
      }),
    ),
    extensionPending: z.boolean(),
    duplicates: z
      .number()
      .check(z.int(), z.gte(0), z.meta({ description: 'tickets merged into this one (并单)' })),
  })
  .check(z.meta({ id: 'QueueItem' }));

export const queuePageSchema = z
  .strictObject({
    queue: z.string().check(z.meta({ description: 'the queue read, e.g. `intake` or `unit:U1`' })),
    items: z.array(queueItemSchema),
    cursor: z.nullable(z.string()).check(
      z.meta({
        description:
          'the next page, or null at the end; a filtered page may hold fewer than `limit` items and still have a next page',
      }),
    ),
  })
  .check(z.meta({ id: 'QueuePage' }));
