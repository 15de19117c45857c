import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  ChannelNotAllowedError,
  DirectoryEntryNotFoundError,
  type FieldError,
  fieldErrors,
  IdempotencyKeyBusyError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  InvalidInputError,
  KnowledgeEntryNotFoundError,
  ProgressNotFoundError,
  ProgressThrottledError,
  SelfServiceThrottledError,
  TicketNotFoundError,
  UnknownChannelError,
  VersionConflictError,
} from '../app/errors.ts';
import { ForbiddenError } from '../domain/access/index.ts';
import { InvalidFieldError, RuleViolationError } from '../domain/ticket/index.ts';
import { ZodError } from '../domain/zod.ts';

/**
 * An error that only HTTP knows: a missing header, a body of the wrong media type or size, a
 * credential the request lacks. Raised by the HTTP plumbing and the handlers, never by a use case.
 */
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

export const badRequest = (errors: FieldError[]) => new InvalidInputError(errors);
export const unauthorized = (detail: string) =>
  new HttpError(401, 'Unauthorized', detail, { rule: 'auth.required' });
export const notFound = (detail: string) =>
  new HttpError(404, 'Not Found', detail, { rule: 'resource.notFound' });

const PROBLEM_TYPE = 'https://hotline.example/problems/';

function problem(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown>,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  const rule = typeof extra.rule === 'string' ? extra.rule : undefined;
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify({ type: `${PROBLEM_TYPE}${rule ?? status}`, title, status, detail, ...extra }),
  };
}

interface Known {
  status: number;
  title: string;
  detail: string;
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const withBasis = (basis: string | undefined) => (basis ? { basis } : {});

/** What an error the API knows answers; undefined for anything unexpected. */
function known(error: unknown): Known | undefined {
  if (error instanceof HttpError)
    return { status: error.status, title: error.title, detail: error.message, extra: error.extra };
  if (error instanceof InvalidInputError || error instanceof ZodError) {
    const invalid = error instanceof InvalidInputError ? error : new InvalidInputError(fieldErrors(error));
    return {
      status: 400,
      title: 'Bad Request',
      detail: invalid.message,
      extra: { rule: 'request.invalid', errors: invalid.errors },
    };
  }
  if (error instanceof InvalidCursorError) {
    return {
      status: 400,
      title: 'Bad Request',
      detail: error.message,
      extra: { rule: 'request.invalid', errors: [{ field: 'cursor', message: error.message }] },
    };
  }
  if (error instanceof UnknownChannelError || error instanceof ChannelNotAllowedError)
    return { status: 403, title: 'Forbidden', detail: error.message, extra: { rule: error.rule } };
  if (error instanceof ForbiddenError) {
    return {
      status: 403,
      title: 'Forbidden',
      detail: error.message,
      extra: { rule: error.reason, ...withBasis(error.basis) },
    };
  }
  if (
    error instanceof TicketNotFoundError ||
    error instanceof DirectoryEntryNotFoundError ||
    error instanceof ProgressNotFoundError ||
    error instanceof KnowledgeEntryNotFoundError
  )
    return { status: 404, title: 'Not Found', detail: error.message, extra: { rule: 'resource.notFound' } };
  // Before RuleViolationError, which it extends: an unknown value is bad input, not a state conflict.
  if (error instanceof InvalidFieldError) {
    return {
      status: 400,
      title: 'Bad Request',
      detail: `${error.field}: ${error.message}`,
      extra: {
        rule: error.rule,
        ...withBasis(error.basis),
        errors: [{ field: error.field, message: error.message }],
      },
    };
  }
  if (error instanceof RuleViolationError) {
    return {
      status: 409,
      title: 'Conflict',
      detail: error.message,
      extra: { rule: error.rule, ...withBasis(error.basis) },
    };
  }
  if (error instanceof IdempotencyKeyReusedError)
    return { status: 409, title: 'Conflict', detail: error.message, extra: { rule: error.rule } };
  if (error instanceof IdempotencyKeyBusyError)
    return {
      status: 409,
      title: 'Conflict',
      detail: `${error.message}: send it again with the same key for its answer`,
      extra: { rule: 'idempotency.keyBusy' },
    };
  if (error instanceof VersionConflictError) {
    return {
      status: 409,
      title: 'Conflict',
      detail: `${error.message}: read it again and retry`,
      extra: { rule: 'version.conflict' },
    };
  }
  if (error instanceof ProgressThrottledError || error instanceof SelfServiceThrottledError) {
    return {
      status: 429,
      title: 'Too Many Requests',
      detail: error.message,
      extra: { rule: error.rule },
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  return undefined;
}

/**
 * Maps every error to a response, in this one place and by its class: bad input 400 with its fields,
 * refusals of access 403, unknown resources 404, rule refusals and version conflicts 409, too many
 * guesses 429. Anything unexpected is a 500 that says nothing of its cause.
 */
export function toProblem(error: unknown): { response: APIGatewayProxyResult; unexpected: boolean } {
  const answer = known(error);
  if (answer) {
    return {
      response: problem(answer.status, answer.title, answer.detail, answer.extra ?? {}, answer.headers),
      unexpected: false,
    };
  }
  return {
    response: problem(500, 'Internal Server Error', 'The request could not be completed.', {}),
    unexpected: true,
  };
}
