import type { APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import { json } from '../http/request.ts';

/**
 * A JSON answer typed by the schema the OpenAPI document gives for it: a handler cannot answer a
 * shape the document does not describe without the build failing (the contract test checks the
 * same at run time).
 */
export function answer<S extends z.ZodType>(
  _schema: S,
  statusCode: number,
  body: z.input<S>,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return json(statusCode, body, headers);
}
