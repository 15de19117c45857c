import { toShanghaiIso } from '../calendar/index.ts';
import type { Ticket, TicketEvent } from '../ticket/index.ts';

/**
 * The indicators counted per unit and period (RULES.md §6; AH:15, 22, 25-27; PDS:26). Each is
 * a count of events; rates are computed from counts (score.ts), so that counts add up over periods.
 * Satisfaction results are kept apart; matters judged on the law are counted on their own and leave
 * the satisfaction rate (AH:25).
 */
export const INDICATORS = [
  'dispatched', // sent to the unit as lead (first dispatch or redispatch)
  'signed',
  'contacted', // the requester contacted, in the window or late
  'contactedInWindow', // AH:15
  'contactMissed', // the contact window closed without contact
  'returnsRequested', // AH:22; PDS:11
  'returnsApproved',
  'returnsRefused', // refused as improper
  'extensionsRequested', // AH:18
  'extensionsGranted',
  'extensionsRefused',
  'replied',
  'finished', // 办结: the centre approved the unit's reply
  'finishedOnTime', // 按时办结: …and the reply met the handling deadline
  'overdue',
  'sentBack', // the reply sent back for redo
  'reworked', // rework after a dissatisfied result
  'satisfied',
  'dissatisfied',
  'deemedSatisfied', // two unanswered callbacks
  'unreachable',
  'judgedOnLaw', // AH:25: rated, but outside the satisfaction rate
  'thirdPartyUnitUpheld', // PDS:18
  'thirdPartyRequesterUpheld',
  'supervised', // AH:20
  'leaderInstructed', // AH:20(一): from a higher level or with a leader's instruction
  'escalated',
  'analysisMissed', // TN:6(八): the unit's monthly analysis not sent by the due day (noted by the close)
  // Knowledge-base upkeep of the entries the unit owns (AH:26; CZ:二(六)): counted by the knowledge
  // base as it stores its events (knowledge-upkeep.ts), not from ticket events.
  'knowledgeAdded',
  'knowledgeUpdated',
  'knowledgeReviewedOnTime',
  'knowledgeReviewedLate',
  'knowledgeStale', // not reviewed by its review-by date (AH:29)
  'knowledgeCorrectionsReported',
  'knowledgeCorrectionsAnswered',
  'knowledgeCorrectionsAnsweredLate',
  'knowledgeCorrectionsOverdue', // a correction report not answered by its due time (AH:30)
  'knowledgeRetired',
] as const;
export type Indicator = (typeof INDICATORS)[number];
export type IndicatorCounts = Partial<Record<Indicator, number>>;

/**
 * The event types that add to an indicator or to the reports' daily counts (the projection's bus
 * rule listens to these only): registrations count toward the volumes.
 */
export const COUNTED_EVENT_TYPES = [
  'TicketRegistered',
  'TicketDispatched',
  'TicketRedispatched',
  'TicketSigned',
  'RequesterContacted',
  'ContactWindowMissed',
  'ReturnRequested',
  'ReturnApproved',
  'ReturnRefused',
  'ExtensionRequested',
  'ExtensionApproved',
  'ExtensionRefused',
  'UnitReplied',
  'ReplyApproved',
  'TicketOverdue',
  'ReplySentBack',
  'ReworkOrdered',
  'SatisfactionRecorded',
  'AssessmentRecorded',
  'SupervisionOpened',
  'Escalated',
] as const satisfies readonly TicketEvent['type'][];

/** One count an event adds: to `indicator` of `unit`, in the month and on the day of the event. */
export interface Contribution {
  unit: string;
  month: string;
  day: string;
  indicator: Indicator;
}

/** The Asia/Shanghai day (`YYYY-MM-DD`) of an instant. */
export function shanghaiDay(instant: string): string {
  return toShanghaiIso(new Date(instant)).slice(0, 10);
}

/**
 * What one event adds to the indicators, given the ticket just before it (`before`, null for the
 * registration). The unit is the lead unit the ticket was with when the event happened.
 */
export function contributionsOf(before: Ticket | null, event: TicketEvent): Contribution[] {
  const day = shanghaiDay(event.at);
  const month = day.slice(0, 7);
  const lead = before?.assignment?.leadUnit;
  const out: Contribution[] = [];
  const add = (indicator: Indicator, unit: string | undefined = lead) => {
    if (unit) out.push({ unit, month, day, indicator });
  };
  switch (event.type) {
    case 'TicketDispatched':
      add('dispatched', event.leadUnit);
      break;
    case 'TicketRedispatched':
      add('dispatched', event.toUnit);
      break;
    case 'TicketSigned':
      add('signed');
      break;
    case 'RequesterContacted':
      add('contacted');
      if (!event.late) add('contactedInWindow');
      break;
    case 'ContactWindowMissed':
      add('contactMissed');
      break;
    case 'ReturnRequested':
      add('returnsRequested');
      break;
    case 'ReturnApproved':
      add('returnsApproved', event.fromUnit);
      break;
    case 'ReturnRefused':
      add('returnsRefused');
      break;
    case 'ExtensionRequested':
      add('extensionsRequested');
      break;
    case 'ExtensionApproved':
      add('extensionsGranted');
      break;
    case 'ExtensionRefused':
      add('extensionsRefused');
      break;
    case 'UnitReplied':
      add('replied');
      break;
    case 'ReplyApproved':
      add('finished');
      if (before && repliedOnTime(before)) add('finishedOnTime');
      break;
    case 'TicketOverdue':
      add('overdue');
      break;
    case 'ReplySentBack':
      add('sentBack');
      break;
    case 'ReworkOrdered':
      add('reworked');
      break;
    case 'SatisfactionRecorded':
      add(event.judgedOnLaw ? 'judgedOnLaw' : event.satisfaction);
      break;
    case 'AssessmentRecorded':
      add(event.finding === 'unitUpheld' ? 'thirdPartyUnitUpheld' : 'thirdPartyRequesterUpheld');
      break;
    case 'SupervisionOpened':
      add('supervised');
      if (event.reason === 'higherLevel') add('leaderInstructed');
      break;
    case 'Escalated':
      add('escalated');
      break;
    default:
      break;
  }
  return out;
}

/** The reply being approved met the handling deadline, and the ticket was not marked overdue. */
function repliedOnTime(ticket: Ticket): boolean {
  if (ticket.overdue) return false;
  const handling = ticket.clocks.handling;
  const repliedAt = ticket.reply?.at;
  if (!handling || !repliedAt) return true;
  return Date.parse(repliedAt) <= Date.parse(handling.deadline);
}

/** Adds `more` into `into` (both counts of the same unit and period). */
export function addCounts(into: IndicatorCounts, more: IndicatorCounts): IndicatorCounts {
  for (const [k, v] of Object.entries(more) as [Indicator, number][]) into[k] = (into[k] ?? 0) + v;
  return into;
}
