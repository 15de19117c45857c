import { z } from '../zod.ts';
import { type AnyCommandSchema, everyCommandSchema } from './commands.ts';

/**
 * Every command as one discriminated union: for the OpenAPI document and for callers that take any
 * command. It builds every command's schema, so a function that knows the action it parses asks
 * `commandSchemaFor` instead.
 */
export const commandSchema = z.discriminatedUnion(
  'action',
  everyCommandSchema() as [AnyCommandSchema, ...AnyCommandSchema[]],
);
