import { timingSafeEqual } from 'node:crypto';
import type { TicketEvent, TicketStatus } from '../domain/ticket/index.ts';
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
  status: TicketStatus;
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
 * an unknown number. Guessing is slowed without ever locking the owner out:
 * - per client: a client past its wrong codes for the hour gets 429 before any code is compared;
 * - per number: wrong codes past the number's limit for the hour get 429 instead of 404, while the
 *   right code is always compared and answered (a number's owner cannot be locked out by others'
 *   guesses; the code space of 31^8 makes guessing at any allowed rate hopeless).
 * The right code gives the client's slot back, so right look-ups never use up the hour.
 */
export async function progressOf(
  rt: AppContext,
  ticketNo: string,
  code: string,
  client: string,
): Promise<Progress> {
  const now = rt.now();
  const clientKey = `client#${client}`;
  if (!(await rt.clientGuesses.tryAcquire(clientKey, now))) {
    throw new ProgressThrottledError(
      rt.clientGuesses.retryAfterSeconds(now),
      'too many wrong query codes from this client; try again later',
    );
  }
  const stored = await rt.tickets.findByTicketNo(ticketNo);
  if (!stored || !sameCode(code, stored.queryCode)) {
    if (!(await rt.guesses.tryAcquire(ticketNo, now))) {
      throw new ProgressThrottledError(
        rt.guesses.retryAfterSeconds(now),
        'too many wrong query codes for this ticket number; try again later',
      );
    }
    throw new ProgressNotFoundError();
  }
  await rt.clientGuesses.release(clientKey, now);
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
