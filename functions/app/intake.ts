import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { shanghaiDateOf, toShanghaiIso } from '../domain/calendar/index.ts';
import { channelSchema } from '../domain/policy/index.ts';
import { decide, evolve, registerCommand, TICKET_STATUSES, type Ticket } from '../domain/ticket/index.ts';
import { metrics } from '../shared/powertools.ts';
import type { AppContext } from './context.ts';
import { ChannelNotAllowedError, UnknownChannelError } from './errors.ts';

/** What a channel posts: a registration without the fields intake works out itself. */
export const intakeBodySchema = registerCommand.omit({ action: true, priorReports: true }).extend({
  channel: channelSchema.optional(),
});
export type IntakeBody = z.output<typeof intakeBodySchema>;

export const intakeResultSchema = z
  .strictObject({
    id: z.uuid(),
    ticketNo: z.string().regex(/^\d{14}$/),
    queryCode: z
      .string()
      .meta({ description: 'told to the requester, with the number, to follow the ticket' }),
    status: z.enum(TICKET_STATUSES),
  })
  .meta({ id: 'IntakeResult' });
export type IntakeResult = z.infer<typeof intakeResultSchema>;

const DAY_MS = 86_400_000;
/** Letters and digits that cannot be mistaken for each other when read out on the phone. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function queryCode(): string {
  return [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** The number without China's country code (+86, 0086 or 86 before an 11-digit mobile number). */
function nationalNumber(phone: string): string {
  return phone.replace(/^\+/, '').replace(/^(00)?86(?=1\d{10}$)/, '');
}

/** Keyed hash of a phone number: finds a requester's repeats without storing the number in a key. */
export function requesterKey(phone: string, secret: string): string {
  return createHmac('sha256', secret).update(nationalNumber(phone)).digest('base64url');
}

/**
 * An anonymous request keeps no personal data: a name or phone sent with it is dropped before
 * anything is decided or stored (the README and the OpenAPI description say so).
 */
function withoutPersonalDataIfAnonymous(requester: IntakeBody['requester']): IntakeBody['requester'] {
  if (!requester.anonymous) return requester;
  return { anonymous: true, confidential: requester.confidential };
}

/**
 * Registers a ticket from a channel:
 * 1. the channel key must be known, and the channel one it may post for;
 * 2. the decider checks the request can be registered at all;
 * 3. earlier requests of the same requester and on the same matter are counted (AH:20(六)) while the
 *    ticket gets its number;
 * 4. the decider registers it, opening supervision where the counts say so;
 * 5. it is stored with its events, a query code and the requester's data apart.
 */
export async function registerTicket(
  rt: AppContext,
  channelKeyId: string,
  body: IntakeBody,
): Promise<IntakeResult> {
  const entry = await rt.channel(channelKeyId);
  if (!entry) throw new UnknownChannelError();
  const channel = body.channel ?? entry.channels[0];
  if (!channel || !entry.channels.includes(channel))
    throw new ChannelNotAllowedError(entry.channels, channel);
  const now = rt.now();
  const since = toShanghaiIso(
    new Date(now.getTime() - rt.policy.supervision.concentrationWindowDays * DAY_MS),
  );
  const key =
    body.requester.phone && !body.requester.anonymous
      ? requesterKey(body.requester.phone, await rt.requesterHashKey())
      : undefined;
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
    actor: { id: channelKeyId, role: 'channel' },
    newTicketId: id,
    directory: await rt.directoryLookup.lookup({
      categories: [body.category],
      regions: body.regionId ? [body.regionId] : [],
    }),
  };
  // Whether the registration is accepted does not depend on the counts: decide once without them,
  // so that a refusal costs no ticket number, and then count and number the ticket at the same time.
  decide(null, { ...command, priorReports: { sameRequester: 0, sameMatter: 0 } }, ctx);
  const [sameRequester, sameMatter, ticketNo] = await Promise.all([
    key ? rt.tickets.countByRequester(key, since) : 0,
    rt.tickets.countSameMatter(body.regionId, body.category, since),
    rt.tickets.nextTicketNo(shanghaiDateOf(now)),
  ]);
  const events = decide(null, { ...command, priorReports: { sameRequester, sameMatter } }, ctx);
  const ticket = events.reduce<Ticket | null>(evolve, null) as Ticket;
  const code = queryCode();
  await rt.tickets.create(
    ticket,
    events,
    { ticketNo, queryCode: code, requesterKey: key },
    command.requester,
  );
  const received = metrics.singleMetric();
  received.addDimensions({ channel, type: body.type });
  received.addMetric('TicketsReceived', MetricUnit.Count, 1);
  return { id, ticketNo, queryCode: code, status: ticket.status };
}
