import type { EventBridgeEvent } from 'aws-lambda';
import { busDetailSchema } from '../app/bus-detail.ts';
import type { AppContext } from '../app/context.ts';
import { followMergeGroup } from '../app/merge-group.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

/** Rule target: an event of a merge group (并单) reaches the group's other tickets through the decider. */
export const mergeGroupHandler = (rt: AppContext) =>
  taskHandler(async (event: EventBridgeEvent<string, unknown>) => {
    const detail = busDetailSchema().parse(event.detail);
    const outcomes = await followMergeGroup(rt, detail);
    logger.debug('merge group followed', { ticketId: detail.ticketId, type: detail.type, outcomes });
    return { outcomes };
  });

export const handler = mergeGroupHandler(createRuntime());
