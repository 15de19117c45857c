import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { progressOf } from '../app/progress.ts';
import { apiHandler } from '../http/middleware.ts';
import { json, params } from '../http/request.ts';
import { createRuntime } from '../runtime/runtime.ts';

export const progressPathSchema = z.object({
  ticketNo: z.string().regex(/^\d{14}$/, 'a ticket number is 14 digits'),
});
export const progressQuerySchema = z.object({
  code: z.string().trim().min(1, 'the query code is required').max(32),
});

/** GET /v1/progress/{ticketNo}?code=… — a requester follows a ticket; no personal data (AH:19). */
export const progressHandler = (rt: AppContext) =>
  apiHandler(async (event) => {
    const { ticketNo } = params(event.pathParameters, progressPathSchema);
    const { code } = params(event.queryStringParameters, progressQuerySchema);
    return json(200, await progressOf(rt, ticketNo, code), { 'cache-control': 'no-store' });
  });

export const handler = progressHandler(createRuntime());
