import type { EventBridgeEvent } from 'aws-lambda';
import { busDetailSchema } from '../app/bus-detail.ts';
import type { AppContext } from '../app/context.ts';
import { countReports } from '../app/count-reports.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { taskHandler } from '../shared/task-handler.ts';

/** Rule target: a registration counted in the reports' tallies, once, with the supervision it calls for (AH:20(六)). */
export const countReportsHandler = (rt: AppContext) =>
  taskHandler(async (event: EventBridgeEvent<string, unknown>) => {
    const detail = busDetailSchema().parse(event.detail);
    const counted = await countReports(rt, detail);
    logger.debug('report counted', { ticketId: detail.ticketId, ...counted });
    return counted;
  });

export const handler = countReportsHandler(createRuntime());
