import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { fieldErrors } from '../app/errors.ts';
import { z } from '../domain/zod.ts';
import { badRequest, HttpError } from './problem.ts';

/** Larger bodies are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A request header, whatever the case the client wrote it in. */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** The JSON body, checked for media type, size, syntax and then against `schema`. */
export function jsonBody<S extends z.core.$ZodType>(event: APIGatewayProxyEvent, schema: S): z.output<S> {
  const type = header(event, 'content-type');
  if (!type || !/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'Unsupported Media Type', 'send the body as application/json', {
      rule: 'request.mediaType',
    });
  }
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw new HttpError(413, 'Content Too Large', `the body may not exceed ${MAX_BODY_BYTES} bytes`, {
      rule: 'request.tooLarge',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw badRequest([{ field: '(body)', message: 'the body is not valid JSON' }]);
  }
  const parsed = z.safeParse(schema, data);
  if (!parsed.success) throw badRequest(fieldErrors(parsed.error));
  return parsed.data;
}

/** Path or query parameters checked against a schema; failures name the parameter. */
export function params<S extends z.core.$ZodType>(
  values: Record<string, string | undefined> | null,
  schema: S,
): z.output<S> {
  const parsed = z.safeParse(schema, values ?? {});
  if (!parsed.success) throw badRequest(fieldErrors(parsed.error));
  return parsed.data;
}

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
