import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ForbiddenError, isAllowed, parseRole } from '../domain/access/index.ts';
import { shanghaiDateOf } from '../domain/calendar/index.ts';
import { onFirstUse } from '../domain/on-first-use.ts';
import { type Channel, channelSchema } from '../domain/policy/index.ts';
import {
  type Actor,
  commandSchemaFor,
  decideRegistration,
  evolve,
  TICKET_STATUSES,
  type Ticket,
} from '../domain/ticket/index.ts';
import { z } from '../domain/zod.ts';
import { metrics } from '../shared/powertools.ts';
import type { AppContext } from './context.ts';
import type { NamedIds } from './directory-lookup.ts';
import {
  ChannelNotAllowedError,
  IdempotencyKeyBusyError,
  IdempotencyKeyReusedError,
  IdempotencyKeyTakenError,
  UnknownChannelError,
} from './errors.ts';

/** What a channel posts: a registration without the fields intake works out itself. */
export const intakeBodySchema = z.extend(
  z.omit(commandSchemaFor('register'), { action: true, priorReports: true }),
  { channel: z.optional(channelSchema) },
);
export type IntakeBody = z.output<typeof intakeBodySchema>;

/** What intake answers (built on first use: the function parses with it only to replay an answer). */
export const intakeResultSchema = onFirstUse(() =>
  z
    .strictObject({
      id: z.uuid(),
      ticketNo: z.string().check(z.regex(/^\d{14}$/)),
      queryCode: z
        .string()
        .check(z.meta({ description: 'told to the requester, with the number, to follow the ticket' })),
      status: z.enum(TICKET_STATUSES),
    })
    .check(z.meta({ id: 'IntakeResult' })),
);
export type IntakeResult = z.infer<ReturnType<typeof intakeResultSchema>>;

/** Letters and digits that cannot be mistaken for each other when read out on the phone. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function queryCode(): string {
  return [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** How long an Idempotency-Key's answer is kept: replays within a day get the first answer. */
const IDEMPOTENCY_SECONDS = 86_400;
/** A request whose key another request is storing at the same moment tries again: how often, how long. */
const KEY_BUSY_RETRIES = 20;
const KEY_BUSY_WAIT_MS = 50;

/**
 * Asks at once for what a registration reads besides its channel: the directory entries the body
 * names (when it parsed) and a block of the day's ticket numbers, which `registerTicket` then finds
 * at hand or on their way. Asked for in the same turn as the channel's key, the entries go out with
 * it in one read (DirectoryRepository), so a cold instance waits for one round trip before its
 * transaction instead of three. Never fails: a read that fails here is asked for again, and fails,
 * where it is needed.
 */
export function prepareRegistration(rt: AppContext, body: IntakeBody | undefined): void {
  void Promise.allSettled([
    body && rt.directoryLookup.lookup(namedBy(body)),
    rt.tickets.reserveNumbers(shanghaiDateOf(rt.now())),
  ]);
}

/** The directory entries a registration names. */
function namedBy(body: IntakeBody): NamedIds {
  return { categories: [body.category], regions: body.regionId ? [body.regionId] : [] };
}

/** Who registers a request, and for which channels it may. */
export interface IntakeSource {
  /** The actor the ticket's first events name. */
  actor: { id: string; role: string };
  channels: readonly Channel[];
  /** What the Idempotency-Keys of this source are kept under (one source's keys never meet another's). */
  idempotencyScope: string;
  /** How a refusal names it: "this key", "the hotline desk". */
  who: string;
}

/** A channel system (portal, app, platform), by the API key API Gateway checked. */
export async function channelSource(rt: AppContext, channelKeyId: string): Promise<IntakeSource> {
  const entry = await rt.channel(channelKeyId);
  if (!entry) throw new UnknownChannelError();
  return {
    actor: { id: channelKeyId, role: 'channel' },
    channels: entry.channels,
    idempotencyScope: channelKeyId,
    who: 'this key',
  };
}

/**
 * The channels the hotline's own desk takes requests from (AH:2,9; PDS:3): calls, text messages,
 * faxes and letters. Online channels post through their own systems' keys.
 */
export const DESK_CHANNELS: readonly Channel[] = ['phone', 'sms', 'fax', 'letter'];

/** The hotline's own desk: an agent (话务员), by staff token, registering what a call or letter brings. */
export function deskSource(actor: Actor): IntakeSource {
  const role = parseRole(actor.role);
  if (!role || !isAllowed(role, 'register'))
    throw new ForbiddenError('role.notAllowed', `a ${actor.role} may not register a request`);
  return {
    actor: { id: actor.id, role: actor.role },
    channels: DESK_CHANNELS,
    idempotencyScope: `desk:${actor.id}`,
    who: 'the hotline desk',
  };
}

/** The same body hashes the same whatever the order of its fields. */
function payloadHash(body: IntakeBody): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('base64url');
}

/**
 * An anonymous request keeps no personal data: a name or phone sent with it is dropped before
 * anything is decided or stored (the README and the OpenAPI description say so).
 */
function withoutPersonalDataIfAnonymous(requester: IntakeBody['requester']): IntakeBody['requester'] {
  if (!requester.anonymous) return requester;
  return { anonymous: true, confidential: requester.confidential };
}

/** What intake registers a ticket with: the stream counts its report (count-reports.ts). */
const NONE_COUNTED = { sameRequester: 0, sameMatter: 0 } as const;

/**
 * Registers a ticket from a channel:
 * 1. the channel key must be known, and the channel one it may post for;
 * 2. the decider registers it (a refusal costs no number);
 * 3. the ticket takes its number (most from the instance's block, without a write);
 * 4. one transaction stores it with its events, a query code, the requester's data apart, and the
 *    answer to its Idempotency-Key, on condition that the key is free. A key answered already gives
 *    back its first answer (409 for another body); one that a concurrent request is storing at that
 *    moment is tried again until that answer is there.
 * Repeats and reports on the same matter (AH:20(六)) are counted on the stream, once per stored
 * ticket and in sequence, and their supervision opened there through the decider (count-reports.ts):
 * intake registers with none counted. One DynamoDB round trip, two when the block of numbers is used
 * up (on a cold instance the reads run beside the channel's lookup: `prepareRegistration`).
 */
export async function registerTicket(
  rt: AppContext,
  source: IntakeSource,
  body: IntakeBody,
  idempotencyKey?: string,
): Promise<IntakeResult> {
  const channel = body.channel ?? source.channels[0];
  if (!channel || !source.channels.includes(channel))
    throw new ChannelNotAllowedError(source.channels, channel, source.who);
  const now = rt.now();
  const day = shanghaiDateOf(now);
  const id = randomUUID();
  const command = {
    ...body,
    requester: withoutPersonalDataIfAnonymous(body.requester),
    action: 'register' as const,
    channel,
  };
  const ctx = {
    policy: rt.policy,
    calendar: rt.calendar,
    now,
    actor: source.actor,
    newTicketId: id,
    directory: await rt.directoryLookup.lookup(namedBy(body)),
  };
  const events = decideRegistration(null, { ...command, priorReports: NONE_COUNTED }, ctx);
  const idempotency = idempotencyKey
    ? {
        key: `${source.idempotencyScope}#${idempotencyKey}`,
        payloadHash: payloadHash(body),
        expiration: Math.floor(Date.now() / 1000) + IDEMPOTENCY_SECONDS,
      }
    : undefined;
  const ticketNo = await rt.tickets.nextTicketNo(day);
  const ticket = events.reduce<Ticket | null>(evolve, null) as Ticket;
  const answer = { id, ticketNo, queryCode: queryCode(), status: ticket.status };
  const record = { ticketNo, queryCode: answer.queryCode };
  try {
    await storeWhileKeyBusy(() =>
      rt.tickets.create(ticket, events, record, command.requester, idempotency && { ...idempotency, answer }),
    );
  } catch (error) {
    if (!(error instanceof IdempotencyKeyTakenError)) throw error;
    if (error.record.payloadHash !== idempotency?.payloadHash) throw new IdempotencyKeyReusedError();
    return intakeResultSchema().parse(error.record.answer);
  }
  const received = metrics.singleMetric();
  received.addDimensions({ channel, type: body.type });
  received.addMetric('TicketsReceived', MetricUnit.Count, 1);
  return answer;
}

/** Stores, trying again while a concurrent request with the same key holds it (until its answer is there). */
async function storeWhileKeyBusy(store: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await store();
    } catch (error) {
      if (!(error instanceof IdempotencyKeyBusyError) || attempt >= KEY_BUSY_RETRIES) throw error;
      await new Promise((r) => setTimeout(r, KEY_BUSY_WAIT_MS * (1 + Math.random())));
    }
  }
}
