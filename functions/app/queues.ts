import type { QueueEntry, QueueFilter } from '../adapters/queue-items.ts';
import { ForbiddenError } from '../domain/access/index.ts';
import { toShanghaiIso } from '../domain/calendar/index.ts';
import { type QueueName, queueRefusal } from '../domain/queues/index.ts';
import type { Actor } from '../domain/ticket/index.ts';
import type { AppContext } from './context.ts';

export interface QueueItem extends QueueEntry {
  /** On the callback queue: the earliest moment the next attempt may be made (PDS:17), if one is left. */
  nextAttemptAt?: string | undefined;
}

/**
 * One page of a work queue for one staff member:
 * 1. check the actor may read the queue (centre queues by role, unit inboxes by unit scope);
 * 2. read one page of the queue's index entries, earliest deadline first;
 * 3. on the callback queue, add when the next attempt may be made, by the policy's gap.
 */
export async function listQueue(
  rt: AppContext,
  actor: Actor,
  queue: QueueName,
  opts: { limit: number; cursor?: string | undefined; filter?: QueueFilter | undefined },
): Promise<{ items: QueueItem[]; cursor?: string | undefined }> {
  const scope = await rt.unitScope();
  const refusal = queueRefusal(actor, queue, (unit, ancestor) => scope.isWithin(unit, ancestor));
  if (refusal) throw new ForbiddenError(refusal.reason, refusal.message);
  const page = await rt.tickets.queue(queue, opts);
  if (queue !== 'callbacks') return page;
  const { attempts, minGapHours } = rt.policy.callback;
  return {
    ...page,
    items: page.items.map((entry) => {
      if (!entry.lastAttemptAt || entry.callbackAttempts >= attempts) return entry;
      const next = new Date(Date.parse(entry.lastAttemptAt) + minGapHours * 3_600_000);
      return { ...entry, nextAttemptAt: toShanghaiIso(next) };
    }),
  };
}
