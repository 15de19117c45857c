import type { APIGatewayProxyResult } from 'aws-lambda';
import type { z } from '../domain/zod.ts';
import { json } from '../http/request.ts';

/**
 * A JSON answer typed by the schema the OpenAPI document gives for it, named as a type argument
 * (`answer<typeof ticketViewSchema>(200, view)`): a handler cannot answer a shape the document does
 * not describe without the build failing (the contract test checks the same at run time). Only the
 * schema's type is needed, so the response schemas stay out of the functions' bundles and cold
 * starts; without the type argument the body's type is `never` and nothing compiles.
 */
export function answer<S extends z.core.$ZodType = never>(
  statusCode: number,
  body: z.input<S>,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return json(statusCode, body, headers);
}
