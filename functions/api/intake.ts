import type { AppContext } from '../app/context.ts';
import {
  channelSource,
  deskSource,
  intakeBodySchema,
  type intakeResultSchema,
  prepareRegistration,
  registerTicket,
} from '../app/intake.ts';
import { channelKeyId, staffActor } from '../http/identity.ts';
import { apiHandler } from '../http/middleware.ts';
import { badRequest } from '../http/problem.ts';
import { header, jsonBody } from '../http/request.ts';
import { createRuntime } from '../runtime/runtime.ts';
import { logger } from '../shared/powertools.ts';
import { idempotencyKeySchema } from './header-schemas.ts';
import { answer } from './respond.ts';

/** The hotline desk's own intake route: agents register calls, texts, faxes and letters by staff token. */
export const DESK_INTAKE_PATH = '/v1/desk/tickets';

/**
 * POST /v1/tickets — a channel registers a citizen's request, by its API key; POST /v1/desk/tickets —
 * an agent of the hotline's desk does, by staff token. Replays of one Idempotency-Key within a day
 * return the first answer: the key's answer is stored in the ticket's own transaction.
 */
export function intakeHandler(rt: AppContext) {
  return apiHandler(async (event) => {
    // A desk agent's role is checked first. The body is parsed before the channel's key is looked
    // up, so that what it names is read with the key; its errors still come after the key's.
    const desk = event.resource === DESK_INTAKE_PATH ? deskSource(staffActor(event)) : undefined;
    const parsed = attempt(() => jsonBody(event, intakeBodySchema));
    prepareRegistration(rt, parsed.ok ? parsed.value : undefined);
    const source = desk ?? (await channelSource(rt, channelKeyId(event)));
    if (!parsed.ok) throw parsed.error;
    const body = parsed.value;
    const rawKey = header(event, 'idempotency-key');
    let key: string | undefined;
    if (rawKey !== undefined) {
      const parsed = idempotencyKeySchema().safeParse(rawKey.trim());
      if (!parsed.success)
        throw badRequest([{ field: 'Idempotency-Key', message: parsed.error.issues[0]?.message ?? '' }]);
      key = parsed.data;
    }
    const result = await registerTicket(rt, source, body, key);
    logger.debug('ticket registered', { ticketId: result.id, ticketNo: result.ticketNo });
    return answer<ReturnType<typeof intakeResultSchema>>(201, result, {
      location: `/v1/tickets/${result.id}`,
    });
  });
}

export const handler = intakeHandler(createRuntime());

/** What `run` returned, or what it threw. */
function attempt<T>(run: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}
