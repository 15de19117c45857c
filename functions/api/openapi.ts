import { loadOpenApiDocument } from '#openapi-source';
import { apiHandler } from '../http/middleware.ts';
import { json } from '../http/request.ts';
import { optionalEnv } from '../shared/config.ts';

/**
 * The document. In AWS it is built from the zod schemas when the app synthesizes and bundled as a
 * file (`OPENAPI_FILE`); `#openapi-source` (package.json `imports`) is that file alone in a Lambda
 * bundle, so the function carries neither the generator nor the schemas. Run locally, it is built
 * here.
 */
const document = loadOpenApiDocument(optionalEnv('OPENAPI_FILE'));

/** GET /openapi.json — the OpenAPI 3.1 document of this API. */
export const handler = apiHandler(async () => json(200, document, { 'cache-control': 'max-age=300' }));
