import { readFileSync } from 'node:fs';
import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/request.ts';
import { optionalEnv } from '../shared/config.ts';

/**
 * The document. In AWS it is built from the zod schemas when the app synthesizes and bundled as a
 * file (`OPENAPI_FILE`): the function neither builds it at cold start nor carries zod's JSON Schema
 * generator. Run locally, it is built here (the import is taken only on that path).
 */
const documentFile = optionalEnv('OPENAPI_FILE');
const document: unknown = documentFile
  ? JSON.parse(readFileSync(documentFile, 'utf8'))
  : (await import('./openapi-document.ts')).buildOpenApi();

/** GET /openapi.json — the OpenAPI 3.1 document of this API. */
export const handler = apiHandler(async () => json(200, document, { 'cache-control': 'max-age=300' }));
