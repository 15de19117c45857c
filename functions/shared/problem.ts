import type { APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';
import { InvalidCursorError, VersionConflictError } from '../adapters/ticket-repository.ts';
import { ForbiddenError } from '../domain/access/index.ts';
import { RuleViolationError } from '../domain/ticket/index.ts';

/** One failing field of a request: where it is and which rule it breaks. */
export interface FieldError {
  field: string;
  message: string;
}

/** An error with an HTTP status, answered as application/problem+json (RFC 9457). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpError';
  }
}

export const badRequest = (errors: FieldError[]) =>
  new HttpError(400, 'Bad Request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    rule: 'request.invalid',
    errors,
  });
export const unauthorized = (detail: string) =>
  new HttpError(401, 'Unauthorized', detail, { rule: 'auth.required' });
export const notFound = (detail: string) =>
  new HttpError(404, 'Not Found', detail, { rule: 'resource.notFound' });

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: i.message,
  }));
}

const PROBLEM_TYPE = 'https://hotline.example/problems/';

function problem(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown>,
): APIGatewayProxyResult {
  const rule = typeof extra.rule === 'string' ? extra.rule : undefined;
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({ type: `${PROBLEM_TYPE}${rule ?? status}`, title, status, detail, ...extra }),
  };
}

/**
 * Maps every error to a response in one place. Rule refusals and version conflicts are 409, bad input
 * 400 with its fields; anything unexpected is a 500 that says nothing of its cause.
 */
export function toProblem(error: unknown): { response: APIGatewayProxyResult; unexpected: boolean } {
  const known = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) => ({
    response: problem(status, title, detail, extra),
    unexpected: false,
  });
  if (error instanceof HttpError) return known(error.status, error.title, error.message, error.extra);
  if (error instanceof z.ZodError) {
    const errors = fieldErrors(error);
    return known(400, 'Bad Request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      rule: 'request.invalid',
      errors,
    });
  }
  if (error instanceof RuleViolationError) {
    return known(409, 'Conflict', error.message, {
      rule: error.rule,
      ...(error.basis ? { basis: error.basis } : {}),
    });
  }
  if (error instanceof VersionConflictError) {
    return known(409, 'Conflict', `${error.message}: read it again and retry`, { rule: 'version.conflict' });
  }
  if (error instanceof ForbiddenError) {
    return known(403, 'Forbidden', error.message, {
      rule: error.reason,
      ...(error.basis ? { basis: error.basis } : {}),
    });
  }
  if (error instanceof InvalidCursorError) {
    return known(400, 'Bad Request', error.message, {
      rule: 'request.invalid',
      errors: [{ field: 'cursor', message: error.message }],
    });
  }
  return {
    response: problem(500, 'Internal Server Error', 'The request could not be completed.', {}),
    unexpected: true,
  };
}
