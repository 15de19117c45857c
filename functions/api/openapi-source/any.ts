import { buildOpenApi } from '../openapi-document.ts';
import { loadOpenApiDocument as readBundled } from './bundled.ts';

/**
 * The OpenAPI document wherever the code runs but in a Lambda bundle (`#openapi-source`'s default):
 * the file OPENAPI_FILE names, else built from the zod schemas (the local runtime).
 */
export function loadOpenApiDocument(file: string | undefined): unknown {
  return file ? readBundled(file) : buildOpenApi();
}
