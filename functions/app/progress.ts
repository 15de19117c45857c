import { timingSafeEqual } from 'node:crypto';
import type { TicketEvent } from '../domain/ticket/index.ts';
import type { AppContext } from './context.ts';
import { ProgressNotFoundError, ProgressThrottledError } from './errors.ts';

/** The steps a requester sees (AH:19); nothing about people, units' staff or notes. */
const PUBLIC_STEPS: Partial<Record<TicketEvent['type'], string>> = {
  TicketRegistered: 'received',
  TicketRefused: 'notAccepted',
  AnsweredOnSpot: 'answered',
  TicketDispatched: 'dispatched',
  TicketRedispatched: 'dispatched',
  TicketSigned: 'accepted',
  ReturnApproved: 'beingRedispatched',
  ExtensionApproved: 'extended',
  DeadlineSet: 'deadlineSet',
  UnitReplied: 'replied',
  ReplyApproved: 'completed',
  ReworkOrdered: 'beingReworked',
  SatisfactionRecorded: 'evaluated',
  TicketArchived: 'archived',
};

export interface Progress {
  ticketNo: string;
  status: string;
  type: string;
  receivedAt: string;
  deadline: { at: string; provisional: boolean } | null;
  refusal?: { basis: string; explanation: string; referral?: { body: string; contact?: string } } | undefined;
  steps: { step: string; at: string; deadline?: string }[];
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a.toUpperCase());
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A requester's look-up by ticket number and query code (AH:19). A wrong code is "not found", like
 * an unknown number; after 10 wrong codes for one number in an hour, 429 until the hour is over.
 */
export async function progressOf(rt: AppContext, ticketNo: string, code: string): Promise<Progress> {
  const now = rt.now();
  if (!(await rt.guesses.tryAcquire(ticketNo, now))) throw new ProgressThrottledError();
  const stored = await rt.tickets.findByTicketNo(ticketNo);
  if (!stored || !sameCode(code, stored.queryCode)) throw new ProgressNotFoundError();
  await rt.guesses.release(ticketNo, now);
  const { ticket } = stored;
  const history = await rt.tickets.events(ticket.id, 200);
  const handling = ticket.clocks.handling;
  return {
    ticketNo,
    status: ticket.status,
    type: ticket.type,
    receivedAt: ticket.receivedAt,
    deadline: handling ? { at: handling.deadline, provisional: handling.provisional } : null,
    refusal: ticket.refusal && {
      basis: ticket.refusal.basis,
      explanation: ticket.refusal.explanation,
      referral: ticket.refusal.referral,
    },
    steps: history.items.flatMap((e) => {
      const step = PUBLIC_STEPS[e.type];
      if (!step) return [];
      const clock = 'clocks' in e ? e.clocks.find((c) => c.kind === 'handling') : undefined;
      return [{ step, at: e.at, ...(clock ? { deadline: clock.deadline } : {}) }];
    }),
  };
}
