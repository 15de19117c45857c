import type { ReportTally } from '../adapters/ticket-repository.ts';
import { shanghaiDateOf } from '../domain/calendar/index.ts';
import { countedSupervision, type EventOf } from '../domain/ticket/index.ts';
import type { BusDetail } from './bus-detail.ts';
import { changeUnlessSettled } from './change-ticket.ts';
import type { AppContext } from './context.ts';
import { requesterKey } from './requester-key.ts';
import { WORKFLOW_ACTOR } from './timers.ts';

const DAY_MS = 86_400_000;

/** The tallies a report counts in (AH:20(六)): everyone's on its matter, and its requester's when known. */
function reportTallies(
  matter: { regionId?: string | undefined; category: string },
  requesterKey: string | undefined,
): ReportTally[] {
  const everyone: ReportTally = { regionId: matter.regionId, category: matter.category };
  return requesterKey ? [everyone, { ...everyone, requesterKey }] : [everyone];
}

/** The first day of the window AH:20(六)'s reports are counted in, for a report on `now`. */
function reportWindowStart(rt: AppContext, now: Date): string {
  return shanghaiDateOf(new Date(now.getTime() - rt.policy.supervision.concentrationWindowDays * DAY_MS));
}

/**
 * The keyed hash of a ticket's requester's phone number, none for an anonymous request (which keeps
 * no number). A system read of the number, not a person's: no read is audited.
 */
async function requesterKeyOf(rt: AppContext, ticketId: string): Promise<string | undefined> {
  const { phone } = await rt.tickets.personalData(ticketId);
  return phone ? requesterKey(phone, await rt.requesterHashKey()) : undefined;
}

/** Refusals that mean the supervision is there already, or the ticket has moved past it. */
const SETTLED = new Set(['supervision.alreadyOpen', 'openSupervision.wrongStatus']);

export type CountOutcome =
  | { outcome: 'counted'; sameRequester: number; sameMatter: number; opened: string[] }
  | { outcome: 'countedAtIntake' };

/**
 * Counts a registration in the reports' tallies (AH:20(六)), exactly once and in sequence: each
 * report takes its place as if reports came one after another, however many arrive at once. Then
 * opens, through the decider, the supervision that count calls for (a requester's 3rd report on a
 * matter, the 5th person's): intake registers with none counted (`priorReports` on the event, what
 * it decided on), so what it opened is not opened again.
 * The bus brings it every TicketRegistered; a redelivered one answers the counts of the first, and
 * the decider refuses a supervision already open.
 */
export async function countReports(rt: AppContext, detail: BusDetail): Promise<CountOutcome> {
  const registered = detail.event as unknown as EventOf<'TicketRegistered'>;
  // Registered before the counting moved to the stream: intake counted it itself.
  if (!registered.priorReports) return { outcome: 'countedAtIntake' };
  const at = new Date(registered.at);
  const [sameMatter = 0, sameRequester = 0] = await rt.tickets.countReportOnce(
    detail.ticketId,
    reportTallies(registered, await requesterKeyOf(rt, detail.ticketId)),
    shanghaiDateOf(at),
    reportWindowStart(rt, at),
  );
  const atIntake = countedSupervision(registered.priorReports, registered.repeatOf, rt.policy);
  const missed = countedSupervision({ sameRequester, sameMatter }, registered.repeatOf, rt.policy).filter(
    (s) => !atIntake.some((o) => o.reason === s.reason),
  );
  const opened: string[] = [];
  for (const { reason, note } of missed) {
    const change = await changeUnlessSettled(
      rt,
      {
        ticketId: detail.ticketId,
        command: { action: 'openSupervision', reason, note },
        actor: WORKFLOW_ACTOR,
      },
      SETTLED,
    );
    if (!('settled' in change)) opened.push(reason);
  }
  return { outcome: 'counted', sameRequester, sameMatter, opened };
}
