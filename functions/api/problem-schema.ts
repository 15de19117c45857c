import { z } from 'zod';

/**
 * Every refusal the API gives, as application/problem+json (RFC 9457): `rule` names the rule broken,
 * `basis` the article it comes from, and `errors` each bad field of a request. Other members may
 * be added (RFC 9457 allows extension members), so the object is open.
 */
export const problemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'a URI naming the kind of problem' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    rule: z.string().optional().meta({ description: 'the rule broken, e.g. `extension.tooLate`' }),
    basis: z.string().optional().meta({ description: 'the article the rule comes from, e.g. `AH:18`' }),
    errors: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'each bad field of the request and what it must be' }),
  })
  .meta({ id: 'Problem' });
