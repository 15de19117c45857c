import type { z } from '../domain/zod.ts';

/**
 * The errors a use case raises, each named for what went wrong, none of them knowing HTTP: the API
 * maps them to responses in one place (functions/http/problem.ts); a task lets them propagate, so
 * that Step Functions' Retry and Catch and the rules' DLQs act on them. The decider's refusals
 * (`RuleViolationError`) and the access checks' (`ForbiddenError`) come from the domain; the
 * storage port's (`VersionConflictError`, `InvalidCursorError`) from the adapters, re-exported here
 * so that a caller finds every error of a use case in one module.
 */
export {
  IdempotencyKeyBusyError,
  IdempotencyKeyTakenError,
  InvalidCursorError,
  VersionConflictError,
} from '../adapters/ticket-repository.ts';

/** One failing field of an input: where it is and which rule it breaks. */
export interface FieldError {
  field: string;
  message: string;
}

/** The failing fields of a zod error, each named by its path (`requester.phone`). */
export function fieldErrors(error: z.core.$ZodError, prefix = ''): FieldError[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: i.message,
  }));
}

/** Input that a use case cannot act on, with the failing fields. */
export class InvalidInputError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'InvalidInputError';
  }
}

/** No ticket with this id, or none the reader may know of (its existence is not confirmed). */
export class TicketNotFoundError extends Error {
  constructor(readonly ticketId: string) {
    super(`no ticket ${ticketId}`);
    this.name = 'TicketNotFoundError';
  }
}

/** No directory entry of this kind and id. */
export class DirectoryEntryNotFoundError extends Error {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`no ${kind} ${id}`);
    this.name = 'DirectoryEntryNotFoundError';
  }
}

/** An API key the directory knows no channel for. */
export class UnknownChannelError extends Error {
  readonly rule = 'channel.unknown';
  constructor() {
    super('the API key belongs to no channel');
    this.name = 'UnknownChannelError';
  }
}

/** An Idempotency-Key already answered for a request with another body. */
export class IdempotencyKeyReusedError extends Error {
  readonly rule = 'idempotency.keyReused';
  constructor() {
    super('this Idempotency-Key was used for a different request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** A channel key posting for a channel it may not post for. */
export class ChannelNotAllowedError extends Error {
  readonly rule = 'channel.notAllowed';
  constructor(
    readonly allowed: readonly string[],
    readonly channel: string | undefined,
    who = 'this key',
  ) {
    super(`${who} may post for ${allowed.join(', ')}, not ${channel}`);
    this.name = 'ChannelNotAllowedError';
  }
}

/** A progress look-up whose number and query code match no ticket (the same for either being wrong). */
export class ProgressNotFoundError extends Error {
  constructor() {
    super('no ticket with this number and query code');
    this.name = 'ProgressNotFoundError';
  }
}

/** Too many wrong query codes (of one client, or for one ticket number): wait `retryAfterSeconds`. */
export class ProgressThrottledError extends Error {
  readonly rule = 'progress.throttled';
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProgressThrottledError';
  }
}

/** No knowledge-base entry with this id (or, for the public, none published and public). */
export class KnowledgeEntryNotFoundError extends Error {
  constructor(readonly entryId: string) {
    super(`no knowledge entry ${entryId}`);
    this.name = 'KnowledgeEntryNotFoundError';
  }
}

/** Too many self-service requests from one client: it waits until the minute is over. */
export class SelfServiceThrottledError extends Error {
  readonly rule = 'selfService.throttled';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many requests from this client; try again in ${retryAfterSeconds} s`);
    this.name = 'SelfServiceThrottledError';
  }
}
