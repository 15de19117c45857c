import { readFileSync } from 'node:fs';

/**
 * The OpenAPI document in a Lambda bundle (`#openapi-source` under the `hotline-lambda` condition):
 * the file synthesis built and bundled (OPENAPI_FILE), read as it is. Neither the document's
 * generator nor the schemas it is generated from are in the bundle, so a cold start builds none.
 */
export function loadOpenApiDocument(file: string | undefined): unknown {
  if (!file) throw new Error('OPENAPI_FILE is required: every deployment bundles the OpenAPI document');
  return JSON.parse(readFileSync(file, 'utf8'));
}
