import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/request.ts';
import { buildOpenApi } from './openapi-document.ts';

const document = buildOpenApi();

/** GET /openapi.json — the OpenAPI 3.1 document of this API. */
export const handler = apiHandler(async () => json(200, document, { 'cache-control': 'max-age=300' }));
