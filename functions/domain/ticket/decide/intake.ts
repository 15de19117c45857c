import type { Channel, Policy } from '../../policy/index.ts';
import { startClock } from '../clocks.ts';
import type { CommandOf } from '../commands.ts';
import { type DecideContext, stamp } from '../context.ts';
import { ensure, ensureField } from '../errors.ts';
import type { TicketEvent } from '../events.ts';
import type { PriorReports, SupervisionReason, Ticket } from '../types.ts';

/**
 * Online message channels (网络留言): an anonymous message from one of them, or one whose responsible
 * body or facts are unclear, is verified before dispatch (AH:11).
 */
const ONLINE_CHANNELS: ReadonlySet<Channel> = new Set([
  'web',
  'mayorMailbox',
  'leaderMessageBoard',
  'wechat',
  'app',
  'govServicePlatform',
  'weibo',
]);

/**
 * The supervision AH:20(六) calls for on a report with `prior` earlier reports in the window: a
 * requester's third report on a matter (or later), and the fifth person's (or later) on one matter
 * (以上 includes the number). Repeats are the same requester on the same matter (RULES §10); a link
 * the agent makes to an earlier ticket counts that ticket when the count missed it.
 */
export function countedSupervision(
  prior: PriorReports,
  repeatOf: string | undefined,
  policy: Policy,
): { reason: 'repeated' | 'concentrated'; note: string }[] {
  const { repeatCount, concentrationCount } = policy.supervision;
  const repeats = Math.max(prior.sameRequester, repeatOf ? 1 : 0) + 1;
  const reports = prior.sameMatter + 1;
  return [
    ...(repeats >= repeatCount
      ? [
          {
            reason: 'repeated' as const,
            note: `the requester has raised this matter ${repeats} times (AH:20(六))`,
          },
        ]
      : []),
    ...(reports >= concentrationCount
      ? [
          {
            reason: 'concentrated' as const,
            note: `${reports} requests on the same matter (AH:20(六))`,
          },
        ]
      : []),
  ];
}

export function register(cmd: CommandOf<'register'>, ctx: DecideContext): TicketEvent[] {
  const { policy } = ctx;
  ensure(ctx.newTicketId, 'intake.idMissing', 'a new ticket needs an id');
  ensureField(
    policy.requestTypes.some((t) => t.id === cmd.type),
    'type',
    'intake.unknownType',
    `request type "${cmd.type}" is not one of ${policy.requestTypes.map((t) => t.id).join(', ')}`,
    'AH:9',
  );
  ensureField(
    policy.channels.includes(cmd.channel),
    'channel',
    'intake.channelNotOffered',
    `channel "${cmd.channel}" is not offered here`,
  );
  ensureField(
    !ctx.directory || ctx.directory.hasCategory(cmd.category),
    'category',
    'intake.unknownCategory',
    `category "${cmd.category}" is not in the dispatch catalogue`,
  );
  ensureField(
    !ctx.directory || cmd.regionId === undefined || ctx.directory.hasRegion(cmd.regionId),
    'regionId',
    'intake.unknownRegion',
    `region "${cmd.regionId}" is not in the directory`,
  );
  ensure(
    cmd.requester.anonymous || cmd.requester.phone,
    'intake.contactMissing',
    "a ticket records the requester's contact unless the request is anonymous",
    'AH:11',
  );
  const events: TicketEvent[] = [
    stamp(
      'TicketRegistered',
      {
        ticketId: ctx.newTicketId,
        channel: cmd.channel,
        requestType: cmd.type,
        category: cmd.category,
        regionId: cmd.regionId,
        content: cmd.content,
        requester: cmd.requester,
        needsVerification:
          (cmd.requester.anonymous || cmd.unclear === true) && ONLINE_CHANNELS.has(cmd.channel),
        repeatOf: cmd.repeatOf,
        subject: cmd.subject,
        priority: policy.priorities[policy.priorities.length - 1] as string,
        priorReports: cmd.priorReports,
      },
      ctx,
    ),
  ];
  const supervise = (reason: SupervisionReason, note: string) =>
    events.push(stamp('SupervisionOpened', { reason, note }, ctx));
  for (const counted of countedSupervision(cmd.priorReports, cmd.repeatOf, policy))
    supervise(counted.reason, counted.note);
  if (cmd.channel === 'upperPlatform')
    supervise('higherLevel', 'transferred from a higher-level platform (AH:20(一))');
  return events;
}

export function verify(ticket: Ticket, cmd: CommandOf<'verify'>, ctx: DecideContext): TicketEvent[] {
  ensure(!ticket.verified, 'intake.alreadyVerified', 'the ticket is already verified');
  return [stamp('TicketVerified', { note: cmd.note }, ctx, ticket)];
}

export function refuse(ticket: Ticket, cmd: CommandOf<'refuse'>, ctx: DecideContext): TicketEvent[] {
  const ground = ctx.policy.refusalGrounds.find((g) => g.ground === cmd.ground);
  ensure(
    ground,
    'refusal.groundNotInPolicy',
    `"${cmd.ground}" is not a ground for refusal under ${ctx.policy.id}`,
    'AH:10; TN:8-10; PDS:4',
  );
  ensure(
    cmd.ground !== 'emergency' || cmd.referral,
    'refusal.referralMissing',
    'an emergency is handed to the emergency line: name it in the referral',
    'AH:12(三)',
  );
  return [
    stamp(
      'TicketRefused',
      { ground: cmd.ground, basis: ground.basis, explanation: cmd.explanation, referral: cmd.referral },
      ctx,
      ticket,
    ),
  ];
}

export function answerOnSpot(
  ticket: Ticket,
  cmd: CommandOf<'answerOnSpot'>,
  ctx: DecideContext,
): TicketEvent[] {
  ensure(cmd.answer, 'answerOnSpot.answerMissing', 'an answer on the spot records what the citizen was told');
  const citations = cmd.citations?.map((c) => ({ entryId: c.entryId, version: c.version, title: c.title }));
  ensure(
    cmd.method !== 'knowledgeBase' || citations?.every((c) => c.version !== undefined),
    'answerOnSpot.citationRequired',
    'an answer from the knowledge base cites the published entries it comes from',
    'AH:12(一), AH:30',
  );
  const callback = startClock('callback', ctx.policy.callback.within, ctx.policy.callback.basis, ticket, ctx);
  return [
    stamp(
      'AnsweredOnSpot',
      { answer: cmd.answer, method: cmd.method, citations, clocks: [callback] },
      ctx,
      ticket,
    ),
  ];
}

export function flagAbuse(ticket: Ticket, cmd: CommandOf<'flagAbuse'>, ctx: DecideContext): TicketEvent[] {
  ensure(!ticket.abuseFlagged, 'abuse.alreadyFlagged', 'the ticket is already flagged', 'AH:13');
  return [stamp('AbuseFlagged', { note: cmd.note }, ctx, ticket)];
}
