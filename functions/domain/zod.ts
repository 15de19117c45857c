import { config } from 'zod/mini';
import { en } from 'zod/v4/locales';

/**
 * The zod the functions build their schemas with: `zod/mini`, the same schemas and checks as
 * classic zod written as functions (`z.optional(s)`, `s.check(z.maxLength(200))`) instead of
 * methods. A Lambda bundle holds and sets up far less code with it: some 8 ms less at every cold
 * start than classic zod (functions/README.md, "Schemas and cold starts").
 *
 * zod/mini has no messages of its own: English is set here, once, so that a refusal names its rule
 * as classic zod's did ("Too big: expected string to have <=200 characters"). Every module that
 * builds a schema imports `z` from here, which sets it before any schema parses.
 */
config(en());

export * as z from 'zod/mini';

/** What a schema's `parse` throws (classic zod's as well as mini's): a refusal of the input. */
export { $ZodError as ZodError } from 'zod/v4/core';
