import { onFirstUse } from '../domain/on-first-use.ts';
import { z } from '../domain/zod.ts';

/**
 * Header parameters of the routes, shared by the handlers that parse them and the OpenAPI document
 * that describes them; apart from the path and query parameters (query-schemas.ts), which the
 * handlers that read headers do not need. Each is built on first use: a function reads one of them.
 */

/** `If-Match: "7"`: the ETag of the ticket version a command was decided on (weak or bare accepted). */
export const ifMatchSchema = onFirstUse(() =>
  z
    .string()
    .check(
      z.regex(/^(W\/)?("\d{1,9}"|\d{1,9})$/, 'expected the ETag of the ticket, e.g. "3"'),
      z.meta({ description: 'the ETag of the ticket version the command was decided on', example: '"3"' }),
    ),
);

/** `Idempotency-Key`: replays with the same key within a day return the first answer. */
export const idempotencyKeySchema = onFirstUse(() =>
  z
    .string()
    .check(
      z.minLength(8),
      z.maxLength(128),
      z.regex(/^[\w.:-]+$/, 'letters, digits and _ . : -'),
      z.meta({ description: 'replays with this key within a day return the first answer' }),
    ),
);
