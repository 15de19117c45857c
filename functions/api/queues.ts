import type { AppContext } from '../app/context.ts';
import { listQueue } from '../app/queues.ts';
import { UNIT_ROLES } from '../domain/access/index.ts';
import { type QueueName, unitQueue } from '../domain/queues/index.ts';
import { staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest } from '../http/problem.ts';
import { params } from '../http/request.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { type queuePageSchema, queuePathSchema, queueQuerySchema } from './queue-schemas.ts';
import { answer } from './respond.ts';

/**
 * GET /v1/queues/{queue}?unit=&region=&category=&class=&level=&limit=&cursor= — the work queues the
 * centre and the units work from, earliest deadline first, one index query per page.
 */
export const queuesHandler = (rt: AppContext) =>
  apiHandler(async (event) => {
    const actor = staffActor(event);
    const { queue } = params(event.pathParameters, queuePathSchema);
    const query = params(event.queryStringParameters, queueQuerySchema);
    let name: QueueName;
    if (queue === 'inbox') {
      const isUnitStaff = (UNIT_ROLES as readonly string[]).includes(actor.role);
      const unit = query.unit ?? (isUnitStaff ? actor.unitId : undefined);
      if (!unit) throw badRequest([{ field: 'unit', message: 'name the unit whose inbox to list' }]);
      name = unitQueue(unit);
    } else name = queue;
    const page = await listQueue(rt, actor, name, {
      limit: query.limit,
      cursor: query.cursor,
      filter: { regionId: query.region, category: query.category, classId: query.class, level: query.level },
    });
    return answer<typeof queuePageSchema>(200, {
      queue: name,
      items: page.items,
      cursor: page.cursor ?? null,
    });
  });

export const handler = queuesHandler(createRuntime());
