import type { AppContext } from '../app/context.ts';
import { progressOf } from '../app/progress.ts';
import { apiHandler } from '../http/middleware.ts';
import { params } from '../http/request.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { progressPathSchema, progressQuerySchema } from './query-schemas.ts';
import { answer } from './respond.ts';
import type { progressSchema } from './response-schemas.ts';

/** GET /v1/progress/{ticketNo}?code=… — a requester follows a ticket; no personal data (AH:19). */
export const progressHandler = (rt: AppContext) =>
  apiHandler(async (event) => {
    const { ticketNo } = params(event.pathParameters, progressPathSchema);
    const { code } = params(event.queryStringParameters, progressQuerySchema);
    const client = event.requestContext.identity?.sourceIp ?? 'unknown';
    return answer<typeof progressSchema>(200, await progressOf(rt, ticketNo, code, client), {
      'cache-control': 'no-store',
    });
  });

export const handler = progressHandler(createRuntime());
